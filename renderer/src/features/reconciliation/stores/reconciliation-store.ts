import { createStore, type StateCreator } from 'zustand/vanilla';
import type { ChannelInput, ChannelOutput, EventPayload, ReconRow, ReconSession } from '../../../../../shared/ipc/contract.ts';
import type { ReconClass } from '../../../../../shared/domain/recon.ts';
import type { Envelope, ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';
import type { CsvFileOptions } from '../../../format/csv-file-options.ts';
import { uploadStatement, type StatementUploadRequest } from '../utils/statement-upload.ts';

export const ROWS_PAGE_SIZE = 200;

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

export interface SessionsSlice {
  sessions: ReconSession[];
  sessionsError: ErrorShape | null;
  loadSessions(): Promise<void>;
}

export type RowsPhase = 'idle' | 'loading' | 'loadingMore' | 'ready' | 'error';

export interface SessionViewSlice {
  openSessionId: string | null;
  summary: SessionSummary | null;
  summaryError: ErrorShape | null;
  /** null: every class. */
  reconClass: ReconClass | null;
  text: string;
  rows: ReconRow[];
  nextCursor: string | null;
  rowsPhase: RowsPhase;
  rowsError: ErrorShape | null;
  /** Bumped by every first-page load so answers to older ones are dropped. */
  generation: number;
  openSession(sessionId: string): Promise<void>;
  closeSession(): void;
  setReconClass(reconClass: ReconClass | null): Promise<void>;
  setText(text: string): Promise<void>;
  loadFirstPage(): Promise<void>;
  loadNextPage(): Promise<void>;
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

export type ReconciliationState = ImportSlice & SessionsSlice & SessionViewSlice & ResolveSlice & ExportSlice;

type Slice<T> = StateCreator<ReconciliationState, [], [], T>;

type SetState = Parameters<Slice<ImportSlice>>[0];
type GetState = Parameters<Slice<ImportSlice>>[1];

/** The answer of a file imported or a report fetched: the same session, answer and lists. Null: given up before the core answered. */
async function settleInSession(answer: Envelope<ImportReport> | null, set: SetState, get: GetState): Promise<void> {
  set({ importing: false, cancelling: false });
  if (answer === null) {
    await get().loadSessions();
    return;
  }
  if (!answer.ok) {
    set({ importError: answer.error });
    await get().loadSessions();
    return;
  }
  set({ importReport: answer.value });
  await get().loadSessions();
  await get().openSession(answer.value.session.id);
}

async function runIntoSession(send: () => Promise<Envelope<ImportReport>>, set: SetState, get: GetState): Promise<void> {
  if (get().importing) return;
  set({ importing: true, importSource: 'fetch', progress: { sessionId: null, rowsRead: 0, rowsPerSecond: 0 }, importReport: null, importError: null, cancelling: false });
  await settleInSession(await send(), set, get);
}

const createImportSlice = (call: CallFn): Slice<ImportSlice> => {
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
      await settleInSession(answer, set, get);
    },
    runFetch: (request) => runIntoSession(() => call('recon:fetch', request), set, get),
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

const createSessionsSlice =
  (call: CallFn): Slice<SessionsSlice> =>
  (set) => ({
    sessions: [],
    sessionsError: null,
    async loadSessions() {
      const answer = await call('recon:sessions', { limit: 100 });
      if (answer.ok) set({ sessions: answer.value, sessionsError: null });
      else set({ sessionsError: answer.error });
    },
  });

const createSessionViewSlice =
  (call: CallFn): Slice<SessionViewSlice> =>
  (set, get) => {
    async function loadSummary(sessionId: string): Promise<void> {
      const answer = await call('recon:session', { sessionId });
      if (get().openSessionId !== sessionId) return;
      if (answer.ok) set({ summary: answer.value, summaryError: null });
      else set({ summaryError: answer.error });
    }

    async function loadPage(first: boolean): Promise<void> {
      const { openSessionId, reconClass, text, nextCursor } = get();
      if (openSessionId === null) return;
      const generation = first ? get().generation + 1 : get().generation;
      set(first ? { generation, rowsPhase: 'loading', rowsError: null, rows: [], nextCursor: null } : { rowsPhase: 'loadingMore', rowsError: null });
      const trimmed = text.trim();
      const answer = await call('recon:rows', {
        sessionId: openSessionId,
        limit: ROWS_PAGE_SIZE,
        cursor: first ? null : nextCursor,
        ...(reconClass === null ? {} : { reconClass }),
        ...(trimmed === '' ? {} : { text: trimmed }),
      });
      if (get().generation !== generation) return;
      if (!answer.ok) {
        set({ rowsPhase: 'error', rowsError: answer.error });
        return;
      }
      set({ rows: first ? answer.value.rows : [...get().rows, ...answer.value.rows], nextCursor: answer.value.nextCursor, rowsPhase: 'ready' });
    }

    return {
      openSessionId: null,
      summary: null,
      summaryError: null,
      reconClass: null,
      text: '',
      rows: [],
      nextCursor: null,
      rowsPhase: 'idle',
      rowsError: null,
      generation: 0,
      async openSession(sessionId) {
        set({ openSessionId: sessionId, summary: null, summaryError: null, reconClass: null, text: '', exported: null, exportError: null, resolveError: null });
        await Promise.all([loadSummary(sessionId), loadPage(true)]);
      },
      closeSession() {
        set({ openSessionId: null, summary: null, rows: [], nextCursor: null, rowsPhase: 'idle', generation: get().generation + 1 });
      },
      async setReconClass(reconClass) {
        set({ reconClass });
        await loadPage(true);
      },
      async setText(text) {
        set({ text });
        await loadPage(true);
      },
      loadFirstPage: () => loadPage(true),
      async loadNextPage() {
        const { nextCursor, rowsPhase } = get();
        if (nextCursor === null || rowsPhase !== 'ready') return;
        await loadPage(false);
      },
    };
  };

const createResolveSlice =
  (call: CallFn): Slice<ResolveSlice> =>
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
      const resolved = answer.value;
      // A link re-classifies the row: it stays in view until the list is reloaded, showing its new class.
      set({ rows: get().rows.map((row) => (row.id === resolved.id ? resolved : row)) });
      const summary = await call('recon:session', { sessionId });
      if (summary.ok && get().openSessionId === sessionId) set({ summary: summary.value });
      return resolved;
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

export function createReconciliationStore(call: CallFn) {
  return createStore<ReconciliationState>()((...args) => ({
    ...createImportSlice(call)(...args),
    ...createSessionsSlice(call)(...args),
    ...createSessionViewSlice(call)(...args),
    ...createResolveSlice(call)(...args),
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

export function selectHasMoreRows(state: Pick<ReconciliationState, 'nextCursor'>): boolean {
  return state.nextCursor !== null;
}

/** The virtual list's length: the rows plus one loader row while another page exists. */
export function selectRowSlots(state: Pick<ReconciliationState, 'rows' | 'nextCursor'>): number {
  return state.rows.length + (state.nextCursor !== null ? 1 : 0);
}
