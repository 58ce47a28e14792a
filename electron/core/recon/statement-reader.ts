/**
 * Reads a statement file into StatementRows as it streams: the first bytes decide the format, then
 * chunks are decoded and parsed (csv-parse) and each record mapped as it comes, so memory stays
 * bounded by a chunk whatever the file's size. A row that cannot be read is reported with its
 * line and the rest goes on; cancelling stops the reading at the next chunk or record.
 */
import { pipeline, Readable } from 'node:stream';
import { parse as parseCsv, CsvError } from 'csv-parse';
import { ConsoleError, ValidationError } from '../errors.ts';
import type { StatementFormatChoice, StatementMapping } from './mappings/statement-mapping.ts';
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

function asBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
}

/**
 * `mapping` must have come through statementMappingSchema (a gateway's, or a user's once saved).
 * Throws ValidationError when a mapped header is missing from the file, StatementImportCancelledError
 * on cancel; every other problem is a skipped row in the report.
 */
export function readStatement(source: StatementSource, mapping: StatementMapping, choice: StatementFormatChoice = {}, control: StatementReadControl = {}): StatementReading {
  let settle!: { resolve: (report: StatementReport) => void; reject: (error: unknown) => void };
  const report = new Promise<StatementReport>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The report is also thrown from the iteration; a caller who only iterates must not see it unhandled.
  report.catch(() => undefined);
  const { signal, onProgress } = control;

  async function* rows(): AsyncGenerator<StatementRow> {
    const chunks = (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
    let bytesRead = 0;
    let rowCount = 0;
    const skipped: SkippedRow[] = [];
    let text: Readable | null = null;
    let parser: ReturnType<typeof parseCsv> | null = null;
    const abort = () => {
      const error = new StatementImportCancelledError();
      text?.destroy(error);
      parser?.destroy(error);
    };
    signal?.addEventListener('abort', abort, { once: true });
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
      const format = detectStatementFormat(concatenate(head, bytesRead), mapping, choice).format;
      const decoded = async function* (): AsyncGenerator<string> {
        const decoder = decoderFor(format.encoding);
        for (const chunk of head.splice(0)) yield decoder.decode(chunk, { stream: true });
        while (!ended) {
          const next = await chunks.next();
          cancelledIfAborted(signal);
          if (next.done) break;
          const bytes = asBytes(next.value);
          bytesRead += bytes.length;
          yield decoder.decode(bytes, { stream: true });
        }
        yield decoder.decode();
      };
      text = Readable.from(decoded());
      // relax_quotes: a quote inside an unquoted value is kept as written (as spreadsheets do)
      // rather than throwing the parser off the rows after it.
      parser = parseCsv({ delimiter: format.delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_error: true, info: true, bom: true });
      parser.on('skip', (error: CsvError & { lines?: number }) => {
        // Never the parser's message: it quotes the field's value, which could be anything.
        const reason = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted value opened before this line is never closed; the file could not be read past that quote' : `the row could not be read as CSV (${error.code})`;
        skipped.push({ line: error.lines ?? 0, reason });
      });
      pipeline(text, parser, () => undefined);
      let headers: string[] | null = null;
      let index: ColumnIndex = {};
      for await (const entry of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        cancelledIfAborted(signal);
        if (!headers) {
          headers = entry.record.map((name) => name.trim());
          index = indexColumns(headers, mapping);
          continue;
        }
        const reading = readRecord(entry.record, entry.info.lines, headers, index, mapping, format);
        if ('row' in reading) {
          rowCount += 1;
          yield reading.row;
        } else {
          skipped.push({ line: entry.info.lines, reason: reading.problem });
        }
        if ((rowCount + skipped.length) % PROGRESS_EVERY === 0) onProgress?.({ rows: rowCount, skipped: skipped.length, bytes: bytesRead });
      }
      cancelledIfAborted(signal);
      onProgress?.({ rows: rowCount, skipped: skipped.length, bytes: bytesRead });
      settle.resolve({ rows: rowCount, skipped, format, headers: headers ?? [] });
    } catch (error) {
      const thrown = signal?.aborted ? new StatementImportCancelledError() : error;
      settle.reject(thrown);
      throw thrown;
    } finally {
      signal?.removeEventListener('abort', abort);
      text?.destroy();
      parser?.destroy();
      await chunks.return?.();
    }
  }

  return { report, [Symbol.asyncIterator]: () => rows() };
}
