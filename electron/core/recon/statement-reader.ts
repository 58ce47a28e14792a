/**
 * Reads a statement file into StatementRows as it streams: the first bytes decide the format, then
 * chunks are decoded, cut into blocks of whole lines and parsed (csv-blocks.ts), and each record is
 * mapped as it comes, so memory stays bounded by a block whatever the file's size. Rows come a
 * block at a time (an import awaits once per block, not once per row). A row that cannot be read
 * is reported with its line and the rest goes on; cancelling stops the reading at the next block or row.
 */
import type { Readable } from 'node:stream';
import { ConsoleError, ValidationError } from '../errors.ts';
import type { StatementFormatChoice, StatementMapping } from './mappings/statement-mapping.ts';
import { CsvBlockReader, type CsvBlock } from './csv-blocks.ts';
import { detectStatementFormat, SAMPLE_BYTES, type StatementFormat } from './statement-format.ts';
import { StatementTextDecoder } from './statement-text-decoder.ts';
import { indexColumns, readRecordInto, statementRowOf, StatementValues, type ColumnIndex } from './statement-record.ts';
import type { SkippedRow, StatementRow } from './statement-row.ts';

/** The import was cancelled: whatever was read is to be dropped, not kept half-done. */
export class StatementImportCancelledError extends ConsoleError {
  override name = 'StatementImportCancelledError';
  constructor() {
    super('conflict', 'The statement import was cancelled');
  }
}

export interface StatementProgress {
  readonly rows: number;
  readonly skipped: number;
  readonly bytes: number;
}

export interface StatementReport {
  readonly rows: number;
  readonly skipped: readonly SkippedRow[];
  readonly format: StatementFormat;
  readonly headers: readonly string[];
}

export interface StatementReadControl {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: StatementProgress) => void;
}

export interface StatementReading extends AsyncIterable<StatementRow> {
  /** Settles once the rows have been iterated to the end: the counts, every skipped row and the format used. */
  readonly report: Promise<StatementReport>;
  /** The same rows a block at a time, never an empty block (what an import consumes). */
  batches(): AsyncIterable<readonly StatementRow[]>;
}

/** A file's bytes. Each chunk is handed over: the reader may take its memory, so the source never touches a chunk it has given. */
export type StatementSource = AsyncIterable<Uint8Array> | Readable;

const PROGRESS_EVERY = 5_000;

function cancelledIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StatementImportCancelledError();
}

function concatenate(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

/** A chunk is decoded and parsed this much at a time, so one huge chunk does not become one huge block. */
const SLICE_BYTES = 1 << 20;

function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += SLICE_BYTES) yield bytes.subarray(offset, offset + SLICE_BYTES);
}

function asBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
}

/** Where the rows read go: blocks of StatementRow objects, or of columns (statement-reader-worker.ts). */
export interface RowCollector<B> {
  add(values: StatementValues): void;
  readonly size: number;
  /** Whether the block must be taken before the next row. */
  readonly full: boolean;
  take(): B;
}

class StatementRowsCollector implements RowCollector<readonly StatementRow[]> {
  #rows: StatementRow[] = [];
  readonly full = false;
  add(values: StatementValues): void {
    this.#rows.push(statementRowOf(values));
  }
  get size(): number {
    return this.#rows.length;
  }
  take(): readonly StatementRow[] {
    const rows = this.#rows;
    this.#rows = [];
    return rows;
  }
}

/**
 * `mapping` must have come through statementMappingSchema (a gateway's, or a user's once saved).
 * Throws ValidationError when a mapped header is missing from the file, StatementImportCancelledError
 * on cancel; every other problem is a skipped row in the report.
 */
export function readStatement(source: StatementSource, mapping: StatementMapping, choice: StatementFormatChoice = {}, control: StatementReadControl = {}): StatementReading {
  return statementReading(control.signal, (settle) => readStatementBlocks(source, mapping, choice, control, new StatementRowsCollector(), settle)).reading;
}

/** readStatement's work, each block of rows as the collector makes it; the report goes to `settle` once the file has ended. */
export async function* readStatementBlocks<B>(source: StatementSource, mapping: StatementMapping, choice: StatementFormatChoice, control: StatementReadControl, collector: RowCollector<B>, settle: ReportSettle): AsyncGenerator<B> {
  const { signal, onProgress } = control;
  const chunks = (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  let bytesRead = 0;
  let rowCount = 0;
  const skipped: SkippedRow[] = [];
  let headers: string[] | null = null;
  let index: ColumnIndex = {};
  let format: StatementFormat | null = null;
  const values = new StatementValues();

  /** The blocks a parsed CSV block completes, the rows of a partly filled one included. */
  const blocksOf = (block: CsvBlock): B[] => {
    const done: B[] = [];
    const known = format as StatementFormat;
    for (const problem of block.problems) skipped.push(problem);
    const { records, lines } = block;
    for (let at = 0; at < records.length; at += 1) {
      const record = records[at] as string[];
      const line = lines[at] as number;
      if (headers === null) {
        headers = record.map((name) => name.trim());
        index = indexColumns(headers, mapping);
        continue;
      }
      const problem = readRecordInto(values, record, line, headers, index, mapping, known);
      if (problem === null) {
        rowCount += 1;
        if (collector.full) done.push(collector.take());
        collector.add(values);
      } else {
        skipped.push({ line, reason: problem.problem });
      }
      if ((rowCount + skipped.length) % PROGRESS_EVERY === 0) onProgress?.({ rows: rowCount, skipped: skipped.length, bytes: bytesRead });
    }
    if (collector.size > 0) done.push(collector.take());
    return done;
  };

  try {
    cancelledIfAborted(signal);
    const head: Uint8Array[] = [];
    let ended = false;
    while (bytesRead < SAMPLE_BYTES) {
      const next = await chunks.next();
      cancelledIfAborted(signal);
      if (next.done) {
        ended = true;
        break;
      }
      const bytes = asBytes(next.value);
      head.push(bytes);
      bytesRead += bytes.length;
    }
    if (bytesRead === 0) throw new ValidationError('The statement file is empty');
    format = detectStatementFormat(concatenate(head, bytesRead), mapping, choice).format;
    const decoder = new StatementTextDecoder(format.encoding);
    const blocks = new CsvBlockReader(format.delimiter);
    for (const chunk of head.splice(0)) {
      for (const slice of slices(chunk)) {
        yield* blocksOf(blocks.push(decoder.decode(slice)));
        cancelledIfAborted(signal);
      }
    }
    while (!ended) {
      const next = await chunks.next();
      cancelledIfAborted(signal);
      if (next.done) break;
      const bytes = asBytes(next.value);
      bytesRead += bytes.length;
      for (const slice of slices(bytes)) {
        yield* blocksOf(blocks.push(decoder.decode(slice)));
        cancelledIfAborted(signal);
      }
    }
    yield* blocksOf(blocks.push(decoder.end()));
    yield* blocksOf(blocks.end());
    cancelledIfAborted(signal);
    onProgress?.({ rows: rowCount, skipped: skipped.length, bytes: bytesRead });
    settle.resolve({ rows: rowCount, skipped, format, headers: headers ?? [] });
  } finally {
    await chunks.return?.();
  }
}

export interface ReportSettle {
  resolve(report: StatementReport): void;
  reject(error: unknown): void;
}

/**
 * A reading over a producer of row blocks: the report it settles (also when the consumer stops
 * part-way: cancelled), and the same rows one at a time. `settle` is for a reading that ends
 * without its producer having run. A producer of blocks other than rows (columns from a reading
 * thread) gives `rowsOf`; `blocks` then hands them over as they are.
 */
export function statementReading<B = readonly StatementRow[]>(
  signal: AbortSignal | undefined,
  produce: (settle: ReportSettle) => AsyncGenerator<B>,
  rowsOf: (block: B) => readonly StatementRow[] = (block) => block as readonly StatementRow[],
): { reading: StatementReading; blocks: () => AsyncGenerator<B>; settle: ReportSettle } {
  let settle!: ReportSettle;
  const report = new Promise<StatementReport>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The report is also thrown from the iteration; a caller who only iterates must not see it unhandled.
  report.catch(() => undefined);
  async function* blocks(): AsyncGenerator<B> {
    try {
      yield* produce(settle);
    } catch (error) {
      const thrown = signal?.aborted ? new StatementImportCancelledError() : error;
      settle.reject(thrown);
      throw thrown;
    } finally {
      // A consumer that stops reading part-way (a cancelled import) gets a report all the same: cancelled.
      settle.reject(new StatementImportCancelledError());
    }
  }

  async function* batches(): AsyncGenerator<readonly StatementRow[]> {
    for await (const block of blocks()) yield rowsOf(block);
  }

  async function* rows(): AsyncGenerator<StatementRow> {
    for await (const batch of batches()) {
      for (const row of batch) {
        cancelledIfAborted(signal);
        yield row;
      }
    }
  }

  return { reading: { report, batches, [Symbol.asyncIterator]: () => rows() }, blocks, settle };
}
