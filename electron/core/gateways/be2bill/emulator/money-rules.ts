/**
 * What the platform lets move on a transaction (§4, §11): an authorization is captured up to what
 * it holds (once, in `single` capture mode), a payment or a capture is refunded up to what was
 * collected and not yet refunded; a refund of a capture counts against its authorization.
 */
import type { EmulatedTransaction, TransactionBook } from './book.ts';
import type { Be2billEmulatorSettings } from './settings.ts';

export interface MoneyRules {
  succeeded(transaction: EmulatedTransaction): boolean;
  /** The payment or authorization a capture belongs to; anything else is its own root. */
  rootOf(transaction: EmulatedTransaction): EmulatedTransaction;
  capturableOf(authorization: EmulatedTransaction): bigint;
  refundableOf(transaction: EmulatedTransaction): bigint;
  /** When the money being refunded was taken: the payment, or the latest capture of an authorization. */
  collectedAt(root: EmulatedTransaction): Date;
}

export function createMoneyRules(book: TransactionBook, settings: () => Be2billEmulatorSettings): MoneyRules {
  const succeeded = (transaction: EmulatedTransaction): boolean => transaction.execCode === '0000';
  const sum = (transactions: readonly EmulatedTransaction[]): bigint => transactions.reduce((total, transaction) => total + transaction.amountMinor, 0n);

  function rootOf(transaction: EmulatedTransaction): EmulatedTransaction {
    if (transaction.operationType === 'capture' && transaction.referenceId !== null) return book.get(transaction.referenceId) ?? transaction;
    return transaction;
  }

  function capturableOf(authorization: EmulatedTransaction): bigint {
    if (!succeeded(authorization)) return 0n;
    const captures = book.children(authorization.id, 'capture').filter(succeeded);
    if (settings().captureMode === 'single' && captures.length > 0) return 0n;
    return authorization.amountMinor - sum(captures);
  }

  function refundedOf(root: EmulatedTransaction): bigint {
    const refunds = book.all().filter((candidate) => {
      if (candidate.operationType !== 'refund' || !succeeded(candidate) || candidate.referenceId === null) return false;
      const referenced = book.get(candidate.referenceId);
      return referenced !== null && rootOf(referenced).id === root.id;
    });
    return sum(refunds);
  }

  function refundableOf(transaction: EmulatedTransaction): bigint {
    const root = rootOf(transaction);
    if (!succeeded(root) || (root.operationType !== 'payment' && root.operationType !== 'authorization')) return 0n;
    const collected = root.operationType === 'payment' ? root.amountMinor : sum(book.children(root.id, 'capture').filter(succeeded));
    return collected - refundedOf(root);
  }

  function collectedAt(root: EmulatedTransaction): Date {
    if (root.operationType !== 'authorization') return root.createdAt;
    return book.children(root.id, 'capture').filter(succeeded).at(-1)?.createdAt ?? root.createdAt;
  }

  return { succeeded, rootOf, capturableOf, refundableOf, collectedAt };
}
