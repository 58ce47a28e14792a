import { createStore } from 'zustand/vanilla';
import type { ChannelInput, ChannelOutput, EventPayload } from '../../../../../shared/ipc/contract.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';

export type ExportRequest = ChannelInput<'payments:export'>;
export type ExportAnswer = ChannelOutput<'payments:export'>;

export interface ExportProgress {
  /** Known from the export's first progress event on; until then it cannot be cancelled. */
  readonly exportId: string | null;
  readonly rowsWritten: number;
  readonly rowsPerSecond: number;
}

export interface PaymentsExportState {
  exporting: boolean;
  progress: ExportProgress | null;
  cancelling: boolean;
  /** The last export's answer: where its file is, or that it was cancelled (no path). */
  result: ExportAnswer | null;
  error: ErrorShape | null;
  /** Exports what the list shows (its search input without paging) with times in `timeZone`. */
  start(request: ExportRequest): Promise<void>;
  /** A `payments:exportProgress` event: counted only while this screen's export runs, and only for that export. */
  progressReported(event: EventPayload<'payments:exportProgress'>): void;
  cancel(): Promise<void>;
}

export function createPaymentsExportStore(call: CallFn) {
  return createStore<PaymentsExportState>()((set, get) => ({
    exporting: false,
    progress: null,
    cancelling: false,
    result: null,
    error: null,
    async start(request) {
      if (get().exporting) return;
      set({ exporting: true, cancelling: false, progress: { exportId: null, rowsWritten: 0, rowsPerSecond: 0 }, result: null, error: null });
      const answer = await call('payments:export', request);
      set(answer.ok ? { exporting: false, cancelling: false, progress: null, result: answer.value } : { exporting: false, cancelling: false, progress: null, error: answer.error });
    },
    progressReported(event) {
      const { exporting, progress } = get();
      if (!exporting || progress === null) return;
      if (progress.exportId !== null && progress.exportId !== event.exportId) return;
      set({ progress: { exportId: event.exportId, rowsWritten: event.rowsWritten, rowsPerSecond: event.rowsPerSecond } });
    },
    async cancel() {
      const exportId = get().progress?.exportId ?? null;
      if (!get().exporting || exportId === null || get().cancelling) return;
      set({ cancelling: true });
      // The export itself answers (without a file) once it has stopped; that answer ends `exporting`.
      const answer = await call('payments:exportCancel', { exportId });
      if (!answer.ok) set({ cancelling: false, error: answer.error });
    },
  }));
}

export type PaymentsExportStore = ReturnType<typeof createPaymentsExportStore>;
