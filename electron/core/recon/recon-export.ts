/**
 * A reconciliation session as a CSV file: one line naming the time zone the times are written in,
 * then a header and one record per row, read from the ledger page by page so a million-row
 * session never sits in memory whole.
 *
 * csv-stringify (the csv-parse family, which reads the statements) does the quoting: merchant
 * references, reasons and notes are free text with commas, quotes and line breaks, and the same
 * family reading the file back is the check that what we write is what a CSV reader sees.
 * Free-text cells that would start a spreadsheet formula get a leading apostrophe (OWASP's
 * advice against CSV injection); amounts are never touched, a negative one stays a number.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { ReconClass } from '../../../shared/domain/recon.ts';
import { formatDecimal } from '../../../shared/money/money.ts';
import { ValidationError } from '../errors.ts';
import type { Ledger } from '../ledger/port.ts';
import type { ReconRowRecord } from '../ledger/recon-types.ts';

const PAGE = 5_000;

export const RECON_EXPORT_COLUMNS = [
  'line', 'class', 'reason', 'payment_id', 'gateway_transaction_id', 'merchant_reference', 'kind', 'statement_status', 'amount', 'currency', 'fee', 'net',
  'ledger_amount', 'ledger_status', 'transaction_at', 'settled_at', 'merchant_account', 'resolution', 'follow_up', 'note', 'resolved_by', 'resolved_at',
] as const;

/** Throws ValidationError for a name the runtime does not know as a time zone. */
export function timeFormatter(timeZone: string): (at: Date | null) => string {
  let format: Intl.DateTimeFormat;
  try {
    // Swedish writes dates the ISO way (2026-05-10 14:00:00), which spreadsheets read as dates.
    format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  } catch {
    throw new ValidationError(`${timeZone} is not a time zone this computer knows`, { timeZone: 'An IANA time zone, e.g. Europe/Lisbon' });
  }
  return (at) => (at === null ? '' : format.format(at));
}

function text(value: string | null): string {
  if (value === null) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

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

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Writes the session to `out` (not ended here); answers how many rows it wrote. */
export async function writeReconCsv(ledger: Pick<Ledger, 'recon'>, sessionId: string, options: { timeZone: string; reconClass?: ReconClass | undefined }, out: Writable): Promise<number> {
  const time = timeFormatter(options.timeZone);
  await write(out, `# Times are in ${options.timeZone}\n`);
  await write(out, stringify([[...RECON_EXPORT_COLUMNS]]));
  let cursor: string | null = null;
  let count = 0;
  do {
    const page = await ledger.recon.rows(sessionId, { reconClass: options.reconClass }, PAGE, cursor);
    if (page.rows.length > 0) await write(out, stringify(page.rows.map((row) => record(row, time))));
    count += page.rows.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return count;
}
