/**
 * A batch of StatementRows as columns, the form in which rows cross from the reading thread:
 * cloning a million row objects between threads cost more than parsing them, while numbers in
 * typed arrays and a column's strings joined in one text cost a copy of their bytes. The
 * owner makes each row's strings only when it unpacks the block: blocks wait by the hundred while
 * the ledger is read, and a million small strings waiting were copied by every young-generation
 * collection until they were promoted. Amounts are at most MAX_MINOR (10^15) in size, which a
 * double holds exactly; a missing amount or date is NaN.
 */
import { STATEMENT_ENTRY_KINDS, STATEMENT_STATUSES, type StatementEntryKind, type StatementStatus } from '../../../shared/domain/statement-vocabulary.ts';
import { ValueCodes } from '../ledger/value-codes.ts';
import type { StatementValues } from './statement-record.ts';
import type { StatementRow } from './statement-row.ts';

/** What a code in `kind` and `status` stands for. */
export const KINDS = STATEMENT_ENTRY_KINDS;
export const STATUSES = STATEMENT_STATUSES;

/** A column's strings in one text, the one at `at` ending at `ends[at]`, none where `missing[at]` is 1. */
export interface TextColumn {
  readonly text: string;
  readonly ends: Uint32Array;
  readonly missing: Uint8Array;
}

export interface StatementRowColumns {
  readonly size: number;
  readonly line: Float64Array;
  readonly gatewayTransactionId: TextColumn;
  readonly merchantReference: TextColumn;
  readonly kind: Uint8Array;
  readonly status: Uint8Array;
  readonly amountMinor: Float64Array;
  readonly feeMinor: Float64Array;
  readonly netMinor: Float64Array;
  readonly transactionAt: Float64Array;
  readonly settledAt: Float64Array;
  /** Currencies and merchant accounts repeat: each is a code into its table. */
  readonly currencies: readonly string[];
  readonly currency: Uint16Array;
  readonly merchantAccounts: ReadonlyArray<string | null>;
  readonly merchantAccount: Uint32Array;
}

/** A text column filled a value at a time. */
class TextColumnBuilder {
  readonly #parts: string[] = [];
  readonly #ends: Uint32Array;
  readonly #missing: Uint8Array;
  #length = 0;

  constructor(capacity: number) {
    this.#ends = new Uint32Array(capacity);
    this.#missing = new Uint8Array(capacity);
  }

  set(at: number, value: string | null): void {
    if (value === null) this.#missing[at] = 1;
    else {
      this.#parts.push(value);
      this.#length += value.length;
    }
    this.#ends[at] = this.#length;
  }

  column(size: number): TextColumn {
    return { text: this.#parts.join(''), ends: fit(this.#ends, size), missing: fit(this.#missing, size) };
  }
}

/** The array cut to `size` (a copy), or itself when it is that long already. */
function fit<T extends Float64Array | Uint8Array | Uint16Array | Uint32Array>(array: T, size: number): T {
  return size === array.length ? array : (array.slice(0, size) as T);
}

/** Rows as a statement source hands them over: objects, or columns from the reading thread. */
export type StatementBatch = readonly StatementRow[] | StatementRowColumns;

export function isStatementRowColumns(batch: StatementBatch): batch is StatementRowColumns {
  return !Array.isArray(batch);
}

/** Where the value at `at` starts in the column's text (it ends at `column.ends[at]`). */
export function textStart(column: TextColumn, at: number): number {
  return at === 0 ? 0 : (column.ends[at - 1] as number);
}

export function textAt(column: TextColumn, at: number): string | null {
  if (column.missing[at] === 1) return null;
  return column.text.slice(textStart(column, at), column.ends[at]);
}

/** A double holds every amount a statement may carry exactly; one it does not is refused, never rounded. */
function exactAmount(amount: number): void {
  if (!Number.isNaN(amount) && !Number.isSafeInteger(amount)) throw new RangeError(`The amount ${amount} is beyond what a statement row may hold`);
}

const KIND_CODES: ReadonlyMap<string, number> = new Map(KINDS.map((kind, code) => [kind, code]));
const STATUS_CODES: ReadonlyMap<string, number> = new Map(STATUSES.map((status, code) => [status, code]));

/** Rows added one at a time as values (statement-record.ts), taken as a block of columns. */
export class StatementColumnsBuilder {
  readonly #capacity: number;
  #size = 0;
  #line!: Float64Array;
  #gatewayTransactionId!: TextColumnBuilder;
  #merchantReference!: TextColumnBuilder;
  #kind!: Uint8Array;
  #status!: Uint8Array;
  #amountMinor!: Float64Array;
  #feeMinor!: Float64Array;
  #netMinor!: Float64Array;
  #transactionAt!: Float64Array;
  #settledAt!: Float64Array;
  #currencies!: ValueCodes<string>;
  #currency!: Uint16Array;
  #accounts!: ValueCodes<string | null>;
  #merchantAccount!: Uint32Array;

  /** `capacity`: rows a block holds at most; the caller takes the block when it is full. */
  constructor(capacity: number) {
    this.#capacity = capacity;
    this.#reset();
  }

  #reset(): void {
    const capacity = this.#capacity;
    this.#size = 0;
    this.#line = new Float64Array(capacity);
    this.#gatewayTransactionId = new TextColumnBuilder(capacity);
    this.#merchantReference = new TextColumnBuilder(capacity);
    this.#kind = new Uint8Array(capacity);
    this.#status = new Uint8Array(capacity);
    this.#amountMinor = new Float64Array(capacity);
    this.#feeMinor = new Float64Array(capacity);
    this.#netMinor = new Float64Array(capacity);
    this.#transactionAt = new Float64Array(capacity);
    this.#settledAt = new Float64Array(capacity);
    this.#currencies = new ValueCodes<string>();
    this.#currency = new Uint16Array(capacity);
    this.#accounts = new ValueCodes<string | null>();
    this.#merchantAccount = new Uint32Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  get full(): boolean {
    return this.#size === this.#capacity;
  }

  add(values: StatementValues): void {
    if (this.full) throw new RangeError('The block is full; take it first');
    exactAmount(values.amountMinor);
    exactAmount(values.feeMinor);
    exactAmount(values.netMinor);
    const at = this.#size;
    this.#line[at] = values.line;
    this.#gatewayTransactionId.set(at, values.gatewayTransactionId);
    this.#merchantReference.set(at, values.merchantReference);
    this.#kind[at] = KIND_CODES.get(values.kind) as number;
    this.#status[at] = STATUS_CODES.get(values.status) as number;
    this.#amountMinor[at] = values.amountMinor;
    this.#feeMinor[at] = values.feeMinor;
    this.#netMinor[at] = values.netMinor;
    this.#transactionAt[at] = values.transactionAt;
    this.#settledAt[at] = values.settledAt;
    this.#currency[at] = this.#currencies.code(values.currency);
    this.#merchantAccount[at] = this.#accounts.code(values.merchantAccount);
    this.#size = at + 1;
  }

  /** The rows added since the last take, as columns. */
  take(): StatementRowColumns {
    // A block taken part-full is copied to its size: blocks wait in memory by the hundred while the ledger is read.
    const size = this.#size;
    const columns: StatementRowColumns = {
      size, line: fit(this.#line, size), gatewayTransactionId: this.#gatewayTransactionId.column(size), merchantReference: this.#merchantReference.column(size),
      kind: fit(this.#kind, size), status: fit(this.#status, size), amountMinor: fit(this.#amountMinor, size), feeMinor: fit(this.#feeMinor, size),
      netMinor: fit(this.#netMinor, size), transactionAt: fit(this.#transactionAt, size), settledAt: fit(this.#settledAt, size), currencies: this.#currencies.table,
      currency: fit(this.#currency, size), merchantAccounts: this.#accounts.table, merchantAccount: fit(this.#merchantAccount, size),
    };
    this.#reset();
    return columns;
  }
}

const orNull = <T>(value: number, made: (value: number) => T): T | null => (Number.isNaN(value) ? null : made(value));
const toDate = (ms: number): Date => new Date(ms);

/** Row `at` as an object. */
export function unpackStatementRow(columns: StatementRowColumns, at: number): StatementRow {
  return {
    line: columns.line[at] as number,
    gatewayTransactionId: textAt(columns.gatewayTransactionId, at),
    merchantReference: textAt(columns.merchantReference, at),
    kind: KINDS[columns.kind[at] as number] as StatementEntryKind,
    status: STATUSES[columns.status[at] as number] as StatementStatus,
    amountMinor: BigInt(columns.amountMinor[at] as number),
    currency: columns.currencies[columns.currency[at] as number] as string,
    feeMinor: orNull(columns.feeMinor[at] as number, BigInt),
    netMinor: orNull(columns.netMinor[at] as number, BigInt),
    transactionAt: orNull(columns.transactionAt[at] as number, toDate),
    settledAt: orNull(columns.settledAt[at] as number, toDate),
    merchantAccount: columns.merchantAccounts[columns.merchantAccount[at] as number] ?? null,
  };
}

export function unpackStatementRows(columns: StatementRowColumns): StatementRow[] {
  const rows = new Array<StatementRow>(columns.size);
  for (let at = 0; at < columns.size; at += 1) rows[at] = unpackStatementRow(columns, at);
  return rows;
}

/** The typed arrays' buffers, to transfer rather than copy. */
export function transferablesOf(columns: StatementRowColumns): ArrayBuffer[] {
  const { gatewayTransactionId: ids, merchantReference: references } = columns;
  return [
    columns.line, ids.ends, ids.missing, references.ends, references.missing, columns.kind, columns.status, columns.amountMinor, columns.feeMinor,
    columns.netMinor, columns.transactionAt, columns.settledAt, columns.currency, columns.merchantAccount,
  ].map((array) => array.buffer as ArrayBuffer);
}
