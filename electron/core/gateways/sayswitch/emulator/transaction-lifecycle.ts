/**
 * How a transaction changes: history entries, the end of a payment (with its webhook), a refund
 * settling, the customer's code, and the clock (an unfinished customer step or USSD code fails,
 * a pending refund settles; the emulator's sweep timer calls `sweep`).
 */
import type { SayswitchMerchantDirectory } from './merchants.ts';
import type { SayswitchNotifier } from './notifications.ts';
import type { SayswitchEmulatorSettings } from './settings.ts';
import { amountView, sayswitchTime, type AmountView, type EmulatedRefund, type EmulatedTransaction, type TransactionBook } from './transaction-book.ts';

export interface TransactionLifecycleDeps {
  settings(): SayswitchEmulatorSettings;
  readonly book: TransactionBook;
  readonly merchants: SayswitchMerchantDirectory;
  readonly notifier: SayswitchNotifier;
  now(): Date;
  amounts(transaction: EmulatedTransaction): AmountView;
}

export function createTransactionLifecycle(deps: TransactionLifecycleDeps) {
  const { settings, book, merchants, notifier, now, amounts } = deps;

  function record(transaction: EmulatedTransaction, type: string, message: string): void {
    transaction.history.push({ type, message, time: now() });
    transaction.updatedAt = now();
  }

  function finish(transaction: EmulatedTransaction, status: 'success' | 'failed' | 'cancelled', message: string): void {
    transaction.status = status;
    transaction.gatewayResponse = message;
    if (status === 'success') transaction.paidAt = now();
    record(transaction, status === 'success' ? 'success' : 'error', message);
    const merchant = merchants.byPublicKey(transaction.merchant);
    if (merchant === null || status === 'cancelled') return;
    const money = amounts(transaction);
    notifier.send({
      subject: 'payment',
      status,
      secretKey: merchant.secretKey,
      occurredAt: transaction.updatedAt,
      label: `${transaction.reference} ${status}`,
      data: { id: Number(transaction.id), reference: transaction.reference, amount: money.requested, fee: money.fees, currency: transaction.currency, status, channel: transaction.channel, customer: { email: transaction.email }, created_at: sayswitchTime(transaction.createdAt), updated_at: sayswitchTime(transaction.updatedAt), domain: 'test' },
    });
  }

  function settleRefund(refund: EmulatedRefund): void {
    if (refund.status !== 'pending') return;
    refund.status = 'success';
    refund.updatedAt = now();
    const merchant = merchants.byPublicKey(refund.merchant);
    if (merchant === null) return;
    notifier.send({
      subject: 'refund',
      status: 'success',
      secretKey: merchant.secretKey,
      occurredAt: refund.updatedAt,
      label: `${refund.refundReference} refund success`,
      data: { id: Number(refund.id), reference: refund.refundReference, transaction_reference: refund.transactionReference, amount: amountView(refund.amountMinor, refund.currency, 0, settings().amountUnit).requested, currency: refund.currency, status: 'success', created_at: sayswitchTime(refund.createdAt), updated_at: sayswitchTime(refund.updatedAt), domain: 'test' },
    });
  }

  /** Time-driven changes: a customer step left unfinished fails, a pending refund settles. */
  function sweep(): void {
    const at = now().getTime();
    for (const transaction of book.all()) {
      if (transaction.status === 'pending' && transaction.authenticationDeadline !== null && at >= transaction.authenticationDeadline.getTime()) {
        finish(transaction, 'failed', transaction.ussd === undefined ? 'Authentication timed out' : 'USSD code expired');
      }
    }
    for (const refund of book.allRefunds()) if (refund.status === 'pending' && at >= refund.settlesAt.getTime()) settleRefund(refund);
  }

  /** The customer's code, from the OTP call, the hosted page or the sandbox tools. */
  function enterCode(transaction: EmulatedTransaction, otp: string): { ok: boolean; message: string } {
    sweep();
    if (transaction.status !== 'pending' || transaction.flow === null) return { ok: false, message: `Payment ${transaction.reference} is not waiting for a code (${transaction.status})` };
    record(transaction, 'input', 'Customer entered a code');
    if (transaction.failsAuthentication) {
      finish(transaction, 'failed', 'Authentication failed');
      return { ok: false, message: 'Authentication failed' };
    }
    if (otp !== settings().testOtp) {
      transaction.otpFailures += 1;
      if (transaction.otpFailures >= settings().otpAttempts) {
        finish(transaction, 'failed', 'Invalid OTP');
        return { ok: false, message: 'Invalid OTP' };
      }
      record(transaction, 'error', 'Invalid OTP; try again');
      return { ok: false, message: 'Invalid OTP; try again' };
    }
    finish(transaction, 'success', 'Approved');
    return { ok: true, message: 'Approved' };
  }

  return {
    record,
    finish,
    settleRefund,
    sweep,
    enterCode,
  };
}
