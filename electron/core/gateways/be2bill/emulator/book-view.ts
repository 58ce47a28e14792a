/**
 * The Be2bill emulator's book in the sandbox's shared shape (`GET /control/be2bill/book`): every
 * payment and authorization with its captures and refunds (a refund of a capture belongs to the
 * authorization), and the captures and refunds the platform refused. Later instalments of an
 * N-times schedule are the platform's own bookings and are left out.
 */
import { refusalsByPayment, type SandboxBook, type SandboxBookOperation, type SandboxBookPayment } from '../../../sandbox/sandbox-book.ts';
import type { EmulatedTransaction, TransactionBook } from './book.ts';

const PENDING_CODES: ReadonlySet<string> = new Set(['0001', '0002', '0003']);

function paymentState(transaction: EmulatedTransaction): SandboxBookPayment['state'] {
  if (transaction.execCode === '0000') return 'succeeded';
  return PENDING_CODES.has(transaction.execCode) ? 'pending' : 'failed';
}

export function be2billBook(book: TransactionBook): SandboxBook {
  const rootId = (transaction: EmulatedTransaction): string => (transaction.operationType === 'capture' && transaction.referenceId !== null ? transaction.referenceId : transaction.id);
  const accepted = new Map<string, SandboxBookOperation[]>();
  for (const transaction of book.all()) {
    if ((transaction.operationType !== 'capture' && transaction.operationType !== 'refund') || transaction.referenceId === null || transaction.execCode !== '0000') continue;
    const referenced = book.get(transaction.referenceId);
    if (referenced === null) continue;
    const root = rootId(referenced);
    const list = accepted.get(root) ?? [];
    list.push({
      gatewayId: transaction.id,
      merchantReference: transaction.orderId,
      kind: transaction.operationType,
      amountMinor: transaction.amountMinor.toString(),
      state: 'succeeded',
      at: transaction.createdAt.toISOString(),
    });
    accepted.set(root, list);
  }
  const refused = refusalsByPayment(book.refusals());
  const bases = book.all().filter((transaction) => (transaction.operationType === 'payment' || transaction.operationType === 'authorization') && transaction.referenceId === null && transaction.instalmentDate === null);
  return {
    payments: bases.map((base) => ({
      gatewayId: base.id,
      merchantReference: base.orderId,
      kind: base.operationType === 'authorization' ? 'auth' : 'sale',
      merchantInitiated: base.merchantInitiated,
      state: paymentState(base),
      // Be2bill sends no currency: an account settles in one (the sandbox's is EUR).
      currency: 'EUR',
      amountMinor: base.amountMinor.toString(),
      operations: [...(accepted.get(base.id) ?? []), ...(refused.get(base.id) ?? [])].sort((a, b) => a.at.localeCompare(b.at)),
    })),
  };
}
