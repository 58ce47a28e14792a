/**
 * A block of matched reconciliation rows (migration 12): one batch's matched rows as columns in
 * a JSON text, and their count and sum per currency. JSON because both backends store and return
 * text as it is and V8 writes and reads it natively; columns because a block is read whole and
 * mostly scanned (a page, a text search, an export). Amounts are at most MAX_MINOR (10^15), which
 * a JSON number holds exactly; instants are epoch milliseconds.
 *
 * Version 2 stores what a matched row shares with its neighbours once: a column that repeats
 * (status, currency, merchant account, settlement day) as runs of one value, and a column that
 * follows another (the line from the row number, the net from gross − fee, the ledger's amount from
 * the statement's, which a match makes equal) as its difference from it, which is mostly a run of
 * zeros. A million matched rows took 210 MB of JSON in version 1 and writing it was a third of an
 * import; version 2 takes under half that. Version 1 blocks are still read.
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

/** The columns of a block as read: version 1 as stored, version 2 expanded to the same shape. */
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

/** Consecutive equal values as [value, how many]. */
type Runs<T> = Array<[T, number]>;

/** Version 2 as stored (see the module comment for why each column is kept the way it is). */
interface StoredBlockV2 {
  readonly v: 2;
  readonly n: number;
  /** Each ordinal minus the one before it (the first minus 0). */
  readonly ordinalStep: Runs<number>;
  /** line − ordinal. */
  readonly lineOffset: Runs<number | null>;
  readonly reason: Runs<string | null>;
  readonly paymentId: Array<string | null>;
  readonly gatewayTransactionId: Array<string | null>;
  readonly merchantReference: Array<string | null>;
  readonly kind: Runs<StatementEntryKind | null>;
  readonly statementStatus: Runs<StatementStatus | null>;
  readonly amount: number[];
  readonly currency: Runs<string>;
  readonly fee: Array<number | null>;
  /** amount − (fee or 0) − net. */
  readonly netGap: Runs<number | null>;
  /** transactionAt minus the last instant before it in the block (the first minus 0). */
  readonly transactionStep: Array<number | null>;
  readonly settledAt: Runs<number | null>;
  readonly merchantAccount: Runs<string | null>;
  /** amount − ledger amount. */
  readonly ledgerGap: Runs<number | null>;
  readonly ledgerStatus: Runs<PaymentStatus | null>;
}

/** Count and sum (minor units, as text) per currency. */
export type MatchedBlockTotals = Record<string, [number, string]>;

const COLUMN_NAMES = [
  'ordinal', 'line', 'reason', 'paymentId', 'gatewayTransactionId', 'merchantReference', 'kind', 'statementStatus', 'amount', 'currency', 'fee', 'net',
  'transactionAt', 'settledAt', 'merchantAccount', 'ledgerAmount', 'ledgerStatus',
] as const;

const RUN_COLUMNS = ['ordinalStep', 'lineOffset', 'reason', 'kind', 'statementStatus', 'currency', 'netGap', 'settledAt', 'merchantAccount', 'ledgerGap', 'ledgerStatus'] as const;
const ARRAY_COLUMNS = ['paymentId', 'gatewayTransactionId', 'merchantReference', 'amount', 'fee', 'transactionStep'] as const;

function exactly(amount: bigint): number {
  const value = Number(amount);
  if (!Number.isSafeInteger(value)) throw new RangeError(`The amount ${amount} is beyond what a reconciliation row may hold`);
  return value;
}

const orNull = <T, R>(value: T | null, made: (value: T) => R): R | null => (value === null ? null : made(value));

function pushRun<T>(runs: Runs<T>, value: T): void {
  const last = runs[runs.length - 1];
  if (last !== undefined && last[0] === value) last[1] += 1;
  else runs.push([value, 1]);
}

/** A block's count and sum per currency. */
export class CurrencySums {
  // Summed as doubles while exact (a BigInt addition per row was a tenth of encoding a block); what is summed moves to the BigInt before it would not be.
  readonly #sums = new Map<string, { count: number; amount: bigint; exact: number }>();

  /** `amount`: a safe integer. */
  add(currency: string, amount: number): void {
    const sum = this.#sums.get(currency);
    if (sum === undefined) this.#sums.set(currency, { count: 1, amount: 0n, exact: amount });
    else {
      sum.count += 1;
      const next = sum.exact + amount;
      if (Number.isSafeInteger(next)) sum.exact = next;
      else {
        sum.amount += BigInt(sum.exact);
        sum.exact = amount;
      }
    }
  }

  totals(): MatchedBlockTotals {
    const totals: MatchedBlockTotals = {};
    for (const [currency, sum] of this.#sums) totals[currency] = [sum.count, (sum.amount + BigInt(sum.exact)).toString()];
    return totals;
  }
}

/** Rows in ordinal order, all of class matched. */
export function encodeMatchedBlock(rows: readonly NumberedReconRow[]): EncodedMatchedBlock {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first === undefined || last === undefined) throw new RangeError('A block holds at least one row');
  const block: StoredBlockV2 = {
    v: 2, n: rows.length, ordinalStep: [], lineOffset: [], reason: [], paymentId: [], gatewayTransactionId: [], merchantReference: [], kind: [], statementStatus: [],
    amount: [], currency: [], fee: [], netGap: [], transactionStep: [], settledAt: [], merchantAccount: [], ledgerGap: [], ledgerStatus: [],
  };
  const sums = new CurrencySums();
  let previous = 0;
  let previousAt = 0;
  for (const { ordinal, row } of rows) {
    if (row.reconClass !== 'matched') throw new RangeError(`A block holds matched rows only, not ${row.reconClass}`);
    if (!Number.isSafeInteger(ordinal) || !(ordinal > previous)) throw new RangeError('A block holds rows in ordinal order, numbered from 1');
    pushRun(block.ordinalStep, ordinal - previous);
    previous = ordinal;
    pushRun(block.lineOffset, row.line === null ? null : row.line - ordinal);
    pushRun(block.reason, row.reason);
    block.paymentId.push(row.paymentId);
    block.gatewayTransactionId.push(row.gatewayTransactionId);
    block.merchantReference.push(row.merchantReference);
    pushRun(block.kind, row.kind);
    pushRun(block.statementStatus, row.statementStatus);
    const amount = exactly(row.amountMinor);
    block.amount.push(amount);
    pushRun(block.currency, row.currency);
    const fee = orNull(row.feeMinor, exactly);
    block.fee.push(fee);
    pushRun(block.netGap, row.netMinor === null ? null : amount - (fee ?? 0) - exactly(row.netMinor));
    if (row.transactionAt === null) block.transactionStep.push(null);
    else {
      const at = row.transactionAt.getTime();
      if (!Number.isSafeInteger(at - previousAt)) throw new RangeError(`The instant ${row.transactionAt.toISOString()} is beyond what a reconciliation block holds`);
      block.transactionStep.push(at - previousAt);
      previousAt = at;
    }
    pushRun(block.settledAt, row.settledAt === null ? null : row.settledAt.getTime());
    pushRun(block.merchantAccount, row.merchantAccount);
    pushRun(block.ledgerGap, row.ledgerAmountMinor === null ? null : amount - exactly(row.ledgerAmountMinor));
    pushRun(block.ledgerStatus, row.ledgerStatus);
    sums.add(row.currency, amount);
  }
  return { firstOrdinal: first.ordinal, lastOrdinal: last.ordinal, rowCount: rows.length, rows: JSON.stringify(block), totals: JSON.stringify(sums.totals()) };
}

function corrupt(detail: string): Error {
  return new Error(`A stored block of matched reconciliation rows is unreadable: ${detail}`);
}

function expandRuns<T>(name: string, runs: unknown, size: number): T[] {
  if (!Array.isArray(runs)) throw corrupt(`column ${name}`);
  const values: T[] = [];
  for (const run of runs as unknown[]) {
    if (!Array.isArray(run) || run.length !== 2 || !Number.isSafeInteger(run[1]) || (run[1] as number) < 1 || values.length + (run[1] as number) > size) throw corrupt(`column ${name}`);
    for (let count = run[1] as number; count > 0; count -= 1) values.push(run[0] as T);
  }
  if (values.length !== size) throw corrupt(`column ${name}`);
  return values;
}

function numberOrNull(name: string, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw corrupt(`column ${name}`);
  return value;
}

function requiredNumber(name: string, value: unknown): number {
  const number = numberOrNull(name, value);
  if (number === null) throw corrupt(`column ${name}`);
  return number;
}

function decodeVersion2(stored: Record<string, unknown>): MatchedBlockColumns {
  const size = stored['n'];
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) throw corrupt('row count');
  for (const name of ARRAY_COLUMNS) {
    const column = stored[name];
    if (!Array.isArray(column) || column.length !== size) throw corrupt(`column ${name}`);
  }
  const runs = Object.fromEntries(RUN_COLUMNS.map((name) => [name, expandRuns<unknown>(name, stored[name], size)])) as Record<(typeof RUN_COLUMNS)[number], unknown[]>;
  const amount = stored['amount'] as number[];
  const fee = stored['fee'] as Array<number | null>;
  const transactionStep = stored['transactionStep'] as Array<number | null>;
  const ordinal: number[] = [];
  const line: Array<number | null> = [];
  const net: Array<number | null> = [];
  const transactionAt: Array<number | null> = [];
  const ledgerAmount: Array<number | null> = [];
  let previous = 0;
  let previousAt = 0;
  for (let index = 0; index < size; index += 1) {
    const gross = requiredNumber('amount', amount[index]);
    previous += requiredNumber('ordinalStep', runs.ordinalStep[index]);
    ordinal.push(previous);
    const offset = numberOrNull('lineOffset', runs.lineOffset[index]);
    line.push(offset === null ? null : previous + offset);
    const netGap = numberOrNull('netGap', runs.netGap[index]);
    net.push(netGap === null ? null : gross - (numberOrNull('fee', fee[index]) ?? 0) - netGap);
    const step = numberOrNull('transactionStep', transactionStep[index]);
    if (step === null) transactionAt.push(null);
    else {
      previousAt += step;
      transactionAt.push(previousAt);
    }
    const ledgerGap = numberOrNull('ledgerGap', runs.ledgerGap[index]);
    ledgerAmount.push(ledgerGap === null ? null : gross - ledgerGap);
  }
  return {
    v: 1, ordinal, line, reason: runs.reason as Array<string | null>, paymentId: stored['paymentId'] as Array<string | null>,
    gatewayTransactionId: stored['gatewayTransactionId'] as Array<string | null>, merchantReference: stored['merchantReference'] as Array<string | null>,
    kind: runs.kind as Array<StatementEntryKind | null>, statementStatus: runs.statementStatus as Array<StatementStatus | null>, amount,
    currency: runs.currency as string[], fee, net, transactionAt, settledAt: runs.settledAt as Array<number | null>,
    merchantAccount: runs.merchantAccount as Array<string | null>, ledgerAmount, ledgerStatus: runs.ledgerStatus as Array<PaymentStatus | null>,
  };
}

export function decodeMatchedBlock(text: string): MatchedBlockColumns {
  const parsed = JSON.parse(text) as Partial<Record<(typeof COLUMN_NAMES)[number] | 'v', unknown>>;
  if (parsed.v === 2) return decodeVersion2(parsed as Record<string, unknown>);
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
