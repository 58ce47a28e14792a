/**
 * The read model reconciliation streams the ledger through, shared by both backends: pages in the
 * order of the profile's index (created_at, id), so each page is a range of that index, found
 * from the previous page's last key and costing the same on the last page as on the first (a page
 * in insertion order had to sort the profile's whole period each time: a million payments took
 * twenty seconds and more). Each page's refunds come in one more query rather than one per payment.
 * The cursor is search.ts's (created_at, id) cursor; anything else is refused.
 */
import { date, bigInteger, isoDate, optionalText, text, type SqlRow } from './row-reader.ts';
import { decodeCursor, encodeCursor, type PageCursor } from './search.ts';
import type { OperationState, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { ReconLedgerFilter, ReconLedgerPayment, ReconLedgerRefund } from './types.ts';

/** Where the page starts: after the cursor's key, or at the period's start. */
export function reconPageStart(filter: ReconLedgerFilter, cursor: string | null): PageCursor {
  return cursor === null ? { createdAt: isoDate(filter.from), id: '' } : decodeCursor(cursor);
}

/**
 * `$n` placeholders for PostgreSQL, `?` for SQLite. Parameters: profile, after (created_at, id), period end, limit.
 * `profile_id` leads the ORDER BY so that SQLite walks payments_by_profile rather than sorting.
 */
export function reconPaymentsSql(placeholder: (n: number) => string): string {
  return `SELECT id, gateway_transaction_id, merchant_reference, status, amount_minor, currency, created_at FROM payments
    WHERE profile_id = ${placeholder(1)} AND (created_at, id) > (${placeholder(2)}, ${placeholder(3)}) AND created_at < ${placeholder(4)}
    ORDER BY profile_id, created_at, id LIMIT ${placeholder(5)}`;
}

/** Refunds of the payments of one page. Parameters: profile, after (created_at, id), the page's last (created_at, id). */
export function reconRefundsSql(placeholder: (n: number) => string): string {
  return `SELECT o.payment_id, o.id, o.gateway_operation_id, o.amount_minor, o.state FROM payments p JOIN operations o ON o.payment_id = p.id
    WHERE p.profile_id = ${placeholder(1)} AND (p.created_at, p.id) > (${placeholder(2)}, ${placeholder(3)}) AND (p.created_at, p.id) <= (${placeholder(4)}, ${placeholder(5)})
      AND o.kind = 'refund'
    ORDER BY o.seq`;
}

const NO_REFUNDS: readonly ReconLedgerRefund[] = Object.freeze([]);

/** Assembles one page from its two reads. */
export function reconPage(payments: readonly SqlRow[], refunds: readonly SqlRow[], limit: number): { rows: ReconLedgerPayment[]; nextCursor: string | null } {
  const byPayment = new Map<string, ReconLedgerRefund[]>();
  for (const row of refunds) {
    const paymentId = text(row, 'payment_id');
    let list = byPayment.get(paymentId);
    if (list === undefined) byPayment.set(paymentId, (list = []));
    list.push({ operationId: text(row, 'id'), gatewayOperationId: optionalText(row, 'gateway_operation_id'), amountMinor: bigInteger(row, 'amount_minor'), state: text(row, 'state') as OperationState });
  }
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
      refunds: byPayment.get(id) ?? NO_REFUNDS,
    };
  });
  const last = rows[rows.length - 1];
  const nextCursor = rows.length === limit && last !== undefined ? encodeCursor({ createdAt: isoDate(last.createdAt), id: last.id }) : null;
  return { rows, nextCursor };
}
