import { createStore, type StateCreator } from 'zustand/vanilla';
import type { ChannelInput } from '../../../../../shared/ipc/contract.ts';
import type { GatewayId, PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';
import { chunkIds, pruneSelection, toggleAll, toggleSelected, selectRange, type QueueEntry } from '../utils/selection.ts';

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

export interface FiltersSlice {
  filters: QueueFilters;
  setFilters(patch: Partial<QueueFilters>): void;
}

/** Selections are over the queue as last read (`entries`), which the query cache holds. */
export interface SelectionSlice {
  selected: string[];
  /** The row last clicked, where a Shift+click range starts. */
  anchorId: string | null;
  toggle(id: string, entries: readonly QueueEntry[], extendRange?: boolean): void;
  toggleAllRows(entries: readonly QueueEntry[]): void;
  /** Forgets selected rows that left the queue. */
  keepOnly(entries: readonly QueueEntry[]): void;
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

export type StatusQueueState = FiltersSlice & SelectionSlice & SyncSlice;

export function queueInput(filters: QueueFilters): ChannelInput<'poller:queue'> {
  const input: ChannelInput<'poller:queue'> = { limit: QUEUE_LIMIT };
  if (filters.gatewayId) input.gatewayId = filters.gatewayId;
  if (filters.state) input.state = filters.state;
  return input;
}

const createFiltersSlice: StateCreator<StatusQueueState, [], [], FiltersSlice> = (set, get) => ({
  filters: NO_QUEUE_FILTERS,
  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
  },
});

const createSelectionSlice: StateCreator<StatusQueueState, [], [], SelectionSlice> = (set, get) => ({
  selected: [],
  anchorId: null,
  toggle(id, entries, extendRange = false) {
    const { selected, anchorId } = get();
    const next = extendRange && anchorId !== null ? selectRange(selected, entries, anchorId, id) : toggleSelected(selected, id);
    set({ selected: next, anchorId: id });
  },
  toggleAllRows(entries) {
    set({ selected: toggleAll(get().selected, entries), anchorId: null });
  },
  keepOnly(entries) {
    const selected = pruneSelection(get().selected, entries);
    if (selected.length !== get().selected.length) set({ selected });
  },
  clearSelection() {
    set({ selected: [], anchorId: null });
  },
});

const createSyncSlice =
  (call: CallFn, queueChanged: () => Promise<void>): StateCreator<StatusQueueState, [], [], SyncSlice> =>
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
        await queueChanged();
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

/** `queueChanged`: reads the queue again (a sync now moves payments out of it). */
export function createStatusQueueStore(call: CallFn, queueChanged: () => Promise<void>) {
  return createStore<StatusQueueState>()((...args) => ({
    ...createFiltersSlice(...args),
    ...createSelectionSlice(...args),
    ...createSyncSlice(call, queueChanged)(...args),
  }));
}

export type StatusQueueStore = ReturnType<typeof createStatusQueueStore>;

// ---------- selectors ----------

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
