/**
 * The customer's side of Sayswitch's flows, which a real customer performs on the bank's OTP or
 * 3-D Secure page, at their bank's app or USSD menu, or on the hosted checkout, plus the refund
 * Sayswitch completes on its own: for the sandbox tools panel and tests.
 */
import type { SandboxCustomerAction } from '../../types.ts';
import type { SayswitchRouteKit } from './route-kit.ts';

export const SAYSWITCH_CUSTOMER_ACTIONS: readonly SandboxCustomerAction[] = [
  { name: 'otp.complete', label: 'Customer enters the right code (OTP or 3-D Secure page)', target: 'payment' },
  { name: 'otp.fail', label: 'Customer enters a wrong code', target: 'payment' },
  { name: 'transfer.pay', label: 'Customer pays the bank transfer', target: 'payment' },
  { name: 'ussd.pay', label: 'Customer dials the USSD code and approves', target: 'payment' },
  { name: 'checkout.pay', label: 'Customer pays on the hosted checkout page', target: 'payment' },
  { name: 'refund.settle', label: 'Sayswitch completes the pending refund', target: 'payment' },
];

export type ActionOutcome = { ok: boolean; message: string };

/** The flows whose customer step happens away from the wire routes. */
export interface CustomerPayments {
  transfer(idOrReference: string): ActionOutcome;
  ussd(idOrReference: string): ActionOutcome;
  checkout(idOrReference: string): ActionOutcome;
}

export function createCustomerActions(kit: SayswitchRouteKit, pay: CustomerPayments): (action: string, idOrReference: string) => Promise<ActionOutcome> {
  const { book, finish, enterCode, settleRefund } = kit;

  // async, so a slip in one action answers a rejected promise rather than throwing at the caller.
  return async function perform(action: string, idOrReference: string): Promise<ActionOutcome> {
    const transaction = book.find(idOrReference);
    switch (action) {
      case 'otp.complete':
      case 'threeds.complete':
        return transaction === null ? { ok: false, message: `No transaction ${idOrReference}` } : enterCode(transaction, kit.settings().testOtp);
      case 'otp.fail':
      case 'threeds.fail':
        if (transaction === null) return { ok: false, message: `No transaction ${idOrReference}` };
        if (transaction.status !== 'pending' || transaction.flow === null) return { ok: false, message: `Payment ${transaction.reference} is not waiting for a code` };
        finish(transaction, 'failed', 'Invalid OTP');
        return { ok: true, message: 'The customer entered a wrong code; the payment failed' };
      case 'transfer.pay':
        return pay.transfer(idOrReference);
      case 'ussd.pay':
        return pay.ussd(idOrReference);
      case 'checkout.pay':
        return pay.checkout(idOrReference);
      case 'refund.settle': {
        const pending = transaction === null ? [] : book.refundsOf(transaction.id).filter((refund) => refund.status === 'pending');
        if (pending.length === 0) return { ok: false, message: `No pending refund on ${idOrReference}` };
        for (const refund of pending) settleRefund(refund);
        return { ok: true, message: 'The refund is complete' };
      }
      default:
        return { ok: false, message: `Unknown customer action ${action}` };
    }
  };
}
