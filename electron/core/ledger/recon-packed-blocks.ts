/**
 * A block of matched reconciliation rows as bytes (migration 22, the `packed` column of
 * recon_matched_blocks), the form an import writes since. The JSON of version 2
 * (recon-matched-blocks.ts) cost an object per row to gather and a JSON text of a hundred
 * megabytes per million rows to write; an import's matched rows now go from the statement's
 * columns and the index straight into typed arrays here, and a block is a few typed arrays copied
 * into one buffer.
 *
 * Layout: a version byte, the row count, a JSON header holding each coded column's values, then
 * the columns in a fixed order. A numeric column is kept whichever way is smallest of runs of
 * equal values, 32-bit integers, or doubles (NaN for null); what follows another column is kept as
 * its difference from it, as version 2 did (mostly runs of zeros). A text column is its lengths
 * (−1 for null) and its characters, one byte each when every one is Latin-1, else UTF-16, so any
 * JavaScript string comes back exactly. Ordinals are kept from the block's first, which the table
 * row holds, so a block can be made before the session's count is read.
 *
 * Version 4 (an import's blocks since): a row matched by its gateway id, as nearly every row of an
 * import is, has the same gateway id as its payment, and mostly the same merchant reference; the
 * block says so (length −2) instead of holding them again: they were two thirds of a block's
 * bytes, and writing those bytes most of saving an import. Reading such a block takes them from
 * the payments (recon-queries.ts); a payment's gateway id, once given, and its reference never
 * change, and payments are never deleted. Version 3 blocks are still read.
 */
import type { PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { StatementEntryKind, StatementStatus } from '../../../shared/domain/recon.ts';
import { CurrencySums, type MatchedBlockColumns } from './recon-matched-blocks.ts';
import { ValueCodes } from './value-codes.ts';
import type { NewReconRow, PlacedReconRow, ReconRowBatch } from './recon-types.ts';

const VERSION = 4;
/** Blocks written before gateway ids could be the payment's; read as they are. */
const VERSION_WITHOUT_LINKS = 3;
const RUNS = 1;
const INT32 = 2;
const FLOAT64 = 3;
const LATIN1 = 1;
const UTF16 = 2;
/** A text column's length for a null value, and for a value that is the row's payment's. */
const NULL_LENGTH = -1;
const PAYMENTS_LENGTH = -2;

/** What a matched row gives as its gateway id or merchant reference when it is its payment's: the block keeps a mark, not the text. */
export const PAYMENTS_VALUE: unique symbol = Symbol('the value of the row\'s payment');

/** A growable column of doubles. */
class NumberColumn {
  values = new Float64Array(1024);
  size = 0;
  push(value: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.size * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size] = value;
    this.size += 1;
  }
}

/** Values coded by their first appearance. */
class CodedColumn<T extends string | null> {
  readonly #values = new ValueCodes<T>();
  readonly codes = new NumberColumn();
  get table(): readonly T[] {
    return this.#values.table;
  }
  push(value: T): void {
    this.codes.push(this.#values.code(value));
  }
}

class TextColumn {
  readonly parts: string[] = [];
  readonly lengths = new NumberColumn();
  push(value: string | null | typeof PAYMENTS_VALUE): void {
    if (value === null) this.lengths.push(NULL_LENGTH);
    else if (value === PAYMENTS_VALUE) this.lengths.push(PAYMENTS_LENGTH);
    else {
      this.parts.push(value);
      this.lengths.push(value.length);
    }
  }
}

/** What an encoded block holds besides its rows: where it sits in its batch, and its totals. */
export interface PackedMatchedBlock {
  /** The first and last row's place in their batch (0-based): the table's ordinals are these plus the count before the batch, plus one. */
  readonly firstPosition: number;
  readonly lastPosition: number;
  readonly rowCount: number;
  readonly bytes: Buffer;
  /** Count and sum per currency, as JSON (MatchedBlockTotals). */
  readonly totals: string;
}

function exactly(amount: bigint): number {
  const value = Number(amount);
  if (!Number.isSafeInteger(value)) throw new RangeError(`The amount ${amount} is beyond what a reconciliation row may hold`);
  return value;
}

const numberOrNaN = (value: bigint | null): number => (value === null ? Number.NaN : exactly(value));
const msOrNaN = (value: Date | null): number => (value === null ? Number.NaN : value.getTime());

/**
 * Gathers one batch's matched rows, in the order of their places, and encodes them as a block.
 * Numbers come as doubles with NaN for null; amounts must be safe integers (at most MAX_MINOR).
 */
export class MatchedBlockWriter {
  readonly #position = new NumberColumn();
  readonly #line = new NumberColumn();
  readonly #reason = new CodedColumn<string | null>();
  readonly #paymentId = new TextColumn();
  readonly #gatewayTransactionId = new TextColumn();
  readonly #merchantReference = new TextColumn();
  readonly #kind = new CodedColumn<StatementEntryKind | null>();
  readonly #statementStatus = new CodedColumn<StatementStatus | null>();
  readonly #amount = new NumberColumn();
  readonly #currency = new CodedColumn<string>();
  readonly #fee = new NumberColumn();
  readonly #net = new NumberColumn();
  readonly #transactionAt = new NumberColumn();
  readonly #settledAt = new NumberColumn();
  readonly #merchantAccount = new CodedColumn<string | null>();
  readonly #ledgerAmount = new NumberColumn();
  readonly #ledgerStatus = new CodedColumn<PaymentStatus | null>();
  readonly #sums = new CurrencySums();
  #lastPosition = -1;

  get size(): number {
    return this.#position.size;
  }

  /**
   * One matched row at `position` in its batch (after every row added before). Its gateway id and
   * merchant reference may be PAYMENTS_VALUE when they are its payment's, which then must be given.
   */
  add(
    position: number, line: number, reason: string | null, paymentId: string | null, gatewayTransactionId: string | null | typeof PAYMENTS_VALUE, merchantReference: string | null | typeof PAYMENTS_VALUE,
    kind: StatementEntryKind | null, statementStatus: StatementStatus | null, amount: number, currency: string, fee: number, net: number,
    transactionAt: number, settledAt: number, merchantAccount: string | null, ledgerAmount: number, ledgerStatus: PaymentStatus | null,
  ): void {
    if (!Number.isSafeInteger(position) || position <= this.#lastPosition) throw new RangeError('A block holds rows in the order of their places in the batch');
    if (!Number.isSafeInteger(amount) || !(Number.isNaN(fee) || Number.isSafeInteger(fee)) || !(Number.isNaN(net) || Number.isSafeInteger(net)) || !(Number.isNaN(ledgerAmount) || Number.isSafeInteger(ledgerAmount))) {
      throw new RangeError('A reconciliation row holds amounts of at most 2^53 − 1 minor units');
    }
    if ((gatewayTransactionId === PAYMENTS_VALUE || merchantReference === PAYMENTS_VALUE) && paymentId === null) throw new RangeError('A row whose values are its payment\'s names the payment');
    this.#lastPosition = position;
    this.#position.push(position);
    this.#line.push(line);
    this.#reason.push(reason);
    this.#paymentId.push(paymentId);
    this.#gatewayTransactionId.push(gatewayTransactionId);
    this.#merchantReference.push(merchantReference);
    this.#kind.push(kind);
    this.#statementStatus.push(statementStatus);
    this.#amount.push(amount);
    this.#currency.push(currency);
    this.#fee.push(fee);
    this.#net.push(net);
    this.#transactionAt.push(transactionAt);
    this.#settledAt.push(settledAt);
    this.#merchantAccount.push(merchantAccount);
    this.#ledgerAmount.push(ledgerAmount);
    this.#ledgerStatus.push(ledgerStatus);
    this.#sums.add(currency, amount);
  }

  /** A row made as an object (an outcome the matcher classified one by one). */
  addRow(position: number, row: NewReconRow): void {
    if (row.reconClass !== 'matched') throw new RangeError(`A block holds matched rows only, not ${row.reconClass}`);
    this.add(
      position, row.line ?? Number.NaN, row.reason, row.paymentId, row.gatewayTransactionId, row.merchantReference, row.kind, row.statementStatus, exactly(row.amountMinor),
      row.currency, numberOrNaN(row.feeMinor), numberOrNaN(row.netMinor), msOrNaN(row.transactionAt), msOrNaN(row.settledAt), row.merchantAccount,
      numberOrNaN(row.ledgerAmountMinor), row.ledgerStatus,
    );
  }

  /** The block of every row added, or null when none was. */
  finish(): PackedMatchedBlock | null {
    const n = this.size;
    if (n === 0) return null;
    const position = this.#position.values;
    const first = position[0] as number;
    const amount = this.#amount.values;
    const fee = this.#fee.values;
    const offset = new Float64Array(n);
    const lineGap = new Float64Array(n);
    const netGap = new Float64Array(n);
    const transactionStep = new Float64Array(n);
    const ledgerGap = new Float64Array(n);
    let previousAt = 0;
    for (let at = 0; at < n; at += 1) {
      const place = (position[at] as number) - first;
      offset[at] = at === 0 ? 0 : place - ((position[at - 1] as number) - first);
      lineGap[at] = (this.#line.values[at] as number) - place;
      const gross = amount[at] as number;
      const feeOrZero = Number.isNaN(fee[at] as number) ? 0 : (fee[at] as number);
      netGap[at] = gross - feeOrZero - (this.#net.values[at] as number);
      const transactionAt = this.#transactionAt.values[at] as number;
      if (Number.isNaN(transactionAt)) transactionStep[at] = Number.NaN;
      else {
        transactionStep[at] = transactionAt - previousAt;
        if (!Number.isSafeInteger(transactionStep[at])) throw new RangeError(`The instant ${new Date(transactionAt).toISOString()} is beyond what a reconciliation block holds`);
        previousAt = transactionAt;
      }
      ledgerGap[at] = gross - (this.#ledgerAmount.values[at] as number);
    }
    const header = JSON.stringify([this.#reason.table, this.#kind.table, this.#statementStatus.table, this.#currency.table, this.#merchantAccount.table, this.#ledgerStatus.table]);
    const parts: Buffer[] = [];
    const head = Buffer.alloc(9);
    head.writeUInt8(VERSION, 0);
    head.writeUInt32LE(n, 1);
    const headerBytes = Buffer.from(header, 'utf8');
    head.writeUInt32LE(headerBytes.length, 5);
    parts.push(head, headerBytes);
    for (const column of [
      offset, lineGap, this.#reason.codes.values, this.#kind.codes.values, this.#statementStatus.codes.values, amount, this.#currency.codes.values, fee, netGap,
      transactionStep, this.#settledAt.values, this.#merchantAccount.codes.values, ledgerGap, this.#ledgerStatus.codes.values,
    ]) {
      parts.push(encodeNumbers(column, n));
    }
    for (const column of [this.#paymentId, this.#gatewayTransactionId, this.#merchantReference]) parts.push(...encodeTexts(column, n));
    return { firstPosition: first, lastPosition: position[n - 1] as number, rowCount: n, bytes: Buffer.concat(parts), totals: JSON.stringify(this.#sums.totals()) };
  }
}

/** `values[0, n)` in the smallest of the three ways, behind a byte saying which and the payload's length. */
function encodeNumbers(values: Float64Array, n: number): Buffer {
  let runs = 1;
  let integers = true;
  for (let at = 0; at < n; at += 1) {
    const value = values[at] as number;
    if (at > 0 && !Object.is(value, values[at - 1])) runs += 1;
    if (integers && (value | 0) !== value) integers = false;
  }
  if (runs * 12 < n * (integers ? 4 : 8)) {
    const payload = Buffer.alloc(runs * 12);
    let run = 0;
    let start = 0;
    for (let at = 1; at <= n; at += 1) {
      if (at < n && Object.is(values[at], values[start])) continue;
      payload.writeDoubleLE(values[start] as number, run * 12);
      payload.writeUInt32LE(at - start, run * 12 + 8);
      run += 1;
      start = at;
    }
    return framed(RUNS, payload);
  }
  if (integers) return framed(INT32, Buffer.from(Int32Array.from(values.subarray(0, n)).buffer));
  return framed(FLOAT64, Buffer.from(values.slice(0, n).buffer));
}

function encodeTexts(column: TextColumn, n: number): Buffer[] {
  const text = column.parts.join('');
  // ASCII text (every id a gateway gives out) is told by its UTF-8 length natively; other text is scanned for a character beyond Latin-1.
  // eslint-disable-next-line no-control-regex -- the test is for any character beyond Latin-1
  const encoding = Buffer.byteLength(text, 'utf8') === text.length || !/[^\u0000-\u00ff]/.test(text) ? LATIN1 : UTF16;
  const bytes = Buffer.from(text, encoding === LATIN1 ? 'latin1' : 'utf16le');
  const head = Buffer.alloc(5);
  head.writeUInt8(encoding, 0);
  head.writeUInt32LE(bytes.length, 1);
  return [encodeNumbers(column.lengths.values, n), head, bytes];
}

function framed(kind: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(kind, 0);
  head.writeUInt32LE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

function corrupt(detail: string): Error {
  return new Error(`A stored block of matched reconciliation rows is unreadable: ${detail}`);
}

/** Reads a block's parts in order, each checked against what is left. */
class BlockReader {
  readonly #bytes: Buffer;
  #at: number;
  constructor(bytes: Buffer, at: number) {
    this.#bytes = bytes;
    this.#at = at;
  }

  take(length: number, what: string): Buffer {
    if (!Number.isSafeInteger(length) || length < 0 || this.#at + length > this.#bytes.length) throw corrupt(what);
    const part = this.#bytes.subarray(this.#at, this.#at + length);
    this.#at += length;
    return part;
  }

  numbers(n: number, what: string): Float64Array {
    const head = this.take(5, what);
    const kind = head.readUInt8(0);
    const payload = this.take(head.readUInt32LE(1), what);
    if (kind === FLOAT64 && payload.length === n * 8) return new Float64Array(Uint8Array.prototype.slice.call(payload).buffer);
    if (kind === INT32 && payload.length === n * 4) return Float64Array.from(new Int32Array(Uint8Array.prototype.slice.call(payload).buffer));
    if (kind !== RUNS || payload.length % 12 !== 0) throw corrupt(what);
    const values = new Float64Array(n);
    let filled = 0;
    for (let run = 0; run < payload.length; run += 12) {
      const count = payload.readUInt32LE(run + 8);
      if (count < 1 || filled + count > n) throw corrupt(what);
      values.fill(payload.readDoubleLE(run), filled, filled + count);
      filled += count;
    }
    if (filled !== n) throw corrupt(what);
    return values;
  }

  /** The column's values; where `payments` is given, a value that is the row's payment's is null here and its row in `payments`. */
  texts(n: number, what: string, payments?: number[]): Array<string | null> {
    const lengths = this.numbers(n, what);
    const head = this.take(5, what);
    const encoding = head.readUInt8(0);
    if (encoding !== LATIN1 && encoding !== UTF16) throw corrupt(what);
    const text = this.take(head.readUInt32LE(1), what).toString(encoding === LATIN1 ? 'latin1' : 'utf16le');
    const values: Array<string | null> = [];
    let at = 0;
    for (let index = 0; index < n; index += 1) {
      const length = lengths[index] as number;
      if (length === NULL_LENGTH) values.push(null);
      else if (length === PAYMENTS_LENGTH && payments !== undefined) {
        values.push(null);
        payments.push(index);
      } else {
        if (!Number.isSafeInteger(length) || length < 0 || at + length > text.length) throw corrupt(what);
        values.push(text.slice(at, at + length));
        at += length;
      }
    }
    if (at !== text.length) throw corrupt(what);
    return values;
  }

  get ended(): boolean {
    return this.#at === this.#bytes.length;
  }
}

const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);

function decoded<T>(table: readonly T[], codes: Float64Array, what: string): T[] {
  return Array.from(codes, (code) => {
    if (!Number.isInteger(code) || code < 0 || code >= table.length) throw corrupt(what);
    return table[code] as T;
  });
}

/** A packed block's columns, with the rows whose gateway id or reference is to be read from their payment. */
export interface PackedBlockColumns {
  /** In the shape the JSON blocks are read into; a value listed below is null until filled. */
  readonly columns: MatchedBlockColumns;
  /** Rows (indexes into the columns) whose gateway id is their payment's (`columns.paymentId`). */
  readonly paymentsGatewayIds: readonly number[];
  /** Rows whose merchant reference is their payment's. */
  readonly paymentsReferences: readonly number[];
}

/** A packed block's columns; `firstOrdinal` is the table row's. */
export function decodePackedBlock(bytes: Uint8Array, firstOrdinal: number): PackedBlockColumns {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = buffer.length < 9 ? -1 : buffer.readUInt8(0);
  if (version !== VERSION && version !== VERSION_WITHOUT_LINKS) throw corrupt('version');
  const n = buffer.readUInt32LE(1);
  if (n < 1) throw corrupt('row count');
  const reader = new BlockReader(buffer, 9);
  let tables: unknown;
  try {
    tables = JSON.parse(reader.take(buffer.readUInt32LE(5), 'header').toString('utf8'));
  } catch {
    throw corrupt('header');
  }
  if (!Array.isArray(tables) || tables.length !== 6 || !tables.every((table) => Array.isArray(table))) throw corrupt('header');
  const [reasons, kinds, statuses, currencies, accounts, ledgerStatuses] = tables as [Array<string | null>, Array<StatementEntryKind | null>, Array<StatementStatus | null>, string[], Array<string | null>, Array<PaymentStatus | null>];
  const offset = reader.numbers(n, 'ordinals');
  const lineGap = reader.numbers(n, 'line');
  const reason = decoded(reasons, reader.numbers(n, 'reason'), 'reason');
  const kind = decoded(kinds, reader.numbers(n, 'kind'), 'kind');
  const statementStatus = decoded(statuses, reader.numbers(n, 'statementStatus'), 'statementStatus');
  const amounts = reader.numbers(n, 'amount');
  const currency = decoded(currencies, reader.numbers(n, 'currency'), 'currency');
  const fees = reader.numbers(n, 'fee');
  const netGap = reader.numbers(n, 'net');
  const transactionStep = reader.numbers(n, 'transactionAt');
  const settled = reader.numbers(n, 'settledAt');
  const merchantAccount = decoded(accounts, reader.numbers(n, 'merchantAccount'), 'merchantAccount');
  const ledgerGap = reader.numbers(n, 'ledgerAmount');
  const ledgerStatus = decoded(ledgerStatuses, reader.numbers(n, 'ledgerStatus'), 'ledgerStatus');
  const paymentId = reader.texts(n, 'paymentId');
  const paymentsGatewayIds: number[] = [];
  const paymentsReferences: number[] = [];
  const gatewayTransactionId = reader.texts(n, 'gatewayTransactionId', version === VERSION ? paymentsGatewayIds : undefined);
  const merchantReference = reader.texts(n, 'merchantReference', version === VERSION ? paymentsReferences : undefined);
  if ([...paymentsGatewayIds, ...paymentsReferences].some((row) => paymentId[row] === null)) throw corrupt('payment of a row');
  if (!reader.ended) throw corrupt('trailing bytes');
  const ordinal: number[] = [];
  const line: Array<number | null> = [];
  const amount: number[] = [];
  const fee: Array<number | null> = [];
  const net: Array<number | null> = [];
  const transactionAt: Array<number | null> = [];
  const settledAt: Array<number | null> = [];
  const ledgerAmount: Array<number | null> = [];
  let place = 0;
  let previousAt = 0;
  for (let at = 0; at < n; at += 1) {
    place += offset[at] as number;
    if (!Number.isSafeInteger(place) || (at > 0 && !((offset[at] as number) > 0))) throw corrupt('ordinals');
    ordinal.push(firstOrdinal + place);
    line.push(orNull((lineGap[at] as number) + place));
    const gross = amounts[at] as number;
    if (!Number.isSafeInteger(gross)) throw corrupt('amount');
    amount.push(gross);
    const feeAt = orNull(fees[at] as number);
    fee.push(feeAt);
    net.push(orNull(gross - (feeAt ?? 0) - (netGap[at] as number)));
    const step = transactionStep[at] as number;
    if (Number.isNaN(step)) transactionAt.push(null);
    else {
      previousAt += step;
      transactionAt.push(previousAt);
    }
    settledAt.push(orNull(settled[at] as number));
    ledgerAmount.push(orNull(gross - (ledgerGap[at] as number)));
  }
  const columns: MatchedBlockColumns = {
    v: 1, ordinal, line, reason, paymentId, gatewayTransactionId, merchantReference, kind, statementStatus, amount, currency, fee, net, transactionAt, settledAt,
    merchantAccount, ledgerAmount, ledgerStatus,
  };
  return { columns, paymentsGatewayIds, paymentsReferences };
}

/** Rows made as objects as one batch: the matched ones into a block, the others as they are. */
export function reconRowBatch(rows: readonly NewReconRow[]): ReconRowBatch {
  const matched = new MatchedBlockWriter();
  const others: PlacedReconRow[] = [];
  rows.forEach((row, position) => {
    if (row.reconClass === 'matched') matched.addRow(position, row);
    else others.push({ position, row });
  });
  return { size: rows.length, others, matched: matched.finish() };
}
