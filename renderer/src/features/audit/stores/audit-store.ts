import { createStore, type StateCreator } from 'zustand/vanilla';
import type { ChannelOutput } from '../../../../../shared/ipc/contract.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';
import type { CsvFileOptions } from '../../../format/csv-file-options.ts';
import { auditFilterInput, NO_AUDIT_FILTERS, type AuditFilters } from '../utils/audit-query.ts';
import type { AuditReport } from '../utils/verify-report.ts';

export type AuditEntry = ChannelOutput<'audit:search'>['entries'][number];

export interface AuditFiltersSlice {
  filters: AuditFilters;
  setFilters(patch: Partial<AuditFilters>): void;
  resetFilters(): void;
}

export interface AuditChangesSlice {
  /** When something was last done that the log records, here or on another console; the rows read before it may be behind. */
  changedAt: number | null;
  noteChange(at: number): void;
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

export type AuditState = AuditFiltersSlice & AuditChangesSlice & AuditExportSlice & AuditVerifySlice;
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

const createChangesSlice: Slice<AuditChangesSlice> = (set) => ({
  changedAt: null,
  noteChange(at) {
    set({ changedAt: at });
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
    ...createChangesSlice(...args),
    ...createExportSlice(call)(...args),
    ...createVerifySlice(call)(...args),
  }));
}

export type AuditStore = ReturnType<typeof createAuditStore>;
