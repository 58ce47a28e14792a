/**
 * The read model reconciliation streams the ledger through, shared by both backends: pages in the
 * order of the profile's index (created_at, id), so each page is a range of that index, found
 * from the previous page's last key and costing the same on the last page as on the first (a page
 * in insertion order had to sort the profile's whole period each time: a million payments took
 * twenty seconds and more). Each payment of a page says whether it has refunds or chargebacks (a
 * flag kept on the payment, migration 25), and those few payments' are read in one more
 * query from their own index (migration 24): a page's were read by joining the page's range again
 * with every operation of its payments, then sought among all the page's payments by id, which
 * over a ledger with a capture per payment and one payment in ten refunded cost more than reading
 * the payments. The cursor is search.ts's (created_at, id) cursor; anything else is refused.
 */
import type { SQLOutputValue } from 'node:sqlite';
import { date, bigInteger, flag, isoDate, isoMillis, optionalText, text, type SqlRow } from './row-reader.ts';
import { decodeCursor, encodeCursor, type PageCursor } from './search.ts';
import type { OperationState, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { ReconLedgerColumns, ReconLedgerFilter, ReconLedgerOperation, ReconLedgerPage, ReconLedgerPayment } from './types.ts';
import { inTextList, type SqlDb } from './dialect-sql.ts';

type Dialect = SqlDb['dialect'];

/** Where the page starts: after the cursor's key, or at the period's start. */
export function reconPageStart(filter: ReconLedgerFilter, cursor: string | null): PageCursor {
  return cursor === null ? { createdAt: isoDate(filter.from), id: '' } : decodeCursor(cursor);
}

/**
 * Parameters: profile, after (created_at, id), period end, limit. The columns' order is
 * PAYMENT_COLUMNS' (reconPaymentsFromArrays reads them by position). `profile_id` leads the ORDER
 * BY so that SQLite walks payments_for_recon rather than sorting. Whether a payment has refunds or
 * chargebacks is kept on the payment (migration 25 on both backends).
 */
export function reconPaymentsSql(dialect: Dialect): string {
  const placeholder = dialect === 'postgres' ? (n: number) => `$${n}` : () => '?';
  return `SELECT id, gateway_transaction_id, merchant_reference, status, amount_minor, currency, created_at, money_back
    FROM payments
    WHERE profile_id = ${placeholder(1)} AND (created_at, id) > (${placeholder(2)}, ${placeholder(3)}) AND created_at < ${placeholder(4)}
    ORDER BY profile_id, created_at, id LIMIT ${placeholder(5)}`;
}

/**
 * Refunds and chargebacks of the payments whose ids are the one parameter, each payment's oldest
 * first. SQLite takes the ids as a JSON array and says which of them each row belongs to by its
 * place in that array (`at`, read as arrays: MONEY_BACK_COLUMNS), so no row is sought by its
 * payment's id; PostgreSQL takes a text array and names the payment (`payment_id`).
 */
export function reconMoneyBackSql(dialect: Dialect): string {
  if (dialect === 'sqlite') {
    return `SELECT j.key AS at, o.kind, o.id, o.gateway_operation_id, o.amount_minor, o.state
      FROM json_each(?) j JOIN operations o ON o.payment_id = j.value
      WHERE o.kind IN ('refund', 'chargeback') ORDER BY j.key, o.seq`;
  }
  return `SELECT payment_id, kind, id, gateway_operation_id, amount_minor, state FROM operations
    WHERE kind IN ('refund', 'chargeback') AND ${inTextList(dialect, 'payment_id')} ORDER BY payment_id, seq`;
}

/** SQLite's money-back query's columns in its SELECT order. */
const MONEY_BACK_COLUMNS = ['at', 'kind', 'id', 'gateway_operation_id', 'amount_minor', 'state'] as const;

/** A refund or chargeback of the payment at place `at` of the ids the money-back query was given. */
export interface PlacedOperation {
  readonly at: number;
  readonly operation: ReconLedgerOperation;
}

/** The payments query's columns in its SELECT order: where a row read as an array holds what. */
const PAYMENT_COLUMNS = ['id', 'gateway_transaction_id', 'merchant_reference', 'status', 'amount_minor', 'currency', 'created_at', 'money_back'] as const;

function moneyBackKind(kind: string): ReconLedgerOperation['kind'] {
  return kind === 'chargeback' ? 'chargeback' : 'refund';
}

/** The money-back query's rows as PostgreSQL gives them, placed by their payment's id among `ids`. */
export function moneyBackFromRows(rows: readonly SqlRow[], ids: readonly string[]): PlacedOperation[] {
  const places = new Map(ids.map((id, at) => [id, at]));
  return rows.map((row) => {
    const paymentId = text(row, 'payment_id');
    const at = places.get(paymentId);
    if (at === undefined) throw new TypeError(`The ledger answered with a refund of payment ${paymentId}, which was not asked for`);
    const operation = { kind: moneyBackKind(text(row, 'kind')), operationId: text(row, 'id'), gatewayOperationId: optionalText(row, 'gateway_operation_id'), amountMinor: bigInteger(row, 'amount_minor'), state: text(row, 'state') as OperationState };
    return { at, operation };
  });
}

/** The same from SQLite's rows read as arrays (MONEY_BACK_COLUMNS), each placed by `at`; `asked` ids were given. */
export function moneyBackFromArrays(rows: readonly (readonly SQLOutputValue[])[], asked: number): PlacedOperation[] {
  return rows.map((values) => {
    if (values.length !== MONEY_BACK_COLUMNS.length) throw new TypeError(`Ledger row has ${values.length} columns where the refunds' read selects ${MONEY_BACK_COLUMNS.length}`);
    const at = values[0] as SQLOutputValue;
    if (typeof at !== 'bigint' || at < 0n || at >= BigInt(asked)) throw wrongCell(MONEY_BACK_COLUMNS, 0, 'a place among the ids asked for', at);
    const gatewayOperationId = values[3] as SQLOutputValue;
    if (gatewayOperationId !== null && typeof gatewayOperationId !== 'string') throw wrongCell(MONEY_BACK_COLUMNS, 3, 'text', gatewayOperationId);
    const amountMinor = values[4] as SQLOutputValue;
    if (typeof amountMinor !== 'bigint') throw wrongCell(MONEY_BACK_COLUMNS, 4, 'an integer', amountMinor);
    const operation = { kind: moneyBackKind(textAt(MONEY_BACK_COLUMNS, values, 1)), operationId: textAt(MONEY_BACK_COLUMNS, values, 2), gatewayOperationId, amountMinor, state: textAt(MONEY_BACK_COLUMNS, values, 5) as OperationState };
    return { at: Number(at), operation };
  });
}

/**
 * A page's payments as columns, filled a payment at a time, with the places of those that have
 * refunds or chargebacks: their ids are what the page's second query asks for (moneyBackIds), and
 * only those places are looked up when its answer is attached (finish).
 */
export class ReconPaymentColumns {
  readonly ids: string[] = [];
  readonly gatewayTransactionIds: Array<string | null> = [];
  readonly merchantReferences: string[] = [];
  readonly statuses: PaymentStatus[] = [];
  readonly amountsMinor: bigint[] = [];
  readonly currencies: string[] = [];
  readonly createdMs: number[] = [];
  readonly #moneyBackPlaces: number[] = [];

  push(id: string, gatewayTransactionId: string | null, merchantReference: string, status: PaymentStatus, amountMinor: bigint, currency: string, createdMs: number, moneyBack: boolean): void {
    if (moneyBack) this.#moneyBackPlaces.push(this.ids.length);
    this.ids.push(id);
    this.gatewayTransactionIds.push(gatewayTransactionId);
    this.merchantReferences.push(merchantReference);
    this.statuses.push(status);
    this.amountsMinor.push(amountMinor);
    this.currencies.push(currency);
    this.createdMs.push(createdMs);
  }

  /** The ids of the payments that have refunds or chargebacks, in their order here: what the second query asks for (reconMoneyBackSql). */
  moneyBackIds(): string[] {
    return this.#moneyBackPlaces.map((place) => this.ids[place] as string);
  }

  get hasMoneyBack(): boolean {
    return this.#moneyBackPlaces.length > 0;
  }

  /** The columns, with the refunds and chargebacks the second query read, placed among moneyBackIds(), each payment's in order. */
  finish(moneyBack: readonly PlacedOperation[]): ReconLedgerColumns {
    const { ids, gatewayTransactionIds, merchantReferences, statuses, amountsMinor, currencies, createdMs } = this;
    const refunds = new Map<number, ReconLedgerOperation[]>();
    const chargebacks = new Map<number, ReconLedgerOperation[]>();
    for (const { at, operation } of moneyBack) {
      const place = this.#moneyBackPlaces[at];
      if (place === undefined) throw new TypeError(`A refund or chargeback placed at ${at}, beyond the ${this.#moneyBackPlaces.length} payments asked for`);
      const ofKind = operation.kind === 'chargeback' ? chargebacks : refunds;
      const list = ofKind.get(place);
      if (list === undefined) ofKind.set(place, [operation]);
      else list.push(operation);
    }
    return { ids, gatewayTransactionIds, merchantReferences, statuses, amountsMinor, currencies, createdMs, refunds, chargebacks };
  }
}

function pageOf(payments: ReconLedgerColumns, limit: number): ReconLedgerPage {
  const last = payments.ids.length - 1;
  const nextCursor = payments.ids.length === limit && last >= 0 ? encodeCursor({ createdAt: isoDate(new Date(payments.createdMs[last] as number)), id: payments.ids[last] as string }) : null;
  return { payments, nextCursor };
}

/** Payments given as objects, as columns (a payment linked by hand, tests). */
export function reconLedgerColumns(payments: readonly ReconLedgerPayment[]): ReconLedgerColumns {
  const columns = new ReconPaymentColumns();
  const operations: PlacedOperation[] = [];
  let asked = 0;
  for (const payment of payments) {
    const moneyBack = [...payment.refunds, ...payment.chargebacks];
    columns.push(payment.id, payment.gatewayTransactionId, payment.merchantReference, payment.status, payment.amountMinor, payment.currency, payment.createdAt.getTime(), moneyBack.length > 0);
    if (moneyBack.length === 0) continue;
    for (const operation of moneyBack) operations.push({ at: asked, operation });
    asked += 1;
  }
  return columns.finish(operations);
}

/** A page's payments read as rows (PostgreSQL), in reconPaymentsSql's columns. */
export function reconPaymentsFromRows(payments: readonly SqlRow[]): ReconPaymentColumns {
  const columns = new ReconPaymentColumns();
  for (const row of payments) {
    columns.push(text(row, 'id'), optionalText(row, 'gateway_transaction_id'), text(row, 'merchant_reference'), text(row, 'status') as PaymentStatus, bigInteger(row, 'amount_minor'), text(row, 'currency'), date(row, 'created_at').getTime(), flag(row, 'money_back'));
  }
  return columns;
}

/** A cell of a row read as an array (`columns`: the query's, in its SELECT order) that does not hold what it should. */
function wrongCell(columns: readonly string[], index: number, expected: string, value: SQLOutputValue): TypeError {
  return new TypeError(`Ledger column ${columns[index] ?? index} should hold ${expected}, found ${value === null ? 'NULL' : typeof value}`);
}

function textAt(columns: readonly string[], values: readonly SQLOutputValue[], index: number): string {
  const value = values[index] as SQLOutputValue;
  if (typeof value !== 'string') throw wrongCell(columns, index, 'text', value);
  return value;
}

/**
 * The same from the payments read as arrays (node:sqlite's returnArrays, see reconPaymentsSql for
 * the column order): a million payments are read without a million objects keyed by column name,
 * which was most of the cost of reading them. Every value is type-checked as row-reader does.
 */
export function reconPaymentsFromArrays(payments: readonly (readonly SQLOutputValue[])[]): ReconPaymentColumns {
  const columns = new ReconPaymentColumns();
  for (const values of payments) {
    if (values.length !== PAYMENT_COLUMNS.length) throw new TypeError(`Ledger row has ${values.length} columns where the reconciliation read selects ${PAYMENT_COLUMNS.length}`);
    const gateway = values[1] as SQLOutputValue;
    if (gateway !== null && typeof gateway !== 'string') throw wrongCell(PAYMENT_COLUMNS, 1, 'text', gateway);
    const amount = values[4] as SQLOutputValue;
    if (typeof amount !== 'bigint') throw wrongCell(PAYMENT_COLUMNS, 4, 'an integer', amount);
    const created = isoMillis(textAt(PAYMENT_COLUMNS, values, 6));
    if (Number.isNaN(created)) throw wrongCell(PAYMENT_COLUMNS, 6, 'an instant', values[6] as SQLOutputValue);
    const moneyBack = values[7] as SQLOutputValue;
    if (moneyBack !== 0n && moneyBack !== 1n) throw wrongCell(PAYMENT_COLUMNS, 7, '0 or 1', moneyBack);
    columns.push(textAt(PAYMENT_COLUMNS, values, 0), gateway, textAt(PAYMENT_COLUMNS, values, 2), textAt(PAYMENT_COLUMNS, values, 3) as PaymentStatus, amount, textAt(PAYMENT_COLUMNS, values, 5), created, moneyBack === 1n);
  }
  return columns;
}

/** One page: the payments, with their refunds and chargebacks attached (the second query's rows). */
export function reconPage(payments: ReconPaymentColumns, moneyBack: readonly PlacedOperation[], limit: number): ReconLedgerPage {
  return pageOf(payments.finish(moneyBack), limit);
}
