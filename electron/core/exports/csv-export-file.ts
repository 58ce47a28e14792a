/**
 * What every CSV export of the console does the same way: a new file under `<dataDir>/exports/`
 * whose name and first line say which time zone its times are written in, then a header and the
 * records, written page by page by the caller so a million rows never sit in memory whole.
 *
 * csv-stringify (the csv-parse family, which reads the statements) does the quoting: references,
 * reasons, notes and details are free text with commas, quotes and line breaks, and the same
 * family reading the file back is the check that what we write is what a CSV reader sees.
 * Free-text cells that would start a spreadsheet formula get a leading apostrophe (OWASP's
 * advice against CSV injection); amounts are never passed through that guard, so a negative one
 * stays a number.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import { ValidationError } from '../errors.ts';
import type { Clock } from '../ports.ts';

/** Throws ValidationError for a name the runtime does not know as a time zone. */
export function csvTimeFormatter(timeZone: string): (at: Date | null) => string {
  let format: Intl.DateTimeFormat;
  try {
    // Swedish writes dates the ISO way (2026-05-10 14:00:00), which spreadsheets read as dates.
    format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  } catch {
    throw new ValidationError(`${timeZone} is not a time zone this computer knows`, { timeZone: 'An IANA time zone, e.g. Europe/Lisbon' });
  }
  return (at) => (at === null ? '' : format.format(at));
}

/** Free text as a spreadsheet may open it: never read as a formula. */
export function spreadsheetSafeText(value: string | null): string {
  if (value === null) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The file names' form of a zone: `Europe/Lisbon` → `Europe-Lisbon`. */
function zoneInFileName(timeZone: string): string {
  return timeZone.replace(/[^A-Za-z0-9_+-]+/g, '-');
}

/** Writes the records of one page (or any batch) to the file. */
export type CsvRecordWriter = (records: readonly (readonly string[])[]) => Promise<void>;

export interface CsvExport {
  readonly dataDir: string;
  readonly clock: Clock;
  /** What the file holds, the start of its name: a session id, `audit-log`. */
  readonly name: string;
  readonly timeZone: string;
  readonly columns: readonly string[];
  /** Writes every record through `write` and answers how many it wrote. */
  readonly writeRecords: (write: CsvRecordWriter) => Promise<number>;
}

async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Writes the export to a new file and answers where it went and how many records it holds. An
 * unknown time zone is refused before any file exists; an export that fails half-way leaves no
 * file behind to be mistaken for a complete one.
 */
export async function writeCsvExport(spec: CsvExport): Promise<{ path: string; rows: number }> {
  csvTimeFormatter(spec.timeZone);
  const folder = join(spec.dataDir, 'exports');
  await mkdir(folder, { recursive: true });
  const stamp = spec.clock.now().toISOString().replace(/[:.]/g, '-');
  const path = join(folder, `${spec.name}-${zoneInFileName(spec.timeZone)}-${stamp}.csv`);
  const out = createWriteStream(path, { flags: 'wx' });
  try {
    await writeChunk(out, `# Times are in ${spec.timeZone}\n`);
    await writeChunk(out, stringify([[...spec.columns]]));
    const rows = await spec.writeRecords(async (records) => {
      if (records.length > 0) await writeChunk(out, stringify(records.map((record) => [...record])));
    });
    out.end();
    await finished(out);
    return { path, rows };
  } catch (error) {
    out.destroy();
    await rm(path, { force: true });
    throw error;
  }
}
