/**
 * A batch of StatementRows as columns, the form in which rows cross from the reading thread:
 * cloning a million row objects between threads cost more than parsing them, while numbers in
 * typed arrays and strings in plain arrays cost a few milliseconds per ten thousand rows.
 * Amounts are at most MAX_MINOR (10^15) in size, which a double holds exactly; a missing amount
 * or date is NaN.
 */
import { statementEntryKindSchema, statementStatusSchema, type StatementEntryKind, type StatementStatus } from '../../../shared/domain/recon.ts';
import type { StatementRow } from './statement-row.ts';

const KINDS = statementEntryKindSchema.options;
const STATUSES = statementStatusSchema.options;

export interface StatementRowColumns {
  readonly size: number;
  readonly line: Float64Array;
  readonly gatewayTransactionId: ReadonlyArray<string | null>;
  readonly merchantReference: ReadonlyArray<string | null>;
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

function exactly(amount: bigint): number {
  const value = Number(amount);
  if (!Number.isSafeInteger(value)) throw new RangeError(`The amount ${amount} is beyond what a statement row may hold`);
  return value;
}

class Codes<T> {
  readonly table: T[] = [];
  readonly #codes = new Map<T, number>();
  code(value: T): number {
    let code = this.#codes.get(value);
    if (code === undefined) {
      code = this.table.length;
      this.table.push(value);
      this.#codes.set(value, code);
    }
    return code;
  }
}

export function packStatementRows(rows: readonly StatementRow[]): StatementRowColumns {
  const size = rows.length;
  const line = new Float64Array(size);
  const gatewayTransactionId = new Array<string | null>(size);
  const merchantReference = new Array<string | null>(size);
  const kind = new Uint8Array(size);
  const status = new Uint8Array(size);
  const amountMinor = new Float64Array(size);
  const feeMinor = new Float64Array(size);
  const netMinor = new Float64Array(size);
  const transactionAt = new Float64Array(size);
  const settledAt = new Float64Array(size);
  const currencies = new Codes<string>();
  const currency = new Uint16Array(size);
  const accounts = new Codes<string | null>();
  const merchantAccount = new Uint32Array(size);
  for (let at = 0; at < size; at += 1) {
    const row = rows[at] as StatementRow;
    line[at] = row.line;
    gatewayTransactionId[at] = row.gatewayTransactionId;
    merchantReference[at] = row.merchantReference;
    kind[at] = KINDS.indexOf(row.kind);
    status[at] = STATUSES.indexOf(row.status);
    amountMinor[at] = exactly(row.amountMinor);
    feeMinor[at] = row.feeMinor === null ? Number.NaN : exactly(row.feeMinor);
    netMinor[at] = row.netMinor === null ? Number.NaN : exactly(row.netMinor);
    transactionAt[at] = row.transactionAt === null ? Number.NaN : row.transactionAt.getTime();
    settledAt[at] = row.settledAt === null ? Number.NaN : row.settledAt.getTime();
    currency[at] = currencies.code(row.currency);
    merchantAccount[at] = accounts.code(row.merchantAccount);
  }
  return {
    size, line, gatewayTransactionId, merchantReference, kind, status, amountMinor, feeMinor, netMinor, transactionAt, settledAt,
    currencies: currencies.table, currency, merchantAccounts: accounts.table, merchantAccount,
  };
}

const orNull = <T>(value: number, made: (value: number) => T): T | null => (Number.isNaN(value) ? null : made(value));
const toDate = (ms: number): Date => new Date(ms);

export function unpackStatementRows(columns: StatementRowColumns): StatementRow[] {
  const rows = new Array<StatementRow>(columns.size);
  for (let at = 0; at < columns.size; at += 1) {
    rows[at] = {
      line: columns.line[at] as number,
      gatewayTransactionId: columns.gatewayTransactionId[at] ?? null,
      merchantReference: columns.merchantReference[at] ?? null,
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
  return rows;
}

/** The typed arrays' buffers, to transfer rather than copy. */
export function transferablesOf(columns: StatementRowColumns): ArrayBuffer[] {
  return [columns.line, columns.kind, columns.status, columns.amountMinor, columns.feeMinor, columns.netMinor, columns.transactionAt, columns.settledAt, columns.currency, columns.merchantAccount].map(
    (array) => array.buffer as ArrayBuffer,
  );
}
