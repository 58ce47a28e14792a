/**
 * The customer's side of SPG's asynchronous flows, which a real customer performs in the MB WAY
 * app, at an ATM or on the issuer's 3-D Secure page: for the sandbox tools panel and tests.
 */
import { z } from 'zod';
import { isCurrencyCode } from '../../../../../shared/money/currencies.ts';
import { parseDecimal } from '../../../../../shared/money/money.ts';
import type { SandboxCustomerAction } from '../../types.ts';
import type { SibsEmulatorContext } from './emulator-context.ts';
import { decline, MBWAY_DECLINE_CODE, succeed } from './lifecycle.ts';
import type { EmulatedPayment } from './payment-book.ts';

/** The customer's side of SIBS's asynchronous flows, for the sandbox tools panel and tests. */
export const SIBS_CUSTOMER_ACTIONS: readonly SandboxCustomerAction[] = [
  { name: 'mbway.approve', label: 'Approve the MB WAY request in the app', target: 'payment' },
  { name: 'mbway.decline', label: 'Decline the MB WAY request in the app', target: 'payment' },
  { name: 'reference.pay', label: 'Pay the Multibanco reference at an ATM', target: 'payment' },
  { name: 'threeds.complete', label: 'Pass the 3-D Secure challenge', target: 'payment' },
  { name: 'token.revoke', label: 'Cancel the stored card (issuer or cardholder)', target: 'payment' },
  { name: 'mandate.approve', label: 'Approve the MB WAY mandate in the app', target: 'mandate' },
  { name: 'mandate.decline', label: 'Decline the MB WAY mandate in the app', target: 'mandate' },
  { name: 'mandate.cancel', label: 'Cancel the MB WAY mandate in the app', target: 'mandate' },
];

/** What `mandate.approve` may carry through the control route: the limit and expiry the customer sets. */
export const mandateApprovalSchema = z.strictObject({
  limit: z.string().regex(/^\d+(\.\d{1,2})?$/).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  expiresAt: z.iso.datetime().optional(),
});
export type MandateApproval = z.output<typeof mandateApprovalSchema>;

export type ActionResult = { ok: boolean; message: string };

export function createCustomerActions(ctx: SibsEmulatorContext): (action: string, gatewayId: string, approval?: MandateApproval) => Promise<ActionResult> {
  const { settings, book, mandates, notifier, now, touch, touchMandate } = ctx;

  function paymentByGatewayId(id: string): EmulatedPayment | null {
    return book.payments().find((payment) => payment.transactionId === id) ?? null;
  }

  function actOnPayment(action: string, id: string): { ok: boolean; message: string } {
    const payment = paymentByGatewayId(id);
    if (payment === null) return { ok: false, message: `No SIBS transaction ${id}` };
    touch(payment);
    const at = now();
    switch (action) {
      case 'mbway.approve':
      case 'mbway.decline': {
        if (payment.mbway === null || payment.paymentStatus !== 'Pending') return { ok: false, message: `Transaction ${id} is not an MB WAY request waiting for the customer (${payment.paymentStatus})` };
        if (action === 'mbway.approve') succeed(payment, at);
        else decline(payment, MBWAY_DECLINE_CODE, 'The customer declined the MB WAY request', at);
        notifier.payment(payment);
        return { ok: true, message: action === 'mbway.approve' ? 'The customer approved the MB WAY request' : 'The customer declined the MB WAY request' };
      }
      case 'reference.pay': {
        if (payment.reference === null || payment.paymentStatus !== 'Pending') return { ok: false, message: `Transaction ${id} is not an unpaid Multibanco reference (${payment.paymentStatus})` };
        succeed(payment, at);
        notifier.payment(payment);
        return { ok: true, message: `Reference ${payment.reference.reference} paid at an ATM` };
      }
      case 'threeds.complete': {
        if (payment.pendingThreeDS === null || payment.paymentStatus !== 'Partial') return { ok: false, message: `Transaction ${id} has no 3-D Secure step waiting` };
        payment.pendingThreeDS.authenticated = true;
        return { ok: true, message: 'The cardholder passed 3-D Secure; the merchant can now continue the payment' };
      }
      case 'token.revoke': {
        if (payment.token === null || payment.tokenStatus !== 'active') return { ok: false, message: `Transaction ${id} has no active stored card` };
        payment.tokenStatus = 'cancelled';
        notifier.token(payment, at);
        return { ok: true, message: 'The stored card was cancelled' };
      }
      default:
        return { ok: false, message: `Unknown customer action ${action}` };
    }
  }

  function actOnMandate(action: string, id: string, approval: MandateApproval): { ok: boolean; message: string } {
    const mandate = mandates.find(id);
    if (mandate === null) return { ok: false, message: `No MB WAY mandate ${id}` };
    touchMandate(mandate);
    const at = now();
    if (action === 'mandate.cancel') {
      if (mandate.status !== 'PEND' && mandate.status !== 'ACTV') return { ok: false, message: `The mandate is ${mandate.status}` };
      mandate.status = 'CNCL';
    } else {
      if (mandate.status !== 'PEND') return { ok: false, message: `The mandate is ${mandate.status}, not waiting for the customer` };
      if (action === 'mandate.decline') {
        mandate.status = 'RJCT';
      } else {
        const currency = approval.currency ?? 'EUR';
        if (!isCurrencyCode(currency)) return { ok: false, message: `Unknown currency ${currency}` };
        const expiresAt = approval.expiresAt === undefined ? new Date(at.getTime() + settings().mandateDefaultValidityDays * 86_400_000) : new Date(approval.expiresAt);
        if (expiresAt.getTime() <= at.getTime()) return { ok: false, message: 'The expiry must be in the future' };
        mandate.status = 'ACTV';
        mandate.limitMinor = parseDecimal(approval.limit ?? settings().mandateDefaultLimit, currency);
        mandate.currency = currency;
        mandate.expiresAt = expiresAt;
      }
    }
    mandate.updatedAt = at;
    notifier.mandate(mandate);
    return { ok: true, message: `The mandate is now ${mandate.status}` };
  }

  async function performCustomerAction(action: string, gatewayId: string, approval: MandateApproval = {}): Promise<{ ok: boolean; message: string }> {
    const known = SIBS_CUSTOMER_ACTIONS.find((candidate) => candidate.name === action);
    if (known === undefined) return { ok: false, message: `Unknown customer action ${action}` };
    return known.target === 'mandate' ? actOnMandate(action, gatewayId, approval) : actOnPayment(action, gatewayId);
  }

  return performCustomerAction;
}
