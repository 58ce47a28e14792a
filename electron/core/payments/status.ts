/**
 * The payment's status is derived from its journal, so that whatever path changed an operation
 * (the call itself, sync, recovery, a webhook) the status comes out the same.
 */
import type { PaymentKind, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { Balances, OperationRow } from '../ledger/types.ts';

export { isFinalPaymentStatus as isFinalStatus } from '../../../shared/domain/schemas.ts';

export interface DerivationInput {
  readonly kind: PaymentKind;
  readonly initial: OperationRow | undefined;
  readonly balances: Balances;
  /** What the gateway last said while the initial operation is still pending (pending / requires_action / expired). */
  readonly pendingStatus: PaymentStatus;
  /** The gateway answered something we cannot map and the answer is not resolved yet. */
  readonly needsReview: boolean;
  /** A later operation (capture, refund, void) has no known outcome yet. */
  readonly unresolvedFollowUp: boolean;
}

export function derivePaymentStatus(input: DerivationInput): PaymentStatus {
  const { initial, balances } = input;
  if (input.needsReview) return 'needs_review';
  if (!initial) return 'unknown';
  switch (initial.state) {
    case 'intent':
    case 'sent':
    case 'unknown':
      return 'unknown';
    case 'pending':
      return input.pendingStatus;
    case 'declined':
      return 'declined';
    case 'failed':
      return input.pendingStatus === 'expired' ? 'expired' : 'failed';
    case 'succeeded':
      break;
  }
  if (input.unresolvedFollowUp) return 'unknown';
  if (balances.refundedMinor > 0n) {
    return balances.refundedMinor >= balances.capturedMinor ? 'refunded' : 'partially_refunded';
  }
  if (input.kind === 'sale') return 'captured';
  if (balances.capturedMinor === 0n) {
    return balances.voidedMinor > 0n && balances.voidedMinor >= balances.authorizedMinor ? 'voided' : 'authorized';
  }
  return balances.capturedMinor + balances.voidedMinor >= balances.authorizedMinor ? 'captured' : 'partially_captured';
}
