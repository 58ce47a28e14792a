/**
 * How an emulated payment's status moves (QDOC C.4: Pending → Success | Declined | Timeout |
 * Error; Partial → resubmit → Success/Declined), including the moves time makes on its own:
 * MB WAY approval windows, scenario phones, Multibanco references reaching their finalDatetime,
 * checkouts never used before their expiry. Each function answers whether it changed anything,
 * so the emulator knows when to send a webhook.
 */
import type { EmulatedPayment } from './payment-book.ts';
import { phoneBehaviour } from './scenarios.ts';
import type { SibsEmulatorSettings } from './settings.ts';

/** SIBS's documented MB WAY decline (DOC webhook examples, fact sheet §4). */
export const MBWAY_DECLINE_CODE = '01.106.0004';
/** SIBS's "declined operation" (QDOC C.5.2), used for refusals of our own making (mandate limits). */
export const DECLINED_OPERATION_CODE = 'E0119';

export function succeed(payment: EmulatedPayment, at: Date): void {
  payment.paidAt = at;
  payment.pendingThreeDS = null;
  payment.collectAt = null;
  payment.paymentStatus = 'Success';
  payment.statusCode = '000';
  payment.statusMsg = 'Success';
  payment.statusDescription = 'Success';
  if (payment.reference !== null) payment.reference.status = 'PAID';
}

export function decline(payment: EmulatedPayment, statusCode: string, reason: string, at: Date): void {
  payment.paidAt = at;
  payment.pendingThreeDS = null;
  payment.collectAt = null;
  payment.paymentStatus = 'Declined';
  payment.statusCode = statusCode;
  payment.statusMsg = 'Declined';
  payment.statusDescription = reason;
}

/** Seed 001's real answer for an MB WAY request nobody approved: "999" next to Timeout. */
export function timeOut(payment: EmulatedPayment, at: Date): void {
  payment.paidAt = at;
  payment.pendingThreeDS = null;
  payment.paymentStatus = 'Timeout';
  payment.statusCode = '999';
  payment.statusMsg = 'Validation Request Failed';
  payment.statusDescription = 'Please try again.';
}

function expireCheckout(payment: EmulatedPayment, at: Date): void {
  payment.paidAt = at;
  payment.paymentStatus = 'Expired';
  payment.pendingThreeDS = null;
  payment.statusMsg = 'Expired';
  payment.statusDescription = 'The checkout expired before it was paid';
}

function expireReference(payment: EmulatedPayment, settings: SibsEmulatorSettings): void {
  if (payment.reference !== null) payment.paidAt = payment.reference.finalDatetime;
  payment.paymentStatus = settings.referenceExpiryStatus;
  payment.statusMsg = settings.referenceExpiryStatus;
  payment.statusDescription = 'The Multibanco reference was not paid before its finalDatetime';
  if (payment.reference !== null) payment.reference.status = 'EXPIRED';
}

export function isOpen(payment: EmulatedPayment): boolean {
  return payment.paymentStatus === 'Pending' || payment.paymentStatus === 'Partial' || payment.paymentStatus === 'InProcessing';
}

/** Applies whatever the passing of time has decided by `now`. */
export function advance(payment: EmulatedPayment, now: Date, settings: SibsEmulatorSettings): boolean {
  if (!isOpen(payment)) return false;
  const at = now.getTime();
  if (payment.mbway !== null) {
    const waited = at - payment.mbway.requestedAt.getTime();
    const behaviour = phoneBehaviour(payment.mbway.phone);
    if (behaviour === 'approve' && waited >= settings.mbwayScenarioDelayMs && waited < settings.mbwayApprovalWindowMs) {
      succeed(payment, new Date(payment.mbway.requestedAt.getTime() + settings.mbwayScenarioDelayMs));
      return true;
    }
    if (behaviour === 'decline' && waited >= settings.mbwayScenarioDelayMs && waited < settings.mbwayApprovalWindowMs) {
      decline(payment, MBWAY_DECLINE_CODE, 'The customer declined the MB WAY request', new Date(payment.mbway.requestedAt.getTime() + settings.mbwayScenarioDelayMs));
      return true;
    }
    if (waited >= settings.mbwayApprovalWindowMs) {
      timeOut(payment, new Date(payment.mbway.requestedAt.getTime() + settings.mbwayApprovalWindowMs));
      return true;
    }
    return false;
  }
  if (payment.reference !== null) {
    if (at > payment.reference.finalDatetime.getTime()) {
      expireReference(payment, settings);
      return true;
    }
    return false;
  }
  if (payment.collectAt !== null) {
    if (at >= payment.collectAt.getTime()) {
      succeed(payment, payment.collectAt);
      return true;
    }
    return false;
  }
  if ((payment.method === null || payment.method === 'CARD') && at > payment.expiresAt.getTime()) {
    expireCheckout(payment, payment.expiresAt);
    return true;
  }
  return false;
}
