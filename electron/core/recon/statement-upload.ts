/**
 * Statement uploads in flight: a file that arrives in numbered chunks is handed to its import as
 * an AsyncIterable<Uint8Array> while it arrives. A bounded queue sits between the two: a chunk is
 * answered once the import has room for it, so however large the file, an upload holds at most
 * `queueChunks` chunks plus the one waiting for room. An upload the sender stops feeding (its
 * window closed, its page reloaded) is given up after `idleMs` and its import cancelled, which
 * removes whatever it had saved.
 */
import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';

export interface StatementUploadOptions {
  /** How long an upload may wait for the sender's next chunk (or its finish) before it is given up. */
  readonly idleMs?: number;
  /** Chunks held for the import at most; the next chunk call waits for room. */
  readonly queueChunks?: number;
}

export const DEFAULT_UPLOAD_IDLE_MS = 30_000;
export const DEFAULT_UPLOAD_QUEUE_CHUNKS = 4;

/** Runs an import over the upload's bytes; it must come to an end once `signal` aborts. */
export type UploadImport<T> = (source: AsyncIterable<Uint8Array>, signal: AbortSignal) => Promise<T>;

export interface StatementUploads<T> {
  /** Starts the import at once, reading chunks as they come; answers the upload's id. */
  begin(run: UploadImport<T>): string;
  /** Queues chunk `sequence` (0, 1, 2…); resolves once there is room for it. */
  chunk(uploadId: string, sequence: number, bytes: Uint8Array): Promise<number>;
  /** Marks the end of the file (`chunks` sent, as a check) and answers with the import's result. */
  finish(uploadId: string, chunks: number): Promise<T>;
  /** Gives an upload up and waits for its import to end; false when it had already ended. */
  abort(uploadId: string): Promise<boolean>;
  /** How many chunks an upload holds for its import right now (0 for an unknown one). */
  queued(uploadId: string): number;
  /** Gives every upload up and waits for their imports to end (the core is closing). */
  close(): Promise<void>;
}

interface WaitingChunk {
  readonly bytes: Uint8Array;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface UploadState {
  readonly id: string;
  readonly queue: Uint8Array[];
  nextSequence: number;
  /** The sender said the file is complete. */
  complete: boolean;
  /** The import has ended (done, failed or cancelled): nothing more is taken. */
  over: boolean;
  waiting: WaitingChunk | null;
  wakeReader: (() => void) | null;
  idle: NodeJS.Timeout | null;
  readonly abort: AbortController;
}

interface Upload<T> extends UploadState {
  readonly result: Promise<T>;
  /** Settles with the import, never rejects: waiting on it must not raise an unhandled rejection. */
  readonly settled: Promise<void>;
}

function uploadEnded(id: string): ConflictError {
  return new ConflictError(`Statement upload ${id} has ended: its import is finished or was cancelled`);
}

export function createStatementUploads<T>(options: StatementUploadOptions = {}): StatementUploads<T> {
  const idleMs = options.idleMs ?? DEFAULT_UPLOAD_IDLE_MS;
  const queueChunks = options.queueChunks ?? DEFAULT_UPLOAD_QUEUE_CHUNKS;
  const uploads = new Map<string, Upload<T>>();

  function find(uploadId: string): Upload<T> {
    const upload = uploads.get(uploadId);
    if (upload === undefined) throw new NotFoundError(`No statement upload ${uploadId}: it was never begun, or it has ended`);
    return upload;
  }

  /** The sender's turn: the upload is given up if it stays silent for idleMs. */
  function awaitSender(upload: UploadState): void {
    if (upload.over || upload.complete) return;
    stopIdle(upload);
    upload.idle = setTimeout(() => giveUpById(upload.id), idleMs);
    upload.idle.unref();
  }

  function stopIdle(upload: UploadState): void {
    if (upload.idle !== null) clearTimeout(upload.idle);
    upload.idle = null;
  }

  function giveUpById(uploadId: string): void {
    const upload = uploads.get(uploadId);
    if (upload !== undefined) giveUp(upload);
  }

  function wake(upload: UploadState): void {
    const wakeReader = upload.wakeReader;
    upload.wakeReader = null;
    wakeReader?.();
  }

  function giveUp(upload: Upload<T>): void {
    stopIdle(upload);
    upload.abort.abort();
    wake(upload);
    void upload.settled.then(() => uploads.delete(upload.id));
  }

  function admitWaiting(upload: UploadState): void {
    const waiting = upload.waiting;
    if (waiting === null || upload.queue.length >= queueChunks) return;
    upload.waiting = null;
    upload.queue.push(waiting.bytes);
    waiting.resolve();
  }

  async function* chunksOf(upload: UploadState): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (upload.abort.signal.aborted) return;
      const next = upload.queue.shift();
      if (next !== undefined) {
        admitWaiting(upload);
        yield next;
        continue;
      }
      if (upload.complete) return;
      await new Promise<void>((resolve) => {
        upload.wakeReader = resolve;
      });
    }
  }

  function ended(upload: Upload<T>): void {
    upload.over = true;
    upload.queue.length = 0;
    stopIdle(upload);
    upload.waiting?.reject(uploadEnded(upload.id));
    upload.waiting = null;
    // Kept for the finish call to collect; one that never comes is given up like a silent sender.
    if (!upload.complete) {
      upload.idle = setTimeout(() => uploads.delete(upload.id), idleMs);
      upload.idle.unref();
    }
  }

  return {
    begin(run) {
      const state: UploadState = { id: `upl_${randomBytes(16).toString('base64url')}`, queue: [], nextSequence: 0, complete: false, over: false, waiting: null, wakeReader: null, idle: null, abort: new AbortController() };
      const result = run(chunksOf(state), state.abort.signal);
      const upload: Upload<T> = Object.assign(state, { result, settled: result.then(() => undefined, () => undefined) });
      void upload.settled.then(() => ended(upload));
      uploads.set(upload.id, upload);
      awaitSender(upload);
      return upload.id;
    },

    async chunk(uploadId, sequence, bytes) {
      const upload = find(uploadId);
      if (upload.over || upload.abort.signal.aborted) throw uploadEnded(uploadId);
      if (upload.complete) throw new ConflictError(`Statement upload ${uploadId} is complete: no chunk follows its finish`);
      if (upload.waiting !== null) throw new ConflictError(`Statement upload ${uploadId} is still waiting for room for chunk ${upload.nextSequence - 1}`);
      if (sequence !== upload.nextSequence) {
        throw new ValidationError(`Chunk ${upload.nextSequence} of statement upload ${uploadId} was expected, not ${sequence}`, { sequence: `Expected ${upload.nextSequence}` });
      }
      upload.nextSequence += 1;
      stopIdle(upload);
      if (upload.queue.length < queueChunks) {
        upload.queue.push(bytes);
      } else {
        await new Promise<void>((resolve, reject) => {
          upload.waiting = { bytes, resolve, reject };
        }).finally(() => awaitSender(upload));
      }
      wake(upload);
      awaitSender(upload);
      return sequence;
    },

    async finish(uploadId, chunks) {
      const upload = find(uploadId);
      if (upload.complete) throw new ConflictError(`Statement upload ${uploadId} is already finished`);
      if (upload.waiting !== null) throw new ConflictError(`Statement upload ${uploadId} is still waiting for room for chunk ${upload.nextSequence - 1}`);
      if (chunks !== upload.nextSequence) {
        throw new ValidationError(`Statement upload ${uploadId} received ${upload.nextSequence} chunks, not ${chunks}`, { chunks: `${upload.nextSequence} received` });
      }
      upload.complete = true;
      stopIdle(upload);
      wake(upload);
      try {
        return await upload.result;
      } finally {
        uploads.delete(uploadId);
      }
    },

    async abort(uploadId) {
      const upload = find(uploadId);
      const wasRunning = !upload.over && !upload.abort.signal.aborted;
      giveUp(upload);
      await upload.settled;
      return wasRunning;
    },

    queued: (uploadId) => uploads.get(uploadId)?.queue.length ?? 0,

    async close() {
      const open = [...uploads.values()];
      for (const upload of open) giveUp(upload);
      await Promise.all(open.map((upload) => upload.settled));
    },
  };
}
