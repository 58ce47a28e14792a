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
import { decoderFor, detectStatementFormat, SAMPLE_BYTES, type StatementFormat } from './statement-format.ts';
import { indexColumns, readRecord, type ColumnIndex } from './statement-record.ts';
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

/**
 * `mapping` must have come through statementMappingSchema (a gateway's, or a user's once saved).
 * Throws ValidationError when a mapped header is missing from the file, StatementImportCancelledError
 * on cancel; every other problem is a skipped row in the report.
 */
export function readStatement(source: StatementSource, mapping: StatementMapping, choice: StatementFormatChoice = {}, control: StatementReadControl = {}): StatementReading {
  const { signal, onProgress } = control;
  return statementReading(signal, async function* batches(settle): AsyncGenerator<readonly StatementRow[]> {
    const chunks = (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
    let bytesRead = 0;
    let rowCount = 0;
    const skipped: SkippedRow[] = [];
    let headers: string[] | null = null;
    let index: ColumnIndex = {};
    let format: StatementFormat | null = null;

    const rowsOf = (block: CsvBlock): StatementRow[] => {
      const rows: StatementRow[] = [];
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
        const reading = readRecord(record, line, headers, index, mapping, known);
        if ('row' in reading) {
          rowCount += 1;
          rows.push(reading.row);
        } else {
          skipped.push({ line, reason: reading.problem });
        }
        if ((rowCount + skipped.length) % PROGRESS_EVERY === 0) onProgress?.({ rows: rowCount, skipped: skipped.length, bytes: bytesRead });
      }
      return rows;
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
      const decoder = decoderFor(format.encoding);
      const blocks = new CsvBlockReader(format.delimiter);
      for (const chunk of head.splice(0)) {
        for (const slice of slices(chunk)) {
          const rows = rowsOf(blocks.push(decoder.decode(slice, { stream: true })));
          if (rows.length > 0) yield rows;
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
          const rows = rowsOf(blocks.push(decoder.decode(slice, { stream: true })));
          if (rows.length > 0) yield rows;
          cancelledIfAborted(signal);
        }
      }
      const last = [...rowsOf(blocks.push(decoder.decode())), ...rowsOf(blocks.end())];
      if (last.length > 0) yield last;
      cancelledIfAborted(signal);
      onProgress?.({ rows: rowCount, skipped: skipped.length, bytes: bytesRead });
      settle.resolve({ rows: rowCount, skipped, format, headers: headers ?? [] });
    } finally {
      await chunks.return?.();
    }
  }).reading;
}

export interface ReportSettle {
  resolve(report: StatementReport): void;
  reject(error: unknown): void;
}

/**
 * A reading over a producer of row blocks: the report it settles (also when the consumer stops
 * part-way: cancelled), and the same rows one at a time. `settle` is for a reading that ends
 * without its producer having run.
 */
export function statementReading(signal: AbortSignal | undefined, produce: (settle: ReportSettle) => AsyncGenerator<readonly StatementRow[]>): { reading: StatementReading; settle: ReportSettle } {
  let settle!: ReportSettle;
  const report = new Promise<StatementReport>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The report is also thrown from the iteration; a caller who only iterates must not see it unhandled.
  report.catch(() => undefined);
  async function* batches(): AsyncGenerator<readonly StatementRow[]> {
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

  async function* rows(): AsyncGenerator<StatementRow> {
    for await (const batch of batches()) {
      for (const row of batch) {
        cancelledIfAborted(signal);
        yield row;
      }
    }
  }

  return { reading: { report, batches, [Symbol.asyncIterator]: () => rows() }, settle };
}
