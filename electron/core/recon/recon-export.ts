/**
 * A reconciliation session's rows as CSV records, read from the ledger page by page; the file,
 * its time zone line and the quoting are the shared CSV export's (exports/csv-export-file.ts).
 */
import type { ReconClass } from '../../../shared/domain/recon.ts';
import { formatDecimal } from '../../../shared/money/money.ts';
import { csvTimeFormatter, spreadsheetSafeText as text, type CsvRecordWriter } from '../exports/csv-export-file.ts';
import type { Ledger } from '../ledger/port.ts';
import type { ReconRowRecord } from '../ledger/recon-types.ts';

const PAGE = 5_000;

export const RECON_EXPORT_COLUMNS = [
  'line', 'class', 'reason', 'payment_id', 'gateway_transaction_id', 'merchant_reference', 'kind', 'statement_status', 'amount', 'currency', 'fee', 'net',
  'ledger_amount', 'ledger_status', 'transaction_at', 'settled_at', 'merchant_account', 'resolution', 'follow_up', 'note', 'resolved_by', 'resolved_at',
] as const;

function money(value: bigint | null, currency: string): string {
  return value === null ? '' : formatDecimal(value, currency);
}

function record(row: ReconRowRecord, time: (at: Date | null) => string): string[] {
  return [
    row.line === null ? '' : String(row.line), row.reconClass, text(row.reason), row.paymentId ?? '', text(row.gatewayTransactionId), text(row.merchantReference),
    row.kind ?? '', row.statementStatus ?? '', money(row.amountMinor, row.currency), row.currency, money(row.feeMinor, row.currency), money(row.netMinor, row.currency),
    money(row.ledgerAmountMinor, row.currency), row.ledgerStatus ?? '', time(row.transactionAt), time(row.settledAt), text(row.merchantAccount),
    row.resolution?.kind ?? '', row.resolution?.followUp ?? '', text(row.resolution?.note ?? null), row.resolution?.by ?? '', time(row.resolution?.at ?? null),
  ];
}

/** Writes the session's records through `write`; answers how many it wrote. */
export async function writeReconRecords(ledger: Pick<Ledger, 'recon'>, sessionId: string, options: { timeZone: string; reconClass?: ReconClass | undefined }, write: CsvRecordWriter): Promise<number> {
  const time = csvTimeFormatter(options.timeZone);
  let cursor: string | null = null;
  let count = 0;
  do {
    const page = await ledger.recon.rows(sessionId, { reconClass: options.reconClass }, PAGE, cursor);
    await write(page.rows.map((row) => record(row, time)));
    count += page.rows.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return count;
}
