/**
 * The read model reconciliation streams the ledger through, shared by both backends: pages in the
 * order of the profile's index (created_at, id), so each page is a range of that index, found
 * from the previous page's last key and costing the same on the last page as on the first (a page
 * in insertion order had to sort the profile's whole period each time: a million payments took
 * twenty seconds and more). Each page's refunds come in one more query rather than one per payment.
 * The cursor is search.ts's (created_at, id) cursor; anything else is refused.
 */
import type { SQLOutputValue } from 'node:sqlite';
import { date, bigInteger, isoDate, isoMillis, optionalText, text, type SqlRow } from './row-reader.ts';
import { decodeCursor, encodeCursor, type PageCursor } from './search.ts';
import type { OperationState, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { ReconLedgerColumns, ReconLedgerFilter, ReconLedgerOperation, ReconLedgerPage, ReconLedgerPayment } from './types.ts';

/** Where the page starts: after the cursor's key, or at the period's start. */
export function reconPageStart(filter: ReconLedgerFilter, cursor: string | null): PageCursor {
  return cursor === null ? { createdAt: isoDate(filter.from), id: '' } : decodeCursor(cursor);
}

/**
 * `$n` placeholders for PostgreSQL, `?` for SQLite. Parameters: profile, after (created_at, id), period end, limit.
 * The columns' order is PAYMENT_COLUMNS' (reconPageFromArrays reads them by position).
 * `profile_id` leads the ORDER BY so that SQLite walks payments_by_profile rather than sorting.
 */
export function reconPaymentsSql(placeholder: (n: number) => string): string {
  return `SELECT id, gateway_transaction_id, merchant_reference, status, amount_minor, currency, created_at FROM payments
    WHERE profile_id = ${placeholder(1)} AND (created_at, id) > (${placeholder(2)}, ${placeholder(3)}) AND created_at < ${placeholder(4)}
    ORDER BY profile_id, created_at, id LIMIT ${placeholder(5)}`;
}

/** Refunds and chargebacks of the payments of one page. Parameters: profile, after (created_at, id), the page's last (created_at, id). */
export function reconRefundsSql(placeholder: (n: number) => string): string {
  return `SELECT o.payment_id, o.kind, o.id, o.gateway_operation_id, o.amount_minor, o.state FROM payments p JOIN operations o ON o.payment_id = p.id
    WHERE p.profile_id = ${placeholder(1)} AND (p.created_at, p.id) > (${placeholder(2)}, ${placeholder(3)}) AND (p.created_at, p.id) <= (${placeholder(4)}, ${placeholder(5)})
      AND o.kind IN ('refund', 'chargeback')
    ORDER BY o.seq`;
}

/** The payments query's columns in its SELECT order: where a row read as an array holds what. */
const PAYMENT_COLUMNS = ['id', 'gateway_transaction_id', 'merchant_reference', 'status', 'amount_minor', 'currency', 'created_at'] as const;

type OperationsByPayment = Map<string, ReconLedgerOperation[]>;

/** A page's refunds and chargebacks by payment id, each kind in its own list. */
function operationsByPayment(operations: readonly SqlRow[]): { refunds: OperationsByPayment; chargebacks: OperationsByPayment } {
  const byKind = { refunds: new Map<string, ReconLedgerOperation[]>(), chargebacks: new Map<string, ReconLedgerOperation[]>() };
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

/** The same lists by the payment's place in the page (most pages have few, many none). */
function byPlace(ids: readonly string[], byPayment: OperationsByPayment): Map<number, readonly ReconLedgerOperation[]> {
  const places = new Map<number, readonly ReconLedgerOperation[]>();
  if (byPayment.size === 0) return places;
  ids.forEach((id, place) => {
    const operations = byPayment.get(id);
    if (operations !== undefined) places.set(place, operations);
  });
  return places;
}

/** Columns being filled a payment at a time. */
class ColumnsBuilder {
  readonly ids: string[] = [];
  readonly gatewayTransactionIds: Array<string | null> = [];
  readonly merchantReferences: string[] = [];
  readonly statuses: PaymentStatus[] = [];
  readonly amountsMinor: bigint[] = [];
  readonly currencies: string[] = [];
  readonly createdMs: number[] = [];

  push(id: string, gatewayTransactionId: string | null, merchantReference: string, status: PaymentStatus, amountMinor: bigint, currency: string, createdMs: number): void {
    this.ids.push(id);
    this.gatewayTransactionIds.push(gatewayTransactionId);
    this.merchantReferences.push(merchantReference);
    this.statuses.push(status);
    this.amountsMinor.push(amountMinor);
    this.currencies.push(currency);
    this.createdMs.push(createdMs);
  }

  finish(operations: { refunds: OperationsByPayment; chargebacks: OperationsByPayment }): ReconLedgerColumns {
    const { ids, gatewayTransactionIds, merchantReferences, statuses, amountsMinor, currencies, createdMs } = this;
    return { ids, gatewayTransactionIds, merchantReferences, statuses, amountsMinor, currencies, createdMs, refunds: byPlace(ids, operations.refunds), chargebacks: byPlace(ids, operations.chargebacks) };
  }
}

function pageOf(payments: ReconLedgerColumns, limit: number): ReconLedgerPage {
  const last = payments.ids.length - 1;
  const nextCursor = payments.ids.length === limit && last >= 0 ? encodeCursor({ createdAt: isoDate(new Date(payments.createdMs[last] as number)), id: payments.ids[last] as string }) : null;
  return { payments, nextCursor };
}

/** Payments given as objects, as columns (a payment linked by hand, tests). */
export function reconLedgerColumns(payments: readonly ReconLedgerPayment[]): ReconLedgerColumns {
  const columns = new ColumnsBuilder();
  const operations = { refunds: new Map<string, ReconLedgerOperation[]>(), chargebacks: new Map<string, ReconLedgerOperation[]>() };
  for (const payment of payments) {
    columns.push(payment.id, payment.gatewayTransactionId, payment.merchantReference, payment.status, payment.amountMinor, payment.currency, payment.createdAt.getTime());
    if (payment.refunds.length > 0) operations.refunds.set(payment.id, [...payment.refunds]);
    if (payment.chargebacks.length > 0) operations.chargebacks.set(payment.id, [...payment.chargebacks]);
  }
  return columns.finish(operations);
}

/** Assembles one page from its two reads. */
export function reconPage(payments: readonly SqlRow[], refunds: readonly SqlRow[], limit: number): ReconLedgerPage {
  const columns = new ColumnsBuilder();
  for (const row of payments) {
    columns.push(text(row, 'id'), optionalText(row, 'gateway_transaction_id'), text(row, 'merchant_reference'), text(row, 'status') as PaymentStatus, bigInteger(row, 'amount_minor'), text(row, 'currency'), date(row, 'created_at').getTime());
  }
  return pageOf(columns.finish(operationsByPayment(refunds)), limit);
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
 * The same page from the payments read as arrays (node:sqlite's returnArrays, see reconPaymentsSql
 * for the column order): a million payments are read without a million objects keyed by column
 * name, which was most of the cost of reading them. Every value is type-checked as row-reader does.
 */
export function reconPageFromArrays(payments: readonly (readonly SQLOutputValue[])[], refunds: readonly SqlRow[], limit: number): ReconLedgerPage {
  const columns = new ColumnsBuilder();
  for (const values of payments) {
    if (values.length !== PAYMENT_COLUMNS.length) throw new TypeError(`Ledger row has ${values.length} columns where the reconciliation read selects ${PAYMENT_COLUMNS.length}`);
    const gateway = values[1] as SQLOutputValue;
    if (gateway !== null && typeof gateway !== 'string') throw wrongCell(1, 'text', gateway);
    const amount = values[4] as SQLOutputValue;
    if (typeof amount !== 'bigint') throw wrongCell(4, 'an integer', amount);
    const created = isoMillis(textAt(values, 6));
    if (Number.isNaN(created)) throw wrongCell(6, 'an instant', values[6] as SQLOutputValue);
    columns.push(textAt(values, 0), gateway, textAt(values, 2), textAt(values, 3) as PaymentStatus, amount, textAt(values, 5), created);
  }
  return pageOf(columns.finish(operationsByPayment(refunds)), limit);
}
