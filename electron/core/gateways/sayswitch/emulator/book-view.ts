/**
 * The Sayswitch emulator's book in the sandbox's shared shape (`GET /control/sayswitch/book`):
 * every card charge and bank transfer with its refunds, and the refund requests it turned down.
 * Sayswitch charges at once (no authorisations) and refunds whole transactions; a refund carries no
 * merchant reference on the wire, so its book entry has none either.
 */
import { refusalsByPayment, type SandboxBook, type SandboxBookPayment } from '../../../sandbox/sandbox-book.ts';
import type { EmulatedStatus, TransactionBook } from './transaction-book.ts';

const PAYMENT_STATES: Readonly<Record<EmulatedStatus, SandboxBookPayment['state']>> = { success: 'succeeded', pending: 'pending', failed: 'failed', cancelled: 'failed' };

export function sayswitchBook(book: TransactionBook): SandboxBook {
  const refused = refusalsByPayment(book.refusals());
  return {
    payments: book.all().map((transaction) => ({
      gatewayId: transaction.id,
      merchantReference: transaction.reference,
      kind: 'sale',
      merchantInitiated: false,
      state: PAYMENT_STATES[transaction.status],
      currency: transaction.currency,
      amountMinor: transaction.requestedMinor.toString(),
      operations: [
        ...book.refundsOf(transaction.id).map((refund) => ({
          gatewayId: refund.id,
          merchantReference: null,
          kind: 'refund' as const,
          amountMinor: refund.amountMinor.toString(),
          state: refund.status === 'success' ? ('succeeded' as const) : ('pending' as const),
          at: refund.createdAt.toISOString(),
        })),
        ...(refused.get(transaction.id) ?? []),
      ].sort((a, b) => a.at.localeCompare(b.at)),
    })),
  };
}
