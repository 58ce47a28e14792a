/**
 * The SIBS emulator's book in the sandbox's shared shape (`GET /control/sibs-spg/book`): every
 * checkout and MIT with its captures, refunds and cancellations, and the ones it refused.
 */
import { refusalsByPayment, type SandboxBook, type SandboxBookOperation, type SandboxBookPayment } from '../../../sandbox/sandbox-book.ts';
import type { PaymentBook, SibsPaymentStatus } from './payment-book.ts';

function stateOf(status: SibsPaymentStatus): SandboxBookPayment['state'] {
  if (status === 'Success') return 'succeeded';
  return status === 'Pending' || status === 'InProcessing' || status === 'Partial' ? 'pending' : 'failed';
}

export function sibsBook(book: PaymentBook): SandboxBook {
  const refused = refusalsByPayment(book.refusals());
  return {
    payments: book.payments().map((payment) => {
      const accepted: SandboxBookOperation[] = payment.operations.map((operation) => ({
        gatewayId: operation.transactionId,
        merchantReference: operation.merchantTransactionId,
        kind: operation.action === 'cancellation' ? 'void' : operation.action,
        amountMinor: operation.amountMinor.toString(),
        state: operation.paymentStatus === 'Success' ? 'succeeded' : 'refused',
        at: operation.at.toISOString(),
      }));
      return {
        gatewayId: payment.transactionId,
        merchantReference: payment.merchantTransactionId,
        kind: payment.paymentType === 'AUTH' ? 'auth' : 'sale',
        merchantInitiated: payment.merchantInitiated !== null,
        state: stateOf(payment.paymentStatus),
        currency: payment.currency,
        amountMinor: payment.amountMinor.toString(),
        operations: [...accepted, ...(refused.get(payment.transactionId) ?? [])].sort((a, b) => a.at.localeCompare(b.at)),
      };
    }),
  };
}
