/**
 * The audit log's entries as CSV records, newest first as the screen lists them, read from the
 * ledger page by page. The file is the shared spreadsheet CSV's (csv-export/spreadsheet-csv.ts).
 *
 * Nothing secret is written to the log in the first place (the contract refuses a card number in
 * every free-text field, and secrets never reach an entry's details), but an export is a file
 * that leaves the console: it gets the wire log's last pass too, so a card number or a value
 * named like a secret that an older version let in is written redacted.
 */
import { textCell, type CsvCells, type CsvHeadings } from '../csv-export/spreadsheet-csv.ts';
import { redactBodyUniversally, removeCardNumbers } from '../http/universal-redaction.ts';
import type { Ledger } from '../ledger/port.ts';
import type { AuditEntry, AuditFilter } from '../ledger/types.ts';

const PAGE = 5_000;

export const AUDIT_EXPORT_HEADINGS: CsvHeadings = {
  en: ['seq', 'time', 'operator', 'origin', 'action', 'target_type', 'target_id', 'outcome', 'details', 'seal'],
  'pt-PT': ['n.º', 'data e hora', 'operador', 'origem', 'ação', 'tipo de alvo', 'alvo', 'resultado', 'detalhes', 'selo'],
};

function cell(value: string | null): string {
  return textCell(value === null ? null : removeCardNumbers(value));
}

function record(entry: AuditEntry, cells: CsvCells): string[] {
  return [
    String(entry.seq), cells.time(entry.at), cell(entry.operator), cell(entry.origin), entry.action, entry.targetType, cell(entry.targetId), entry.outcome,
    textCell(redactBodyUniversally(entry.details)), entry.hash,
  ];
}

/** Every entry matching `filter` as CSV records, a ledger page at a time. */
export async function* auditCsvPages(ledger: Pick<Ledger, 'audit'>, filter: AuditFilter, cells: CsvCells): AsyncGenerator<string[][]> {
  let beforeSeq: number | null = null;
  do {
    const page = await ledger.audit.search(filter, PAGE, beforeSeq);
    yield page.entries.map((entry) => record(entry, cells));
    beforeSeq = page.nextBeforeSeq;
  } while (beforeSeq !== null);
}
