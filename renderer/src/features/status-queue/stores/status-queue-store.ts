import { createStore, type StateCreator } from 'zustand/vanilla';
import type { ChannelInput } from '../../../../../shared/ipc/contract.ts';
import type { GatewayId, PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';
import { chunkIds, pruneSelection, selectAllState, toggleAll, toggleSelected, selectRange, type QueueEntry, type SelectAllState } from '../utils/selection.ts';

/** The queue can hold every pending payment of a busy day; the list is virtual, so show them all. */
export const QUEUE_LIMIT = 1000;
/** `poller:syncNow` takes at most this many payment ids per call. */
export const SYNC_BATCH = 500;

export type QueueStateFilter = 'waiting' | 'backing_off';

export interface QueueFilters {
  readonly gatewayId: GatewayId | '';
  readonly state: QueueStateFilter | '';
}

export const NO_QUEUE_FILTERS: QueueFilters = { gatewayId: '', state: '' };

export interface QueueSlice {
  filters: QueueFilters;
  entries: QueueEntry[];
  total: number;
  needsReview: number;
  phase: 'idle' | 'loading' | 'ready' | 'error';
  error: ErrorShape | null;
  /** Bumped by every load so an answer to an older filter is dropped. */
  generation: number;
  setFilters(patch: Partial<QueueFilters>): void;
  load(): Promise<void>;
  /** Many triggers (timer, events, a finished sync) become one load now and at most one after it. */
  refresh(): Promise<void>;
}

export interface SelectionSlice {
  selected: string[];
  /** The row last clicked, where a Shift+click range starts. */
  anchorId: string | null;
  toggle(id: string, extendRange?: boolean): void;
  toggleAllRows(): void;
  clearSelection(): void;
}

export interface SyncResult {
  readonly ok: boolean;
  readonly status: PaymentStatus | null;
  readonly message: string;
}

export interface SyncRun {
  readonly done: number;
  readonly total: number;
}

export interface SyncSlice {
  /** Present while a sync-now runs. */
  running: SyncRun | null;
  /** The answers of the last sync-now, by payment id, kept after the rows leave the queue. */
  results: Record<string, SyncResult>;
  lastRunIds: string[];
  syncError: ErrorShape | null;
  syncNow(paymentIds: readonly string[]): Promise<void>;
  syncSelected(): Promise<void>;
  progressReported(done: number, total: number): void;
}

export type StatusQueueState = QueueSlice & SelectionSlice & SyncSlice;

export function queueInput(filters: QueueFilters): ChannelInput<'poller:queue'> {
  const input: ChannelInput<'poller:queue'> = { limit: QUEUE_LIMIT };
  if (filters.gatewayId) input.gatewayId = filters.gatewayId;
  if (filters.state) input.state = filters.state;
  return input;
}

const createQueueSlice =
  (call: CallFn): StateCreator<StatusQueueState, [], [], QueueSlice> =>
  (set, get) => {
    let reloading: Promise<void> | null = null;
    let reloadAgain = false;
    return {
      filters: NO_QUEUE_FILTERS,
      entries: [],
      total: 0,
      needsReview: 0,
      phase: 'idle',
      error: null,
      generation: 0,
      setFilters(patch) {
        set({ filters: { ...get().filters, ...patch } });
        void get().load();
      },
      async load() {
        const generation = get().generation + 1;
        set({ generation, phase: get().phase === 'ready' ? 'ready' : 'loading' });
        const result = await call('poller:queue', queueInput(get().filters));
        if (get().generation !== generation) return;
        if (!result.ok) {
          set({ phase: 'error', error: result.error });
          return;
        }
        const { entries, total, needsReview } = result.value;
        set({ phase: 'ready', error: null, entries, total, needsReview, selected: pruneSelection(get().selected, entries) });
      },
      refresh() {
        if (reloading) {
          reloadAgain = true;
          return reloading;
        }
        reloading = (async () => {
          do {
            reloadAgain = false;
            await get().load();
          } while (reloadAgain);
        })().finally(() => {
          reloading = null;
        });
        return reloading;
      },
    };
  };

const createSelectionSlice: StateCreator<StatusQueueState, [], [], SelectionSlice> = (set, get) => ({
  selected: [],
  anchorId: null,
  toggle(id, extendRange = false) {
    const { selected, anchorId, entries } = get();
    const next = extendRange && anchorId !== null ? selectRange(selected, entries, anchorId, id) : toggleSelected(selected, id);
    set({ selected: next, anchorId: id });
  },
  toggleAllRows() {
    set({ selected: toggleAll(get().selected, get().entries), anchorId: null });
  },
  clearSelection() {
    set({ selected: [], anchorId: null });
  },
});

const createSyncSlice =
  (call: CallFn): StateCreator<StatusQueueState, [], [], SyncSlice> =>
  (set, get) => {
    /** Payments already answered by earlier batches of the same run; progress events count one batch. */
    let batchOffset = 0;
    return {
      running: null,
      results: {},
      lastRunIds: [],
      syncError: null,
      async syncNow(paymentIds) {
        const ids = [...new Set(paymentIds)];
        if (get().running !== null || ids.length === 0) return;
        batchOffset = 0;
        set({ running: { done: 0, total: ids.length }, syncError: null, lastRunIds: ids, results: {} });
        const results: Record<string, SyncResult> = {};
        for (const batch of chunkIds(ids, SYNC_BATCH)) {
          const answer = await call('poller:syncNow', { paymentIds: batch });
          if (!answer.ok) {
            set({ syncError: answer.error });
            break;
          }
          for (const result of answer.value.results) results[result.paymentId] = { ok: result.ok, status: result.status, message: result.message };
          batchOffset += batch.length;
          set({ results: { ...results }, running: { done: batchOffset, total: ids.length } });
        }
        set({ running: null, selected: get().selected.filter((id) => !(id in results)) });
        await get().refresh();
      },
      syncSelected() {
        return get().syncNow(get().selected);
      },
      progressReported(done, total) {
        const running = get().running;
        if (running === null) return;
        // Another console's bulk sync reports on the same bus; a count larger than ours is not ours.
        if (total > running.total) return;
        const overall = Math.min(running.total, batchOffset + done);
        if (overall > running.done) set({ running: { done: overall, total: running.total } });
      },
    };
  };

export function createStatusQueueStore(call: CallFn) {
  return createStore<StatusQueueState>()((...args) => ({
    ...createQueueSlice(call)(...args),
    ...createSelectionSlice(...args),
    ...createSyncSlice(call)(...args),
  }));
}

export type StatusQueueStore = ReturnType<typeof createStatusQueueStore>;

// ---------- selectors ----------

export function selectSelectAllState(state: Pick<StatusQueueState, 'selected' | 'entries'>): SelectAllState {
  return selectAllState(state.selected, state.entries);
}

export function selectIsFiltered(state: Pick<StatusQueueState, 'filters'>): boolean {
  return state.filters.gatewayId !== '' || state.filters.state !== '';
}

/** "3 of 10 answered, 1 failed" after a run; null before the first. */
export function selectRunSummary(state: Pick<StatusQueueState, 'results' | 'lastRunIds' | 'running'>): { checked: number; failed: number; requested: number } | null {
  if (state.running !== null || state.lastRunIds.length === 0) return null;
  const answers = Object.values(state.results);
  return { checked: answers.length, failed: answers.filter((answer) => !answer.ok).length, requested: state.lastRunIds.length };
}

/** Progress as a whole percentage for the screen reader label; 0 before the first event. */
export function selectProgressPercent(state: Pick<StatusQueueState, 'running'>): number {
  const running = state.running;
  if (running === null || running.total === 0) return 0;
  return Math.floor((running.done / running.total) * 100);
}
