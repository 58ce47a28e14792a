import { createStore, type StateCreator } from 'zustand/vanilla';
import type { ChannelOutput } from '../../../../../shared/ipc/contract.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';
import type { CsvFileOptions } from '../../../format/csv-file-options.ts';
import { auditFilterInput, NO_AUDIT_FILTERS, type AuditFilters } from '../utils/audit-query.ts';
import type { AuditReport } from '../utils/verify-report.ts';

export const AUDIT_PAGE_SIZE = 200;

export type AuditEntry = ChannelOutput<'audit:search'>['entries'][number];

export interface AuditFiltersSlice {
  filters: AuditFilters;
  setFilters(patch: Partial<AuditFilters>): void;
  resetFilters(): void;
}

export interface AuditEntriesSlice {
  entries: AuditEntry[];
  nextCursor: string | null;
  phase: 'idle' | 'loading' | 'loadingMore' | 'ready' | 'error';
  error: ErrorShape | null;
  /** Bumped by every first-page search, so answers to an older filter are dropped. */
  generation: number;
  /** Something was done since the list was read, so newer entries may exist above it. */
  stale: boolean;
  loadFirstPage(): Promise<void>;
  loadNextPage(): Promise<void>;
  markStale(): void;
}

export interface AuditExportSlice {
  exporting: boolean;
  exported: ChannelOutput<'audit:export'> | null;
  exportError: ErrorShape | null;
  /** Writes what the filters select now, times in `timeZone`. */
  exportEntries(options: CsvFileOptions): Promise<void>;
}

export interface AuditVerifySlice {
  verifying: boolean;
  report: AuditReport | null;
  verifyError: ErrorShape | null;
  verify(): Promise<void>;
}

export type AuditState = AuditFiltersSlice & AuditEntriesSlice & AuditExportSlice & AuditVerifySlice;
type Slice<T> = StateCreator<AuditState, [], [], T>;

const createFiltersSlice: Slice<AuditFiltersSlice> = (set, get) => ({
  filters: NO_AUDIT_FILTERS,
  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
  },
  resetFilters() {
    set({ filters: NO_AUDIT_FILTERS });
  },
});

const createEntriesSlice =
  (call: CallFn): Slice<AuditEntriesSlice> =>
  (set, get) => ({
    entries: [],
    nextCursor: null,
    phase: 'idle',
    error: null,
    generation: 0,
    stale: false,
    async loadFirstPage() {
      const generation = get().generation + 1;
      set({ generation, phase: 'loading', error: null, stale: false });
      const answer = await call('audit:search', { ...auditFilterInput(get().filters), limit: AUDIT_PAGE_SIZE });
      if (get().generation !== generation) return;
      if (!answer.ok) {
        set({ phase: 'error', error: answer.error, entries: [], nextCursor: null });
        return;
      }
      set({ phase: 'ready', entries: answer.value.entries, nextCursor: answer.value.nextCursor });
    },
    async loadNextPage() {
      const { phase, nextCursor, generation } = get();
      if (nextCursor === null || phase !== 'ready') return;
      set({ phase: 'loadingMore', error: null });
      const answer = await call('audit:search', { ...auditFilterInput(get().filters), limit: AUDIT_PAGE_SIZE, cursor: nextCursor });
      if (get().generation !== generation) return;
      if (!answer.ok) {
        set({ phase: 'ready', error: answer.error });
        return;
      }
      // The cursor is an entry number: a page continues strictly below the last one, so nothing repeats.
      set({ phase: 'ready', entries: [...get().entries, ...answer.value.entries], nextCursor: answer.value.nextCursor });
    },
    markStale() {
      if (get().phase !== 'idle') set({ stale: true });
    },
  });

const createExportSlice =
  (call: CallFn): Slice<AuditExportSlice> =>
  (set, get) => ({
    exporting: false,
    exported: null,
    exportError: null,
    async exportEntries(options) {
      if (get().exporting) return;
      set({ exporting: true, exported: null, exportError: null });
      const answer = await call('audit:export', { ...auditFilterInput(get().filters), ...options });
      set(answer.ok ? { exporting: false, exported: answer.value } : { exporting: false, exportError: answer.error });
    },
  });

const createVerifySlice =
  (call: CallFn): Slice<AuditVerifySlice> =>
  (set, get) => ({
    verifying: false,
    report: null,
    verifyError: null,
    async verify() {
      if (get().verifying) return;
      set({ verifying: true, report: null, verifyError: null });
      const answer = await call('audit:verify', {});
      set(answer.ok ? { verifying: false, report: answer.value } : { verifying: false, verifyError: answer.error });
    },
  });

export function createAuditStore(call: CallFn) {
  return createStore<AuditState>()((...args) => ({
    ...createFiltersSlice(...args),
    ...createEntriesSlice(call)(...args),
    ...createExportSlice(call)(...args),
    ...createVerifySlice(call)(...args),
  }));
}

export type AuditStore = ReturnType<typeof createAuditStore>;

// ---------- selectors ----------

/** The rows the virtual list draws, plus one loader row while another page exists. */
export function selectAuditRowSlots(state: Pick<AuditState, 'entries' | 'nextCursor'>): number {
  return state.entries.length + (state.nextCursor !== null ? 1 : 0);
}

/** Load the next page once the viewport comes within `threshold` rows of the end; never after a failed page (the operator retries). */
export function shouldLoadMoreAudit(state: Pick<AuditState, 'entries' | 'nextCursor' | 'phase' | 'error'>, lastVisibleIndex: number, threshold = 30): boolean {
  if (state.error !== null) return false;
  return state.nextCursor !== null && state.phase === 'ready' && lastVisibleIndex >= state.entries.length - threshold;
}
