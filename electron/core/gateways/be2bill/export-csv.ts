/**
 * The transactions export as CSV (fact sheet §4: exportTransactions and getTransactions with a
 * CALLBACKURL deliver "an asynchronous report (CSV)"). No source prints its columns or separator
 * (INFERRED): one header row with the keys a notification carries, `;` between fields (the French
 * spreadsheet convention), fields quoted when they hold a separator, a quote or a line break.
 * The emulator writes it; reconciliation reads it back with `parseBe2billExportCsv`.
 */

export const BE2BILL_EXPORT_COLUMNS = [
  'TRANSACTIONID',
  'ORDERID',
  'OPERATIONTYPE',
  'DATE',
  'AMOUNT',
  'CURRENCY',
  'EXECCODE',
  'MESSAGE',
  'CARDCODE',
  'CARDTYPE',
  'CARDVALIDITYDATE',
  'CLIENTIDENT',
  'SCHEDULEID',
  'DESCRIPTION',
] as const;

export const BE2BILL_EXPORT_SEPARATOR = ';';

function quoted(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function writeBe2billExportCsv(rows: ReadonlyArray<Readonly<Record<string, string | undefined>>>): string {
  const lines = [BE2BILL_EXPORT_COLUMNS.join(BE2BILL_EXPORT_SEPARATOR)];
  for (const row of rows) lines.push(BE2BILL_EXPORT_COLUMNS.map((column) => quoted(row[column] ?? '')).join(BE2BILL_EXPORT_SEPARATOR));
  return `${lines.join('\r\n')}\r\n`;
}

/** Rows keyed by the header's names; a quoted field may hold separators, quotes and line breaks. */
export function parseBe2billExportCsv(text: string): Array<Record<string, string>> {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inQuotes) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        inQuotes = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      inQuotes = true;
    } else if (char === BE2BILL_EXPORT_SEPARATOR) {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...body] = records;
  if (header === undefined) return [];
  return body.filter((cells) => cells.some((cell) => cell !== '')).map((cells) => Object.fromEntries(header.map((name, column) => [name, cells[column] ?? ''])));
}
