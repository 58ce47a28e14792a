/**
 * Where an import's batches are saved. On a SQLite ledger file they are written by a thread of its
 * own (recon-writer-worker.ts) with its own connection: on the core's thread each batch's inserts
 * and commit held it for as long as it took to match the next one (about 0.6 s of a million-row
 * import), while the machine's other core, the statement read by then, waited. Elsewhere
 * (PostgreSQL, whose server writes meanwhile; a ledger only in memory) through the port.
 */
import { Worker } from 'node:worker_threads';
import type { Ledger } from '../ledger/port.ts';
import type { ReconRowBatch } from '../ledger/recon-types.ts';
import { ownsItsBuffer } from './owned-bytes.ts';
import type { FromWriter, ReconWriterData, ToWriter } from './recon-writer-messages.ts';

/** In a bundled core (core-host.cjs, browser-main.mjs) the thread's entry is bundled beside it. */
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './recon-writer-worker.ts' : './recon-writer-worker.cjs', import.meta.url);

/** Saves one import's batches in order; the caller awaits each before sending the next. */
export interface ReconBatchWriter {
  add(sessionId: string, batch: ReconRowBatch): Promise<void>;
  /** Ends the writer; a batch not yet answered is not waited for. */
  close(): Promise<void>;
}

/** Opens the writer an import uses. */
export type ReconBatchWriterOpener = () => ReconBatchWriter;

export function portBatchWriter(ledger: Pick<Ledger, 'withTransaction'>): ReconBatchWriter {
  return {
    add: (sessionId, batch) => ledger.withTransaction((tx) => tx.recon.addBatch(sessionId, batch)),
    close: async () => undefined,
  };
}

/** The block's bytes moved rather than copied where they alone hold their memory. */
function transferOf(batch: ReconRowBatch): ArrayBuffer[] {
  const bytes = batch.matched?.bytes;
  return bytes !== undefined && ownsItsBuffer(bytes) ? [bytes.buffer] : [];
}

export function threadBatchWriter(path: string): ReconBatchWriter {
  const data: ReconWriterData = { path };
  const worker = new Worker(WORKER_URL, { workerData: data });
  // Held open only while a batch is being saved: an idle writer keeps no console from closing.
  worker.unref();
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;
  const failAll = (error: Error): void => {
    failure ??= error;
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  };
  worker.on('message', (answer: FromWriter) => {
    const pending = waiting.get(answer.id);
    if (pending === undefined) return;
    waiting.delete(answer.id);
    if (waiting.size === 0) worker.unref();
    if (answer.ok) pending.resolve();
    else pending.reject(Object.assign(new Error(answer.error.message), { name: answer.error.name }));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`The thread saving the import stopped (exit code ${code})`)));
  return {
    add(sessionId, batch) {
      if (failure !== null) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.ref();
        const message: ToWriter = { id, sessionId, batch };
        worker.postMessage(message, transferOf(batch));
      });
    },
    async close() {
      failure ??= new Error('The import is over: nothing more is saved');
      await worker.terminate();
    },
  };
}
