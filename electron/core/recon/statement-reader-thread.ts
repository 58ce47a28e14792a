/**
 * readStatement on a thread of its own: the same reading (same rows, report, errors, cancel), with
 * the parsing and mapping done beside the thread that matches and saves. On the core's two cores
 * an import reads the ledger into its index while the file is being parsed, instead of after.
 * Bytes go to the reading thread as it asks for them; rows come back as columns
 * (statement-row-columns.ts), at most a million rows ahead of the consumer (statement-reader-worker.ts).
 */
import { Worker } from 'node:worker_threads';
import type { ErrorKind } from '../../../shared/ipc/envelope.ts';
import { ConsoleError, ValidationError } from '../errors.ts';
import type { StatementFormatChoice, StatementMapping } from './mappings/statement-mapping.ts';
import type { ErrorAcross, FromReader, ToReader } from './statement-reader-messages.ts';
import { ownsItsBuffer } from './owned-bytes.ts';
import { StatementImportCancelledError, statementReading, type StatementReadControl, type StatementReading, type StatementSource } from './statement-reader.ts';
import { unpackStatementRows, type StatementRowColumns } from './statement-row-columns.ts';

/** In a bundled core (core-host.cjs, browser-main.mjs) the reading thread's entry is bundled beside it. */
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './statement-reader-worker.ts' : './statement-reader-worker.cjs', import.meta.url);

function errorFrom(across: ErrorAcross): Error {
  if (across.name === 'StatementImportCancelledError') return new StatementImportCancelledError();
  if (across.name === 'ValidationError') return new ValidationError(across.message, across.fields ?? undefined);
  if (across.kind !== null) {
    const error = new ConsoleError(across.kind as ErrorKind, across.message, across.fields ?? undefined);
    error.name = across.name;
    return error;
  }
  return new Error(across.message);
}

/**
 * The chunk itself where it alone holds its memory (a file stream's reads, a decoded upload
 * chunk), to be moved to the reading thread; else a copy of its own (a slice of a larger buffer,
 * a chunk of Node's shared pool). Copying every chunk wrote each megabyte of the file to memory
 * on the core's thread, the thread that reads the ledger meanwhile: for the million-row bench
 * file, 0.18 s of its CPU and 9,000 page faults. A source hands its chunks over (see
 * StatementSource).
 */
function movable(chunk: Uint8Array): Uint8Array<ArrayBuffer> {
  return ownsItsBuffer(chunk) ? chunk : new Uint8Array(chunk);
}

type Arrival = FromReader | { readonly type: 'failed'; readonly error: unknown };

/** A reading on its own thread, which starts at once; close() ends it (and its thread) wherever it is. */
export interface ThreadedStatementReading extends StatementReading {
  /**
   * The same batches as they cross from the thread, as columns, for a consumer that makes objects
   * of the rows it needs only (an import). Either this or the rows may be iterated, once.
   */
  columnBatches(): AsyncIterable<StatementRowColumns>;
  /** Stops the thread if it still runs and releases the source; a reading never iterated must be closed. */
  close(): Promise<void>;
}

/**
 * Same contract as readStatement (statement-reader.ts), with two differences: the thread starts
 * reading as soon as this is called (so that it runs while the caller reads the ledger), and the
 * rows can be iterated once.
 */
export function readStatementOffThread(
  source: StatementSource,
  mapping: StatementMapping,
  choice: StatementFormatChoice = {},
  control: StatementReadControl & { readonly rowsAhead?: number } = {},
): ThreadedStatementReading {
  const { signal, onProgress, rowsAhead } = control;
  const chunks = (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  const worker = new Worker(WORKER_URL, { workerData: { mapping, choice, rowsAhead }, resourceLimits: { maxYoungGenerationSizeMb: 192 } });
  const arrivals: Arrival[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  let closing: Promise<void> | null = null;
  const arrive = (arrival: Arrival): void => {
    arrivals.push(arrival);
    wake?.();
    wake = null;
  };
  const tell = (message: ToReader, transfer: ArrayBuffer[] = []): void => worker.postMessage(message, transfer);
  // The thread asks for several chunks ahead; they are read from the source one after another.
  let pumping: Promise<void> = Promise.resolve();
  const pumpOnce = async (): Promise<void> => {
    if (closing !== null) return;
    try {
      const next = await chunks.next();
      if (next.done) {
        tell({ type: 'end' });
        return;
      }
      const bytes = typeof next.value === 'string' ? new TextEncoder().encode(next.value) : movable(next.value);
      tell({ type: 'chunk', bytes }, [bytes.buffer as ArrayBuffer]);
    } catch (error) {
      arrive({ type: 'failed', error });
    }
  };
  const pump = (): void => {
    pumping = pumping.then(pumpOnce);
  };
  const cancel = (): void => arrive({ type: 'failed', error: new StatementImportCancelledError() });
  worker.on('message', (message: FromReader) => {
    if (message.type === 'pull') pump();
    else arrive(message);
  });
  worker.on('error', (error) => arrive({ type: 'failed', error }));
  worker.on('exit', (code) => {
    if (!finished) arrive({ type: 'failed', error: new Error(`The statement reader stopped (exit code ${code})`) });
  });
  signal?.addEventListener('abort', cancel, { once: true });
  if (signal?.aborted) cancel();

  const close = (): Promise<void> => {
    closing ??= (async () => {
      finished = true;
      signal?.removeEventListener('abort', cancel);
      await worker.terminate();
      await chunks.return?.();
    })();
    return closing;
  };

  const { reading, blocks, settle: settleReport } = statementReading(signal, async function* columns(settle): AsyncGenerator<StatementRowColumns> {
    try {
      if (closing !== null) throw new StatementImportCancelledError();
      for (;;) {
        while (arrivals.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
        const arrival = arrivals.shift() as Arrival;
        if (arrival.type === 'rows') {
          // A turn of the event loop per block: the thread's requests for bytes are answered while this one works through a backlog.
          await new Promise<void>((resolve) => setImmediate(resolve));
          tell({ type: 'taken', rows: arrival.columns.size });
          yield arrival.columns;
        } else if (arrival.type === 'progress') {
          onProgress?.(arrival.progress);
        } else if (arrival.type === 'report') {
          finished = true;
          settle.resolve(arrival.report);
          return;
        } else if (arrival.type === 'error') {
          throw errorFrom(arrival.error);
        } else if (arrival.type === 'failed') {
          throw arrival.error;
        }
      }
    } finally {
      await close();
    }
  }, unpackStatementRows);
  return {
    ...reading,
    columnBatches: blocks,
    close: async () => {
      await close();
      // Never iterated: the report says cancelled rather than staying unsettled.
      settleReport.reject(new StatementImportCancelledError());
    },
  };
}
