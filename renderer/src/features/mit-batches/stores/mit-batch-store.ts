import { createStore, type StateCreator } from 'zustand/vanilla';
import type { MitBatch, MitBatchProgress } from '../../../../../shared/domain/mit-batch.ts';
import type { ChannelOutput } from '../../../../../shared/ipc/contract.ts';
import type { Envelope, ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';
import type { CsvFileOptions } from '../../../format/csv-file-options.ts';
import type { MitBatchCache } from '../queries/mit-batch-queries.ts';
import type { BatchFile } from '../utils/batch-file.ts';
import type { OutcomeFilter } from '../utils/outcome-filter.ts';

export type BatchAction = 'start' | 'pause' | 'resume' | 'cancel';

/** The pace the core last reported for a batch, and when this screen heard it. */
export interface HeardProgress {
  readonly rowsPerSecond: number;
  readonly etaSeconds: number | null;
  readonly heardAt: number;
}

export interface PreviewSlice {
  previewing: boolean;
  previewError: ErrorShape | null;
  preview(profileId: string, file: BatchFile): Promise<void>;
}

export interface BatchViewSlice {
  openBatchId: string | null;
  filter: OutcomeFilter;
  openBatch(batchId: string): void;
  closeBatch(): void;
  setFilter(filter: OutcomeFilter): void;
}

export interface RunSlice {
  acting: BatchAction | null;
  actionError: ErrorShape | null;
  progress: Readonly<Record<string, HeardProgress>>;
  /** Starts the open batch's charges; `confirmRows` is the count the operator confirmed. */
  start(confirmRows: number): Promise<void>;
  act(action: Exclude<BatchAction, 'start'>): Promise<void>;
  progressHeard(event: MitBatchProgress, at: number): void;
}

export interface ExportSlice {
  exporting: boolean;
  exported: ChannelOutput<'mitbatch:export'> | null;
  exportError: ErrorShape | null;
  exportResult(options: CsvFileOptions): Promise<void>;
}

export type MitBatchState = PreviewSlice & BatchViewSlice & RunSlice & ExportSlice;
type Slice<T> = StateCreator<MitBatchState, [], [], T>;

const createPreviewSlice =
  (call: CallFn, cache: MitBatchCache): Slice<PreviewSlice> =>
  (set, get) => ({
    previewing: false,
    previewError: null,
    async preview(profileId, file) {
      if (get().previewing) return;
      set({ previewing: true, previewError: null });
      const answer = await call('mitbatch:preview', { profileId, fileName: file.fileName, content: file.content });
      set({ previewing: false });
      if (!answer.ok) {
        set({ previewError: answer.error });
        return;
      }
      cache.batchChanged(answer.value.batch);
      get().openBatch(answer.value.batch.id);
    },
  });

const createBatchViewSlice: Slice<BatchViewSlice> = (set, get) => ({
  openBatchId: null,
  filter: 'all',
  openBatch(batchId) {
    if (get().openBatchId === batchId) return;
    set({ openBatchId: batchId, filter: 'all', actionError: null, exported: null, exportError: null });
  },
  closeBatch() {
    set({ openBatchId: null, actionError: null, exported: null, exportError: null });
  },
  setFilter(filter) {
    set({ filter });
  },
});

const ACTION_CHANNELS = { pause: 'mitbatch:pause', resume: 'mitbatch:resume', cancel: 'mitbatch:cancel' } as const;

const createRunSlice =
  (call: CallFn, cache: MitBatchCache, now: () => number): Slice<RunSlice> =>
  (set, get) => {
    function settle(batchId: string, answer: Envelope<MitBatch>): void {
      set({ acting: null });
      if (!answer.ok) {
        if (get().openBatchId === batchId) set({ actionError: answer.error });
        return;
      }
      cache.batchChanged(answer.value);
      // A run (re)started here is heard from now: it is not stalled before its first progress.
      set({ progress: { ...get().progress, [batchId]: { rowsPerSecond: 0, etaSeconds: null, ...get().progress[batchId], heardAt: now() } } });
    }
    return {
      acting: null,
      actionError: null,
      progress: {},
      async start(confirmRows) {
        const batchId = get().openBatchId;
        if (batchId === null || get().acting !== null) return;
        set({ acting: 'start', actionError: null });
        settle(batchId, await call('mitbatch:start', { batchId, confirmRows }));
      },
      async act(action) {
        const batchId = get().openBatchId;
        if (batchId === null || get().acting !== null) return;
        set({ acting: action, actionError: null });
        settle(batchId, await call(ACTION_CHANNELS[action], { batchId }));
      },
      progressHeard(event, at) {
        set({ progress: { ...get().progress, [event.batchId]: { rowsPerSecond: event.rowsPerSecond, etaSeconds: event.etaSeconds, heardAt: at } } });
      },
    };
  };

const createExportSlice =
  (call: CallFn): Slice<ExportSlice> =>
  (set, get) => ({
    exporting: false,
    exported: null,
    exportError: null,
    async exportResult(options) {
      const batchId = get().openBatchId;
      if (batchId === null || get().exporting) return;
      set({ exporting: true, exported: null, exportError: null });
      const answer = await call('mitbatch:export', { batchId, ...options });
      set({ exporting: false });
      if (get().openBatchId !== batchId) return;
      set(answer.ok ? { exported: answer.value } : { exportError: answer.error });
    },
  });

export function createMitBatchStore(call: CallFn, cache: MitBatchCache, now: () => number = Date.now) {
  return createStore<MitBatchState>()((...args) => ({
    ...createPreviewSlice(call, cache)(...args),
    ...createBatchViewSlice(...args),
    ...createRunSlice(call, cache, now)(...args),
    ...createExportSlice(call)(...args),
  }));
}
