import { createStore, type StateCreator } from 'zustand/vanilla';
import type { ChannelInput, ChannelOutput, EventPayload, ReconRow } from '../../../../../shared/ipc/contract.ts';
import type { ReconClass } from '../../../../../shared/domain/recon.ts';
import type { Envelope, ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';
import type { CsvFileOptions } from '../../../format/csv-file-options.ts';
import { uploadStatement, type StatementUploadRequest } from '../utils/statement-upload.ts';

/** What the import names, and the file, sent in chunks (utils/statement-upload.ts). */
export type ImportRequest = StatementUploadRequest & { readonly content: Blob };
export type ImportReport = ChannelOutput<'recon:import'>;
export type FetchRequest = ChannelInput<'recon:fetch'>;
export type SessionSummary = ChannelOutput<'recon:session'>;
export type Resolution = ChannelInput<'recon:resolve'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type RowResolution = DistributiveOmit<Resolution, 'sessionId' | 'rowId'>;

export interface ImportProgress {
  readonly sessionId: string | null;
  readonly rowsRead: number;
  readonly rowsPerSecond: number;
}

export interface UploadProgress {
  readonly uploadId: string | null;
  readonly sentBytes: number;
  readonly totalBytes: number;
}

export interface ImportSlice {
  importing: boolean;
  progress: ImportProgress | null;
  /** The file's bytes the core has taken: what the progress bar shows. */
  upload: UploadProgress | null;
  importReport: ImportReport | null;
  importError: ErrorShape | null;
  /** Which form the running or last import came from: its error is shown next to that form. */
  importSource: 'file' | 'fetch' | null;
  cancelling: boolean;
  runImport(request: ImportRequest): Promise<void>;
  /** Like an import, from one of the gateway's reports fetched for the period. */
  runFetch(request: FetchRequest): Promise<void>;
  /** A `recon:progress` event: counted only while this screen's import runs, and only for its session. */
  progressReported(event: EventPayload<'recon:progress'>): void;
  cancelImport(): Promise<void>;
}

export interface SessionViewSlice {
  openSessionId: string | null;
  /** null: every class. */
  reconClass: ReconClass | null;
  text: string;
  openSession(sessionId: string): void;
  closeSession(): void;
  setReconClass(reconClass: ReconClass | null): void;
  setText(text: string): void;
}

export interface ResolveSlice {
  resolvingRowId: number | null;
  resolveError: ErrorShape | null;
  /** The row as resolved, or null when the core refused (the error is kept). */
  resolveRow(rowId: number, action: RowResolution): Promise<ReconRow | null>;
}

export interface ExportSlice {
  exporting: boolean;
  exported: ChannelOutput<'recon:export'> | null;
  exportError: ErrorShape | null;
  exportSession(options: CsvFileOptions): Promise<void>;
}

export type ReconciliationState = ImportSlice & SessionViewSlice & ResolveSlice & ExportSlice;

/** What the store tells the query cache, which holds the sessions, their totals and their rows. */
export interface ReconCache {
  /** An import or fetch ended (or was given up): the list of sessions changed. */
  sessionsChanged(): Promise<void>;
  /** The core answered a resolution with the row as it is now; the session's totals changed with it. */
  rowResolved(sessionId: string, row: ReconRow): void;
}

type Slice<T> = StateCreator<ReconciliationState, [], [], T>;

type SetState = Parameters<Slice<ImportSlice>>[0];
type GetState = Parameters<Slice<ImportSlice>>[1];

/** The answer of a file imported or a report fetched: the same session, answer and lists. Null: given up before the core answered. */
async function settleInSession(answer: Envelope<ImportReport> | null, cache: ReconCache, set: SetState, get: GetState): Promise<void> {
  set({ importing: false, cancelling: false });
  if (answer !== null && !answer.ok) set({ importError: answer.error });
  if (answer?.ok) set({ importReport: answer.value });
  await cache.sessionsChanged();
  if (answer?.ok) get().openSession(answer.value.session.id);
}

async function runIntoSession(send: () => Promise<Envelope<ImportReport>>, cache: ReconCache, set: SetState, get: GetState): Promise<void> {
  if (get().importing) return;
  set({ importing: true, importSource: 'fetch', progress: { sessionId: null, rowsRead: 0, rowsPerSecond: 0 }, importReport: null, importError: null, cancelling: false });
  await settleInSession(await send(), cache, set, get);
}

const createImportSlice = (call: CallFn, cache: ReconCache): Slice<ImportSlice> => {
  /** Stops the sending of the running upload's chunks. */
  let uploadAbort: AbortController | null = null;
  return (set, get) => ({
    importing: false,
    progress: null,
    upload: null,
    importReport: null,
    importError: null,
    importSource: null,
    cancelling: false,
    async runImport(request) {
      if (get().importing) return;
      const { content, ...fields } = request;
      const stop = new AbortController();
      uploadAbort = stop;
      set({ importing: true, importSource: 'file', progress: { sessionId: null, rowsRead: 0, rowsPerSecond: 0 }, upload: { uploadId: null, sentBytes: 0, totalBytes: content.size }, importReport: null, importError: null, cancelling: false });
      const onBegun = (uploadId: string): void => set({ upload: { uploadId, sentBytes: 0, totalBytes: content.size } });
      const onSent = (sentBytes: number): void => {
        const upload = get().upload;
        if (upload !== null) set({ upload: { ...upload, sentBytes } });
      };
      const answer = await uploadStatement(call, fields, content, { onBegun, onSent, signal: stop.signal });
      uploadAbort = null;
      set({ upload: null });
      await settleInSession(answer, cache, set, get);
    },
    runFetch: (request) => runIntoSession(() => call('recon:fetch', request), cache, set, get),
    progressReported(event) {
      const { importing, progress } = get();
      if (!importing || progress === null) return;
      if (progress.sessionId !== null && progress.sessionId !== event.sessionId) return;
      set({ progress: { sessionId: event.sessionId, rowsRead: event.rowsRead, rowsPerSecond: event.rowsPerSecond } });
    },
    async cancelImport() {
      if (!get().importing) return;
      const uploadId = get().upload?.uploadId ?? null;
      const sessionId = get().progress?.sessionId ?? null;
      if (uploadId !== null) {
        set({ cancelling: true });
        // No further chunk goes; a finish already sent is answered with the cancelled session.
        uploadAbort?.abort();
        const answer = await call('recon:uploadAbort', { uploadId });
        if (!answer.ok) set({ importError: answer.error, cancelling: false });
      } else if (sessionId !== null) {
        // A fetched report has no upload: its session is cancelled, as a running import elsewhere would be.
        set({ cancelling: true });
        const answer = await call('recon:cancel', { sessionId });
        if (!answer.ok) set({ importError: answer.error, cancelling: false });
      }
    },
  });
};

const createSessionViewSlice: Slice<SessionViewSlice> = (set) => ({
  openSessionId: null,
  reconClass: null,
  text: '',
  openSession(sessionId) {
    set({ openSessionId: sessionId, reconClass: null, text: '', exported: null, exportError: null, resolveError: null });
  },
  closeSession() {
    set({ openSessionId: null });
  },
  setReconClass(reconClass) {
    set({ reconClass });
  },
  setText(text) {
    set({ text });
  },
});

const createResolveSlice =
  (call: CallFn, cache: ReconCache): Slice<ResolveSlice> =>
  (set, get) => ({
    resolvingRowId: null,
    resolveError: null,
    async resolveRow(rowId, action) {
      const sessionId = get().openSessionId;
      if (sessionId === null || get().resolvingRowId !== null) return null;
      set({ resolvingRowId: rowId, resolveError: null });
      const answer = await call('recon:resolve', { ...action, sessionId, rowId } as Resolution);
      set({ resolvingRowId: null });
      if (!answer.ok) {
        set({ resolveError: answer.error });
        return null;
      }
      cache.rowResolved(sessionId, answer.value);
      return answer.value;
    },
  });

const createExportSlice =
  (call: CallFn): Slice<ExportSlice> =>
  (set, get) => ({
    exporting: false,
    exported: null,
    exportError: null,
    async exportSession(options) {
      const sessionId = get().openSessionId;
      if (sessionId === null || get().exporting) return;
      set({ exporting: true, exported: null, exportError: null });
      const answer = await call('recon:export', { sessionId, ...options });
      if (get().openSessionId !== sessionId) return;
      set(answer.ok ? { exporting: false, exported: answer.value } : { exporting: false, exportError: answer.error });
    },
  });

export function createReconciliationStore(call: CallFn, cache: ReconCache) {
  return createStore<ReconciliationState>()((...args) => ({
    ...createImportSlice(call, cache)(...args),
    ...createSessionViewSlice(...args),
    ...createResolveSlice(call, cache)(...args),
    ...createExportSlice(call)(...args),
  }));
}

export interface ClassTotal {
  readonly reconClass: ReconClass;
  readonly count: number;
  readonly sums: readonly { readonly currency: string; readonly amount: string }[];
}

/** The session's totals gathered per class (count over every currency, one sum per currency), in `classes` order. */
export function classTotals(summary: SessionSummary | null, classes: readonly ReconClass[]): ClassTotal[] {
  return classes.map((reconClass) => {
    const lines = summary?.totals.filter((line) => line.reconClass === reconClass) ?? [];
    return {
      reconClass,
      count: lines.reduce((total, line) => total + line.count, 0),
      sums: lines.map((line) => ({ currency: line.currency, amount: line.amount })),
    };
  });
}
