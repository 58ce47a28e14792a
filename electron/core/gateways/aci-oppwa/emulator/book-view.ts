/**
 * The OPPWA emulator's book in the sandbox's shared shape (`GET /control/aci-oppwa/book`): every
 * debit and pre-authorisation with the captures, refunds and reversals that reference it (directly
 * or through a capture). OPPWA books a refused back-office request as a rejected transaction of its
 * own, so the refusals are already in its book.
 */
import type { SandboxBook, SandboxBookOperation } from '../../../sandbox/sandbox-book.ts';
import { stateOf, type TransactionBook } from './transaction-book.ts';

const OPERATION_KINDS: Readonly<Record<string, SandboxBookOperation['kind']>> = { CP: 'capture', RF: 'refund', RV: 'void' };
const OPERATION_STATES = { success: 'succeeded', pending: 'pending', rejected: 'refused' } as const;
const PAYMENT_STATES = { success: 'succeeded', pending: 'pending', rejected: 'failed' } as const;

export function oppwaBook(book: TransactionBook): SandboxBook {
  const bases = book.all().filter((transaction) => transaction.referencedId === null && (transaction.paymentType === 'DB' || transaction.paymentType === 'PA'));
  return {
    payments: bases.map((base) => ({
      gatewayId: base.id,
      merchantReference: base.merchantTransactionId ?? '',
      kind: base.paymentType === 'PA' ? 'auth' : 'sale',
      merchantInitiated: base.standingInstruction?.['source'] === 'MIT',
      state: PAYMENT_STATES[stateOf(base)],
      currency: base.currency ?? '',
      amountMinor: (base.amountMinor ?? 0n).toString(),
      operations: book
        .linked(base.id)
        .flatMap((child): SandboxBookOperation[] => {
          const kind = OPERATION_KINDS[child.paymentType];
          if (kind === undefined) return [];
          return [{ gatewayId: child.id, merchantReference: child.merchantTransactionId, kind, amountMinor: (child.amountMinor ?? 0n).toString(), state: OPERATION_STATES[stateOf(child)], at: child.createdAt.toISOString() }];
        })
        .sort((a, b) => a.at.localeCompare(b.at)),
    })),
  };
}
