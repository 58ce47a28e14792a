/**
 * The audit log's entries as CSV records, newest first as the screen lists them, read from the
 * ledger page by page. The file is the shared CSV export's (exports/csv-export-file.ts).
 *
 * Nothing secret is written to the log in the first place (the contract refuses a card number in
 * every free-text field, and secrets never reach an entry's details), but an export is a file
 * that leaves the console: it gets the wire log's last pass too, so a card number or a value
 * named like a secret that an older version let in is written redacted.
 */
import { csvTimeFormatter, spreadsheetSafeText, type CsvRecordWriter } from '../exports/csv-export-file.ts';
import { redactBodyUniversally, removeCardNumbers } from '../http/universal-redaction.ts';
import type { Ledger } from '../ledger/port.ts';
import type { AuditEntry, AuditFilter } from '../ledger/types.ts';

const PAGE = 5_000;

export const AUDIT_EXPORT_COLUMNS = ['seq', 'time', 'operator', 'origin', 'action', 'target_type', 'target_id', 'outcome', 'details', 'seal'] as const;

function cell(value: string | null): string {
  return spreadsheetSafeText(value === null ? null : removeCardNumbers(value));
}

function record(entry: AuditEntry, time: (at: Date) => string): string[] {
  return [
    String(entry.seq), time(entry.at), cell(entry.operator), cell(entry.origin), entry.action, entry.targetType, cell(entry.targetId), entry.outcome,
    spreadsheetSafeText(redactBodyUniversally(entry.details)), entry.hash,
  ];
}

/** Writes every entry matching `filter` through `write`; answers how many it wrote. */
export async function writeAuditRecords(ledger: Pick<Ledger, 'audit'>, filter: AuditFilter, timeZone: string, write: CsvRecordWriter): Promise<number> {
  const format = csvTimeFormatter(timeZone);
  const time = (at: Date): string => format(at);
  let beforeSeq: number | null = null;
  let count = 0;
  do {
    const page = await ledger.audit.search(filter, PAGE, beforeSeq);
    await write(page.entries.map((entry) => record(entry, time)));
    count += page.entries.length;
    beforeSeq = page.nextBeforeSeq;
  } while (beforeSeq !== null);
  return count;
}
