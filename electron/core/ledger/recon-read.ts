/**
 * The read model reconciliation streams the ledger through, shared by both backends: pages in the
 * order of the profile's index (created_at, id), so each page is a range of that index, found
 * from the previous page's last key and costing the same on the last page as on the first (a page
 * in insertion order had to sort the profile's whole period each time: a million payments took
 * twenty seconds and more). Each page's refunds come in one more query rather than one per payment.
 * The cursor is search.ts's (created_at, id) cursor; anything else is refused.
 */
import type { SQLOutputValue } from 'node:sqlite';
import { date, bigInteger, isoDate, optionalText, text, type SqlRow } from './row-reader.ts';
import { decodeCursor, encodeCursor, type PageCursor } from './search.ts';
import type { OperationState, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { ReconLedgerFilter, ReconLedgerPayment, ReconLedgerOperation } from './types.ts';

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

const NO_OPERATIONS: readonly ReconLedgerOperation[] = Object.freeze([]);

/** The payments query's columns in its SELECT order: where a row read as an array holds what. */
const PAYMENT_COLUMNS = ['id', 'gateway_transaction_id', 'merchant_reference', 'status', 'amount_minor', 'currency', 'created_at'] as const;

/** A page's refunds and chargebacks by payment id, each kind in its own list. */
function operationsByPayment(operations: readonly SqlRow[]): { refunds: Map<string, ReconLedgerOperation[]>; chargebacks: Map<string, ReconLedgerOperation[]> } {
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

function pageOf(rows: ReconLedgerPayment[], limit: number): { rows: ReconLedgerPayment[]; nextCursor: string | null } {
  const last = rows[rows.length - 1];
  const nextCursor = rows.length === limit && last !== undefined ? encodeCursor({ createdAt: isoDate(last.createdAt), id: last.id }) : null;
  return { rows, nextCursor };
}

/** Assembles one page from its two reads. */
export function reconPage(payments: readonly SqlRow[], refunds: readonly SqlRow[], limit: number): { rows: ReconLedgerPayment[]; nextCursor: string | null } {
  const byPayment = operationsByPayment(refunds);
  const rows = payments.map((row): ReconLedgerPayment => {
    const id = text(row, 'id');
    return {
      id,
      gatewayTransactionId: optionalText(row, 'gateway_transaction_id'),
      merchantReference: text(row, 'merchant_reference'),
      status: text(row, 'status') as PaymentStatus,
      amountMinor: bigInteger(row, 'amount_minor'),
      currency: text(row, 'currency'),
      createdAt: date(row, 'created_at'),
      refunds: byPayment.refunds.get(id) ?? NO_OPERATIONS,
      chargebacks: byPayment.chargebacks.get(id) ?? NO_OPERATIONS,
    };
  });
  return pageOf(rows, limit);
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
export function reconPageFromArrays(payments: readonly (readonly SQLOutputValue[])[], refunds: readonly SqlRow[], limit: number): { rows: ReconLedgerPayment[]; nextCursor: string | null } {
  const byPayment = operationsByPayment(refunds);
  const rows = payments.map((values): ReconLedgerPayment => {
    if (values.length !== PAYMENT_COLUMNS.length) throw new TypeError(`Ledger row has ${values.length} columns where the reconciliation read selects ${PAYMENT_COLUMNS.length}`);
    const id = textAt(values, 0);
    const gateway = values[1] as SQLOutputValue;
    if (gateway !== null && typeof gateway !== 'string') throw wrongCell(1, 'text', gateway);
    const amount = values[4] as SQLOutputValue;
    if (typeof amount !== 'bigint') throw wrongCell(4, 'an integer', amount);
    return {
      id,
      gatewayTransactionId: gateway,
      merchantReference: textAt(values, 2),
      status: textAt(values, 3) as PaymentStatus,
      amountMinor: amount,
      currency: textAt(values, 5),
      createdAt: new Date(textAt(values, 6)),
      // Most pages have few refunds and chargebacks, many none: no look-up per payment then.
      refunds: byPayment.refunds.size === 0 ? NO_OPERATIONS : (byPayment.refunds.get(id) ?? NO_OPERATIONS),
      chargebacks: byPayment.chargebacks.size === 0 ? NO_OPERATIONS : (byPayment.chargebacks.get(id) ?? NO_OPERATIONS),
    };
  });
  return pageOf(rows, limit);
}
