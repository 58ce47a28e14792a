/**
 * CSV files meant to be opened in a spreadsheet, written into the data folder a page at a time:
 * the cells (times in a named zone, defused free text, ids kept exact, decimal amounts) and the
 * writing loop every export uses (reconciliation sessions, the payments list).
 *
 * The first line (after a UTF-8 byte-order mark) names the time zone the times are written in.
 * Separator and decimal mark follow the spreadsheet convention asked for (shared/domain/csv-format.ts),
 * and the header row and that first line are in the language asked for. csv-stringify (the csv-parse
 * family, which reads the statements) does the quoting: free text carries commas, quotes and line
 * breaks, and the same family reading the file back is the check that what we write is what a
 * CSV reader sees.
 *
 * The file is written under a temporary name and renamed only once the last row is in, so a
 * cancelled or failed export leaves no half file that could pass for a whole one.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import { CSV_CONVENTION_MARKS, type CsvConvention, type CsvHeaderLanguage } from '../../../shared/domain/csv-format.ts';
import { formatDecimal } from '../../../shared/money/money.ts';
import { ValidationError } from '../errors.ts';

/**
 * Excel opens a CSV without a byte-order mark in the computer's legacy code page, so "João" would
 * read "JoÃ£o"; with it, as UTF-8. LibreOffice and csv-parse (`bom: true`) take it either way.
 */
export const UTF8_BOM = '\uFEFF';

/** Where exports go, inside the data folder. */
export const EXPORTS_FOLDER = 'exports';

export type TimeCell = (at: Date | null) => string;

/** Throws ValidationError for a name the runtime does not know as a time zone. */
export function timeFormatter(timeZone: string): TimeCell {
  let format: Intl.DateTimeFormat;
  try {
    // Swedish writes dates the ISO way (2026-05-10 14:00:00), which spreadsheets read as dates.
    format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  } catch {
    throw new ValidationError(`${timeZone} is not a time zone this computer knows`, { timeZone: 'An IANA time zone, e.g. Europe/Lisbon' });
  }
  return (at) => (at === null ? '' : format.format(at));
}

/**
 * Free text. A cell a spreadsheet would take for a formula gets a leading apostrophe (OWASP's
 * advice against CSV injection): the text stays readable and nothing in it is run.
 */
export function textCell(value: string | null): string {
  if (value === null) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * What a spreadsheet would read as a number or a date rather than as text: digits with signs,
 * separators, an exponent or a percent sign ("0035", "4111222233334444555", "12E3", "1/2",
 * "2026-05-01"). Any letter other than an exponent's e, or a quote, keeps a value out.
 */
const SPREADSHEET_NUMBER_LIKE = /^(?=.*\d)[\d\s.,:/+\-%eE]+$/;

/**
 * An identifier (gateway transaction id, merchant reference, card last four): exact, never a
 * number. Excel and LibreOffice read a digits-only cell as a number, so "0035" loses its zeros and
 * a 19-digit id becomes 4.11122E+18 with its last digits gone for good (they keep 15 significant
 * digits). Such a value is written as the formula ="…", which Excel and Google Sheets show as the
 * exact text, and LibreOffice too when its text import evaluates formulas (when it does not, the
 * cell reads ="…" with every digit still there). Chosen over a leading apostrophe, which a
 * spreadsheet opening a CSV shows as part of the value, and a leading tab, which stays in the cell
 * and breaks lookups. The wrapped text is only digits and separators, so the formula can never be
 * anything but that text; every other value is free text.
 */
export function idCell(value: string | null): string {
  if (value === null) return '';
  return SPREADSHEET_NUMBER_LIKE.test(value) ? `="${value}"` : textCell(value);
}

/** How the cells and the lines of one file are written: the zone of its times, its separators, its header language. */
export interface CsvFormat {
  readonly timeZone: string;
  readonly convention: CsvConvention;
  readonly headerLanguage: CsvHeaderLanguage;
}

/** The cells whose writing depends on the file's format. */
export interface CsvCells {
  readonly time: TimeCell;
  /** A decimal amount ("12.50", "-3.5") with the file's decimal mark; a negative one stays a number. */
  decimal(value: string | null): string;
  /** An amount in minor units, as a decimal in its currency's scale with the file's decimal mark. */
  money(minor: bigint | null, currency: string): string;
}

/** Throws ValidationError for a time zone the runtime does not know. */
export function csvCells(format: CsvFormat): CsvCells {
  const { decimalMark } = CSV_CONVENTION_MARKS[format.convention];
  const decimal = (value: string | null): string => (value === null ? '' : value.replace('.', decimalMark));
  return {
    time: timeFormatter(format.timeZone),
    decimal,
    money: (minor, currency) => decimal(minor === null ? null : formatDecimal(minor, currency)),
  };
}

/** A file's header row in each language it can be written in, column for column. */
export type CsvHeadings = Readonly<Record<CsvHeaderLanguage, readonly string[]>>;

const ZONE_LINE: Readonly<Record<CsvHeaderLanguage, (timeZone: string) => string>> = {
  en: (timeZone) => `# Times are in ${timeZone}`,
  'pt-PT': (timeZone) => `# Horas no fuso horário ${timeZone}`,
};

/**
 * `<prefix>-<local date and time>-<zone>.csv`, e.g. payments-2026-05-10-140000-Europe-Lisbon.csv:
 * the time the export was made, read in the zone its times are written in, so the name says both.
 */
export function exportFileName(prefix: string, at: Date, timeZone: string): string {
  const local = timeFormatter(timeZone)(at).replace(' ', '-').replaceAll(':', '');
  return `${prefix}-${local}-${timeZone.replaceAll('/', '-')}.csv`;
}

export interface CsvExportProgress {
  readonly rowsWritten: number;
  readonly rowsPerSecond: number;
  readonly done: boolean;
}

export interface CsvExportRequest {
  /** Created when missing. */
  readonly folder: string;
  /** The finished file's name; a number is added before `.csv` when the folder already has one. */
  readonly fileName: string;
  readonly format: CsvFormat;
  readonly headings: CsvHeadings;
  /** The records, one page at a time, read only as fast as the file takes them. */
  readonly pages: AsyncIterable<ReadonlyArray<readonly string[]>>;
  readonly signal?: AbortSignal | undefined;
  /** At the start, at most every `progressEveryMs` while writing, and once at the end. */
  readonly onProgress?: ((progress: CsvExportProgress) => void) | undefined;
  readonly progressEveryMs?: number | undefined;
}

export type CsvExportResult = { readonly status: 'written'; readonly path: string; readonly rows: number } | { readonly status: 'cancelled'; readonly rows: number };

/** Writes a chunk, waiting for room; a failed write (a full disk) is thrown here, never left unheard on the stream. */
async function write(out: Writable, chunk: string, failure: () => Error | null): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
  const failed = failure();
  if (failed !== null) throw failed;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Closes the stream (its last bytes may still be landing) and only then removes the file. */
async function discard(out: Writable, temporary: string): Promise<void> {
  if (!out.closed) {
    const closed = once(out, 'close');
    out.destroy();
    await closed.catch(() => undefined);
  }
  await rm(temporary, { force: true });
}

/** The file name, or the first "name-2.csv", "name-3.csv"… not taken yet. */
async function freeName(folder: string, fileName: string): Promise<string> {
  const stem = fileName.replace(/\.csv$/, '');
  let candidate = fileName;
  for (let n = 2; await exists(join(folder, candidate)); n += 1) candidate = `${stem}-${n}.csv`;
  return join(folder, candidate);
}

/**
 * Writes the time-zone line, the header and every page in the request's format to `folder/fileName`. Refuses an unknown
 * time zone before any file exists. Cancelled (the signal) between pages: the temporary file is
 * removed and nothing is left in the folder.
 */
export async function writeCsvExport(request: CsvExportRequest): Promise<CsvExportResult> {
  timeFormatter(request.format.timeZone);
  const separator = CSV_CONVENTION_MARKS[request.format.convention].separator;
  const line = (records: readonly (readonly string[])[]): string => stringify(records as string[][], { delimiter: separator });
  await mkdir(request.folder, { recursive: true });
  const temporary = join(request.folder, `.${request.fileName}.${randomBytes(6).toString('hex')}.partial`);
  const out = createWriteStream(temporary, { flags: 'wx' });
  // Opened before anything else, so a cancel cannot remove the file before it exists.
  await once(out, 'open');
  let failed: Error | null = null;
  out.on('error', (error) => (failed ??= error));
  const started = Date.now();
  let rows = 0;
  let reportedAt = 0;
  const report = (done: boolean): void => {
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
    request.onProgress?.({ rowsWritten: rows, rowsPerSecond: Math.round(rows / seconds), done });
    reportedAt = Date.now();
  };
  try {
    report(false);
    const failure = () => failed;
    await write(out, `${UTF8_BOM}${ZONE_LINE[request.format.headerLanguage](request.format.timeZone)}\n`, failure);
    await write(out, line([request.headings[request.format.headerLanguage]]), failure);
    for await (const page of request.pages) {
      if (request.signal?.aborted === true) break;
      if (page.length > 0) await write(out, line(page), failure);
      rows += page.length;
      if (Date.now() - reportedAt >= (request.progressEveryMs ?? 250)) report(false);
    }
    if (request.signal?.aborted === true) {
      await discard(out, temporary);
      report(true);
      return { status: 'cancelled', rows };
    }
    out.end();
    await finished(out);
    // Two exports finishing within the same second get different names rather than one file.
    const path = await freeName(request.folder, request.fileName);
    await rename(temporary, path);
    report(true);
    return { status: 'written', path, rows };
  } catch (error) {
    await discard(out, temporary);
    throw error;
  }
}
