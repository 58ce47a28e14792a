/**
 * The reading thread's entry (statement-reader-thread.ts starts it): readStatement's work over the
 * bytes the owning thread hands over on request, each block of rows read straight into columns and
 * sent back as they are. At most DEFAULT_ROWS_AHEAD rows are sent and not yet taken: enough to
 * read a million-row file while the owner reads the ledger (about 180 MB as columns), and a bound
 * on what a slow consumer (saving an import) lets pile up from a larger one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StatementFormatChoice, StatementMapping } from './mappings/statement-mapping.ts';
import { readStatementBlocks, type ReportSettle, type StatementReport } from './statement-reader.ts';
import { StatementColumnsBuilder, transferablesOf } from './statement-row-columns.ts';
import type { FromReader, ToReader } from './statement-reader-messages.ts';

const DEFAULT_ROWS_AHEAD = 1_000_000;
/** Rows per block sent: a slice of the file (about a megabyte) holds a few thousand. */
const BLOCK_ROWS = 8_192;

const port = parentPort;
if (port === null) throw new Error('statement-reader-worker.ts runs as a worker thread');
const { mapping, choice, rowsAhead = DEFAULT_ROWS_AHEAD } = workerData as { mapping: StatementMapping; choice: StatementFormatChoice; rowsAhead?: number };

/** Chunks asked for ahead of need: the owner answers between its own work (reading the ledger, saving), not at once. */
const CHUNKS_AHEAD = 8;

const arrived: Uint8Array[] = [];
let asked = 0;
let sourceEnded = false;
let wakeReader: (() => void) | null = null;
let wakeCredit: (() => void) | null = null;
let inFlight = 0;

port.on('message', (message: ToReader) => {
  if (message.type === 'taken') {
    inFlight -= message.rows;
    wakeCredit?.();
    wakeCredit = null;
    return;
  }
  asked -= 1;
  if (message.type === 'chunk') arrived.push(message.bytes);
  else sourceEnded = true;
  wakeReader?.();
  wakeReader = null;
});

const send = (message: FromReader, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

function askAhead(): void {
  while (!sourceEnded && asked + arrived.length < CHUNKS_AHEAD) {
    asked += 1;
    send({ type: 'pull' });
  }
}

async function* bytes(): AsyncGenerator<Uint8Array> {
  for (;;) {
    askAhead();
    while (arrived.length === 0 && !(sourceEnded && asked === 0)) {
      await new Promise<void>((resolve) => {
        wakeReader = resolve;
      });
    }
    const next = arrived.shift();
    if (next === undefined) return;
    yield next;
  }
}

async function read(): Promise<void> {
  try {
    let settle!: ReportSettle;
    const report = new Promise<StatementReport>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const blocks = readStatementBlocks(bytes(), mapping, choice, { onProgress: (progress) => send({ type: 'progress', progress }) }, new StatementColumnsBuilder(BLOCK_ROWS), settle);
    for await (const columns of blocks) {
      inFlight += columns.size;
      send({ type: 'rows', columns }, transferablesOf(columns));
      if (inFlight >= rowsAhead) {
        await new Promise<void>((resolve) => {
          wakeCredit = resolve;
        });
      }
    }
    send({ type: 'report', report: await report });
  } catch (error) {
    const { name, message, kind, fields } = error as { name?: string; message?: string; kind?: string; fields?: Record<string, string> };
    send({ type: 'error', error: { name: name ?? 'Error', message: message ?? String(error), kind: kind ?? null, fields: fields ?? null } });
  }
}

// The owning thread ends this worker once it has the report or the error.
void read();
