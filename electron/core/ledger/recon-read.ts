/**
 * The read model reconciliation streams the ledger through, shared by both backends: pages in
 * insertion order (seq), so one pass over the profile's payments reads each once however many
 * pages it takes, and each page's refunds come in one more query rather than one per payment.
 * The cursor is the last seq read, as decimal text; anything else is refused.
 */
import { ValidationError } from '../errors.ts';
import { bigInteger, date, optionalText, text, type SqlRow } from './row-reader.ts';
import type { OperationState, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { ReconLedgerPayment, ReconLedgerRefund } from './types.ts';

export function decodeReconCursor(cursor: string | null): bigint {
  if (cursor === null) return 0n;
  if (!/^\d{1,19}$/.test(cursor)) throw new ValidationError('This reconciliation cursor is not one the ledger gave out', { cursor: 'Unknown cursor' });
  return BigInt(cursor);
}

/** `$n` placeholders for PostgreSQL, `?` for SQLite. */
export function reconPaymentsSql(placeholder: (n: number) => string): string {
  return `SELECT seq, id, gateway_transaction_id, merchant_reference, status, amount_minor, currency, created_at FROM payments
    WHERE profile_id = ${placeholder(1)} AND created_at >= ${placeholder(2)} AND created_at < ${placeholder(3)} AND seq > ${placeholder(4)}
    ORDER BY seq LIMIT ${placeholder(5)}`;
}

/** Refunds of the payments of one page: those of the profile with seq in (after, last]. */
export function reconRefundsSql(placeholder: (n: number) => string): string {
  return `SELECT o.payment_id, o.id, o.gateway_operation_id, o.amount_minor, o.state FROM operations o JOIN payments p ON p.id = o.payment_id
    WHERE o.kind = 'refund' AND p.profile_id = ${placeholder(1)} AND p.seq > ${placeholder(2)} AND p.seq <= ${placeholder(3)}
    ORDER BY o.seq`;
}

const NO_REFUNDS: readonly ReconLedgerRefund[] = Object.freeze([]);

/** Assembles one page from its two reads; `lastSeq` is the cursor's next value. */
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
  const last = payments[payments.length - 1];
  const nextCursor = payments.length === limit && last !== undefined ? String(bigInteger(last, 'seq')) : null;
  return { rows, nextCursor };
}
