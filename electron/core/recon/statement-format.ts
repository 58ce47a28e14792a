/**
 * What a statement file is written in, guessed from its first bytes and shown before the import:
 * encoding, delimiter, decimal separator, date format and time zone. Every guess gives way to the
 * user's choice, then to the mapping's default; the time zone is never guessed (a file states no
 * zone unless its dates carry offsets, and those are honoured whatever the zone).
 */
import { parse as parseCsvSync } from 'csv-parse/sync';
import { DATE_FORMATS, DELIMITERS, type DateFormat, type DecimalSeparator, type Delimiter, type StatementEncoding } from '../../../shared/domain/statement-vocabulary.ts';
import type { StatementFormatChoice, StatementMapping } from './mappings/statement-mapping.ts';
import { looksLikeDate } from './statement-values.ts';

export interface StatementFormat {
  readonly encoding: StatementEncoding;
  readonly delimiter: Delimiter;
  readonly decimalSeparator: DecimalSeparator;
  readonly dateFormat: DateFormat;
  readonly timeZone: string;
  /** Which of the values above were detected (the others were chosen or came from the mapping). */
  readonly detected: ReadonlyArray<keyof StatementFormatChoice>;
}

/** Enough lines to see a delimiter and a few values of each column, small enough to read at once. */
export const SAMPLE_BYTES = 64 * 1024;
const SAMPLE_LINES = 50;

export function detectEncoding(bytes: Uint8Array): StatementEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // UTF-16 without a BOM: ASCII text leaves every other byte zero.
  const sample = bytes.subarray(0, 512);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < sample.length; index += 1) {
    if (sample[index] !== 0) continue;
    if (index % 2 === 0) evenZeros += 1;
    else oddZeros += 1;
  }
  if (sample.length >= 4 && oddZeros > sample.length / 4) return 'utf-16le';
  if (sample.length >= 4 && evenZeros > sample.length / 4) return 'utf-16be';
  // A sample cut inside a multi-byte character is still UTF-8: drop the last three bytes before judging.
  const judged = bytes.length > SAMPLE_BYTES - 4 ? bytes.subarray(0, bytes.length - 3) : bytes;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(judged);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** Decoder for the encoding; a BOM is consumed, never part of the first header. */
export function decoderFor(encoding: StatementEncoding): TextDecoder {
  return new TextDecoder(encoding);
}

/** Whole lines only: a sample cut mid-line would show a short last row (a whole file keeps its last line). */
function sampleLines(text: string, complete: boolean): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (!complete && lines.length > 1) lines.pop();
  return lines.filter((line) => line.trim() !== '').slice(0, SAMPLE_LINES);
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const character of line) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && character === delimiter) count += 1;
  }
  return count;
}

/** The candidate every line splits on the same number of times (most columns on a tie); `,` if none does. */
export function detectDelimiter(lines: readonly string[]): Delimiter {
  let best: { delimiter: Delimiter; columns: number; consistent: boolean } | null = null;
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.every((count) => count === first);
    const better = !best || (consistent && !best.consistent) || (consistent === best.consistent && first > best.columns);
    if (better) best = { delimiter, columns: first, consistent };
  }
  return best?.delimiter ?? ',';
}

const COMMA_DECIMAL = /^[-+]?\d{1,3}(?:[.\s\u00a0]\d{3})*,\d+$|^[-+]?\d+,\d+$/;
const DOT_DECIMAL = /^[-+]?\d{1,3}(?:[,\s\u00a0]\d{3})*\.\d+$|^[-+]?\d+\.\d+$/;

export function detectDecimalSeparator(values: readonly string[]): DecimalSeparator {
  let comma = 0;
  let dot = 0;
  for (const value of values) {
    const text = value.trim();
    if (COMMA_DECIMAL.test(text)) comma += 1;
    else if (DOT_DECIMAL.test(text)) dot += 1;
  }
  return comma > dot ? ',' : '.';
}

/**
 * The format most values read in (a file sticks to one; a stray value is the row's problem, reported
 * when it is read). Day-first comes before month-first in the list
 * (the gateways here are European and African), so 03/04/2024 is the 3rd of April unless a value
 * such as 04/13/2024 rules day-first out.
 */
export function detectDateFormat(values: readonly string[]): DateFormat | null {
  const present = values.map((value) => value.trim()).filter((value) => value !== '');
  if (present.length === 0) return null;
  let best: { format: DateFormat; read: number } | null = null;
  for (const format of DATE_FORMATS) {
    const read = present.filter((value) => looksLikeDate(value, format)).length;
    if (read > 0 && (!best || read > best.read)) best = { format, read };
  }
  return best?.format ?? null;
}

function columnValues(rows: readonly string[][], headers: readonly string[], names: ReadonlyArray<string | undefined>): string[] {
  const indexes = names.flatMap((name) => {
    if (!name) return [];
    const index = headers.indexOf(name);
    return index >= 0 ? [index] : [];
  });
  return rows.flatMap((row) => indexes.map((index) => row[index] ?? ''));
}

export interface FormatSample {
  readonly format: StatementFormat;
  readonly headers: string[];
  readonly rows: string[][];
}

/**
 * Detects the format from the file's first bytes (the whole file when shorter than SAMPLE_BYTES,
 * which is how a caller says the sample is complete). Amount and date columns are the mapping's when
 * one is given, else every column (the column picker has no mapping yet).
 */
export function detectStatementFormat(bytes: Uint8Array, mapping: StatementMapping | null, choice: StatementFormatChoice = {}): FormatSample {
  const detected: Array<keyof StatementFormatChoice> = [];
  const defaults = mapping?.format ?? {};
  const encoding = choice.encoding ?? defaults.encoding ?? (detected.push('encoding'), detectEncoding(bytes));
  const lines = sampleLines(decoderFor(encoding).decode(bytes.subarray(0, SAMPLE_BYTES)), bytes.length < SAMPLE_BYTES);
  const delimiter = choice.delimiter ?? defaults.delimiter ?? (detected.push('delimiter'), detectDelimiter(lines));
  let records: string[][] = [];
  try {
    records = parseCsvSync(lines.join('\n'), { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true });
  } catch {
    // A sample the parser cannot read leaves the detection to the defaults; the import reports the rows.
  }
  const headers = (records[0] ?? []).map((name) => name.trim());
  const rows = records.slice(1);
  const columns = mapping?.columns;
  const amountValues = columns ? columnValues(rows, headers, [columns.amount, columns.fee, columns.net]) : rows.flat();
  const decimalSeparator = choice.decimalSeparator ?? defaults.decimalSeparator ?? (detected.push('decimalSeparator'), detectDecimalSeparator(amountValues));
  let dateFormat = choice.dateFormat ?? defaults.dateFormat;
  if (!dateFormat) {
    detected.push('dateFormat');
    if (columns) dateFormat = detectDateFormat(columnValues(rows, headers, [columns.transactionAt, columns.settledAt])) ?? 'iso';
    else dateFormat = headers.map((_, index) => detectDateFormat(rows.map((row) => row[index] ?? ''))).find((format) => format !== null && format !== undefined) ?? 'iso';
  }
  const timeZone = choice.timeZone ?? defaults.timeZone ?? 'UTC';
  return { format: { encoding, delimiter, decimalSeparator, dateFormat, timeZone, detected }, headers, rows };
}
