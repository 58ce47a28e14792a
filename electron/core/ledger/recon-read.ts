/**
 * The read model reconciliation streams the ledger through, shared by both backends: pages in the
 * order of the profile's index (created_at, id), so each page is a range of that index, found
 * from the previous page's last key and costing the same on the last page as on the first (a page
 * in insertion order had to sort the profile's whole period each time: a million payments took
 * twenty seconds and more). Each payment of a page says whether it has refunds or chargebacks (on
 * SQLite a flag kept on the payment, migration 25), and those few payments' are read in one more
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
import { inTextList, textListParam, type SqlDb } from './dialect-sql.ts';

type Dialect = SqlDb['dialect'];

/** Where the page starts: after the cursor's key, or at the period's start. */
export function reconPageStart(filter: ReconLedgerFilter, cursor: string | null): PageCursor {
  return cursor === null ? { createdAt: isoDate(filter.from), id: '' } : decodeCursor(cursor);
}

/**
 * Parameters: profile, after (created_at, id), period end, limit. The columns' order is
 * PAYMENT_COLUMNS' (reconPaymentsFromArrays reads them by position). `profile_id` leads the ORDER
 * BY so that SQLite walks payments_for_recon rather than sorting. SQLite keeps whether a payment
 * has refunds or chargebacks on the payment (migration 25); PostgreSQL probes their index.
 */
export function reconPaymentsSql(dialect: Dialect): string {
  const placeholder = dialect === 'postgres' ? (n: number) => `$${n}` : () => '?';
  const moneyBack = dialect === 'postgres' ? "EXISTS (SELECT 1 FROM operations o WHERE o.payment_id = payments.id AND o.kind IN ('refund', 'chargeback'))" : 'money_back';
  return `SELECT id, gateway_transaction_id, merchant_reference, status, amount_minor, currency, created_at, ${moneyBack} AS money_back
    FROM payments
    WHERE profile_id = ${placeholder(1)} AND (created_at, id) > (${placeholder(2)}, ${placeholder(3)}) AND created_at < ${placeholder(4)}
    ORDER BY profile_id, created_at, id LIMIT ${placeholder(5)}`;
}

/** Refunds and chargebacks of the payments whose ids are the one parameter (a JSON array on SQLite, a text array on PostgreSQL), each payment's oldest first. */
export function reconMoneyBackSql(dialect: Dialect): string {
  return `SELECT payment_id, kind, id, gateway_operation_id, amount_minor, state FROM operations
    WHERE kind IN ('refund', 'chargeback') AND ${inTextList(dialect, 'payment_id')} ORDER BY payment_id, seq`;
}

/** The payments query's columns in its SELECT order: where a row read as an array holds what. */
const PAYMENT_COLUMNS = ['id', 'gateway_transaction_id', 'merchant_reference', 'status', 'amount_minor', 'currency', 'created_at', 'money_back'] as const;

type OperationsByPayment = Map<string, ReconLedgerOperation[]>;

/** Refunds and chargebacks by payment id, each kind in its own list, in the rows' order. */
function operationsByPayment(operations: readonly SqlRow[]): { refunds: OperationsByPayment; chargebacks: OperationsByPayment } {
  const byKind: { refunds: OperationsByPayment; chargebacks: OperationsByPayment } = { refunds: new Map(), chargebacks: new Map() };
  for (const row of operations) {
    const kind = text(row, 'kind') === 'chargeback' ? 'chargeback' : 'refund';
    const byPayment = kind === 'chargeback' ? byKind.chargebacks : byKind.refunds;
    const paymentId = text(row, 'payment_id');
    let list = byPayment.get(paymentId);
    if (list === undefined) byPayment.set(paymentId, (list = []));
    list.push({ kind, operationId: text(row, 'id'), gatewayOperationId: optionalText(row, 'gateway_operation_id'), amountMinor: bigInteger(row, 'amount_minor'), state: text(row, 'state') as OperationState });
  }
  return byKind;
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

  /** The ids of the payments that have refunds or chargebacks, as the second query takes them (reconMoneyBackSql). */
  moneyBackIds(dialect: Dialect): string | readonly string[] {
    return textListParam(dialect, this.#moneyBackPlaces.map((place) => this.ids[place] as string));
  }

  get hasMoneyBack(): boolean {
    return this.#moneyBackPlaces.length > 0;
  }

  /** The columns, with the refunds and chargebacks the second query read (its rows, in its order). */
  finish(moneyBack: readonly SqlRow[]): ReconLedgerColumns {
    const { ids, gatewayTransactionIds, merchantReferences, statuses, amountsMinor, currencies, createdMs } = this;
    const operations = operationsByPayment(moneyBack);
    const refunds = new Map<number, readonly ReconLedgerOperation[]>();
    const chargebacks = new Map<number, readonly ReconLedgerOperation[]>();
    for (const place of this.#moneyBackPlaces) {
      const id = ids[place] as string;
      const paymentRefunds = operations.refunds.get(id);
      if (paymentRefunds !== undefined) refunds.set(place, paymentRefunds);
      const paymentChargebacks = operations.chargebacks.get(id);
      if (paymentChargebacks !== undefined) chargebacks.set(place, paymentChargebacks);
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
  const operations: SqlRow[] = [];
  for (const payment of payments) {
    const moneyBack = [...payment.refunds, ...payment.chargebacks];
    columns.push(payment.id, payment.gatewayTransactionId, payment.merchantReference, payment.status, payment.amountMinor, payment.currency, payment.createdAt.getTime(), moneyBack.length > 0);
    for (const operation of moneyBack) {
      operations.push({ payment_id: payment.id, kind: operation.kind, id: operation.operationId, gateway_operation_id: operation.gatewayOperationId, amount_minor: operation.amountMinor, state: operation.state });
    }
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

function wrongCell(index: number, expected: string, value: SQLOutputValue): TypeError {
  return new TypeError(`Ledger column ${PAYMENT_COLUMNS[index] ?? index} should hold ${expected}, found ${value === null ? 'NULL' : typeof value}`);
}

function textAt(values: readonly SQLOutputValue[], index: number): string {
  const value = values[index] as SQLOutputValue;
  if (typeof value !== 'string') throw wrongCell(index, 'text', value);
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
    if (gateway !== null && typeof gateway !== 'string') throw wrongCell(1, 'text', gateway);
    const amount = values[4] as SQLOutputValue;
    if (typeof amount !== 'bigint') throw wrongCell(4, 'an integer', amount);
    const created = isoMillis(textAt(values, 6));
    if (Number.isNaN(created)) throw wrongCell(6, 'an instant', values[6] as SQLOutputValue);
    const moneyBack = values[7] as SQLOutputValue;
    if (moneyBack !== 0n && moneyBack !== 1n) throw wrongCell(7, '0 or 1', moneyBack);
    columns.push(textAt(values, 0), gateway, textAt(values, 2), textAt(values, 3) as PaymentStatus, amount, textAt(values, 5), created, moneyBack === 1n);
  }
  return columns;
}

/** One page: the payments, with their refunds and chargebacks attached (the second query's rows). */
export function reconPage(payments: ReconPaymentColumns, moneyBack: readonly SqlRow[], limit: number): ReconLedgerPage {
  return pageOf(payments.finish(moneyBack), limit);
}
