/**
 * The CSV report the export calls deliver (fact sheet §4: exportTransactions, exportChargebacks and
 * getTransactions with a CALLBACKURL send "an asynchronous report (CSV)"). No source prints its
 * columns or its separator (INFERRED, and so configurable in the settings): a header of the
 * parameter names a notification carries (§8), one line per transaction, RFC 4180 quoting.
 */

import { csvLine } from '../../../sandbox/statement/statement-generator.ts';

export const REPORT_COLUMNS = [
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

export function transactionReportCsv(rows: ReadonlyArray<Readonly<Record<string, string>>>, separator: string): string {
  const lines = [REPORT_COLUMNS, ...rows.map((row) => REPORT_COLUMNS.map((column) => row[column] ?? ''))];
  return lines.map((line) => csvLine(line, separator, '\r\n')).join('');
}
