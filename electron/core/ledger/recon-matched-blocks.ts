/**
 * A block of matched reconciliation rows (migration 12): one batch's matched rows as columns in
 * a JSON text, and their count and sum per currency. JSON because both backends store and return
 * text as it is and V8 writes and reads it natively; columns because a block is read whole and
 * mostly scanned (a page, a text search, an export). Amounts are at most MAX_MINOR (10^15), which
 * a JSON number holds exactly; instants are epoch milliseconds.
 */
import type { PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { StatementEntryKind, StatementStatus } from '../../../shared/domain/recon.ts';
import type { NewReconRow, ReconRowRecord } from './recon-types.ts';

/** A row with its number in the session. */
export interface NumberedReconRow {
  readonly ordinal: number;
  readonly row: NewReconRow;
}

export interface EncodedMatchedBlock {
  readonly firstOrdinal: number;
  readonly lastOrdinal: number;
  readonly rowCount: number;
  readonly rows: string;
  readonly totals: string;
}

/** The columns of a block as stored (version 1). */
export interface MatchedBlockColumns {
  readonly v: 1;
  readonly ordinal: number[];
  readonly line: Array<number | null>;
  readonly reason: Array<string | null>;
  readonly paymentId: Array<string | null>;
  readonly gatewayTransactionId: Array<string | null>;
  readonly merchantReference: Array<string | null>;
  readonly kind: Array<StatementEntryKind | null>;
  readonly statementStatus: Array<StatementStatus | null>;
  readonly amount: number[];
  readonly currency: string[];
  readonly fee: Array<number | null>;
  readonly net: Array<number | null>;
  readonly transactionAt: Array<number | null>;
  readonly settledAt: Array<number | null>;
  readonly merchantAccount: Array<string | null>;
  readonly ledgerAmount: Array<number | null>;
  readonly ledgerStatus: Array<PaymentStatus | null>;
}

/** Count and sum (minor units, as text) per currency. */
export type MatchedBlockTotals = Record<string, [number, string]>;

const COLUMN_NAMES = [
  'ordinal', 'line', 'reason', 'paymentId', 'gatewayTransactionId', 'merchantReference', 'kind', 'statementStatus', 'amount', 'currency', 'fee', 'net',
  'transactionAt', 'settledAt', 'merchantAccount', 'ledgerAmount', 'ledgerStatus',
] as const;

function exactly(amount: bigint): number {
  const value = Number(amount);
  if (!Number.isSafeInteger(value)) throw new RangeError(`The amount ${amount} is beyond what a reconciliation row may hold`);
  return value;
}

const orNull = <T, R>(value: T | null, made: (value: T) => R): R | null => (value === null ? null : made(value));
const epochMs = (at: Date): number => at.getTime();

/** Rows in ordinal order, all of class matched. */
export function encodeMatchedBlock(rows: readonly NumberedReconRow[]): EncodedMatchedBlock {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first === undefined || last === undefined) throw new RangeError('A block holds at least one row');
  const columns: MatchedBlockColumns = {
    v: 1, ordinal: [], line: [], reason: [], paymentId: [], gatewayTransactionId: [], merchantReference: [], kind: [], statementStatus: [], amount: [],
    currency: [], fee: [], net: [], transactionAt: [], settledAt: [], merchantAccount: [], ledgerAmount: [], ledgerStatus: [],
  };
  const sums = new Map<string, { count: number; amount: bigint }>();
  let previous = -Infinity;
  for (const { ordinal, row } of rows) {
    if (row.reconClass !== 'matched') throw new RangeError(`A block holds matched rows only, not ${row.reconClass}`);
    if (!(ordinal > previous)) throw new RangeError('A block holds rows in ordinal order');
    previous = ordinal;
    columns.ordinal.push(ordinal);
    columns.line.push(row.line);
    columns.reason.push(row.reason);
    columns.paymentId.push(row.paymentId);
    columns.gatewayTransactionId.push(row.gatewayTransactionId);
    columns.merchantReference.push(row.merchantReference);
    columns.kind.push(row.kind);
    columns.statementStatus.push(row.statementStatus);
    columns.amount.push(exactly(row.amountMinor));
    columns.currency.push(row.currency);
    columns.fee.push(orNull(row.feeMinor, exactly));
    columns.net.push(orNull(row.netMinor, exactly));
    columns.transactionAt.push(orNull(row.transactionAt, epochMs));
    columns.settledAt.push(orNull(row.settledAt, epochMs));
    columns.merchantAccount.push(row.merchantAccount);
    columns.ledgerAmount.push(orNull(row.ledgerAmountMinor, exactly));
    columns.ledgerStatus.push(row.ledgerStatus);
    const sum = sums.get(row.currency);
    if (sum === undefined) sums.set(row.currency, { count: 1, amount: row.amountMinor });
    else {
      sum.count += 1;
      sum.amount += row.amountMinor;
    }
  }
  const totals: MatchedBlockTotals = {};
  for (const [currency, sum] of sums) totals[currency] = [sum.count, sum.amount.toString()];
  return { firstOrdinal: first.ordinal, lastOrdinal: last.ordinal, rowCount: rows.length, rows: JSON.stringify(columns), totals: JSON.stringify(totals) };
}

function corrupt(detail: string): Error {
  return new Error(`A stored block of matched reconciliation rows is unreadable: ${detail}`);
}

export function decodeMatchedBlock(text: string): MatchedBlockColumns {
  const parsed = JSON.parse(text) as Partial<Record<(typeof COLUMN_NAMES)[number] | 'v', unknown>>;
  if (parsed.v !== 1) throw corrupt(`version ${String(parsed.v)}`);
  const size = Array.isArray(parsed.ordinal) ? parsed.ordinal.length : -1;
  for (const name of COLUMN_NAMES) {
    const column = parsed[name];
    if (!Array.isArray(column) || column.length !== size) throw corrupt(`column ${name}`);
  }
  return parsed as MatchedBlockColumns;
}

export function decodeMatchedTotals(text: string): MatchedBlockTotals {
  return JSON.parse(text) as MatchedBlockTotals;
}

const toBigInt = (value: number): bigint => BigInt(value);
const toDate = (ms: number): Date => new Date(ms);

/** The block's row at `index` as a saved row (a row in a block has no resolution: a resolved one lives in recon_rows). */
export function matchedBlockRecord(sessionId: string, columns: MatchedBlockColumns, index: number): ReconRowRecord {
  return {
    id: columns.ordinal[index] as number,
    sessionId,
    reconClass: 'matched',
    reason: columns.reason[index] ?? null,
    paymentId: columns.paymentId[index] ?? null,
    line: columns.line[index] ?? null,
    gatewayTransactionId: columns.gatewayTransactionId[index] ?? null,
    merchantReference: columns.merchantReference[index] ?? null,
    kind: columns.kind[index] ?? null,
    statementStatus: columns.statementStatus[index] ?? null,
    amountMinor: BigInt(columns.amount[index] as number),
    currency: columns.currency[index] as string,
    feeMinor: orNull(columns.fee[index] ?? null, toBigInt),
    netMinor: orNull(columns.net[index] ?? null, toBigInt),
    transactionAt: orNull(columns.transactionAt[index] ?? null, toDate),
    settledAt: orNull(columns.settledAt[index] ?? null, toDate),
    merchantAccount: columns.merchantAccount[index] ?? null,
    ledgerAmountMinor: orNull(columns.ledgerAmount[index] ?? null, toBigInt),
    ledgerStatus: columns.ledgerStatus[index] ?? null,
    resolution: null,
  };
}

/** Whether the row at `index` holds `needle` (lower case) in its gateway id, merchant reference or payment id, as the SQL search does. */
export function matchedBlockRowHolds(columns: MatchedBlockColumns, index: number, needle: string): boolean {
  for (const value of [columns.gatewayTransactionId[index], columns.merchantReference[index], columns.paymentId[index]]) {
    if (value != null && value.toLowerCase().includes(needle)) return true;
  }
  return false;
}

/** The index of `ordinal` in the block, or -1. */
export function indexOfOrdinal(columns: MatchedBlockColumns, ordinal: number): number {
  let low = 0;
  let high = columns.ordinal.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = columns.ordinal[middle] as number;
    if (value === ordinal) return middle;
    if (value < ordinal) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
