/**
 * Sayswitch transaction and refund statuses (fact sheet §4, §5) to ours. The table is explicit;
 * a status it does not list is never guessed: it is an UnexpectedGatewayResponseError and the
 * payment lands in needs review.
 */
import type { PaymentStatus } from '../../../../shared/domain/schemas.ts';
import { UnexpectedGatewayResponseError } from '../../errors.ts';
import type { OperationResult, PaymentResult } from '../types.ts';

export interface SayswitchPaymentMapping {
  readonly status: PaymentStatus;
  readonly outcome: PaymentResult['outcome'];
  readonly final: boolean;
}

/**
 * `successful` appears once in a description while every sample says `success` (§4); both are read.
 * `failed` is Sayswitch's word for a refused charge (issuer, OTP, 3-D Secure): a decline. `cancelled`
 * is a payment nobody completed: no money moved, nothing declined it.
 */
const PAYMENT_STATUS_TABLE: Readonly<Record<string, SayswitchPaymentMapping>> = {
  success: { status: 'captured', outcome: 'succeeded', final: true },
  successful: { status: 'captured', outcome: 'succeeded', final: true },
  failed: { status: 'declined', outcome: 'declined', final: true },
  cancelled: { status: 'failed', outcome: 'failed', final: true },
  pending: { status: 'pending', outcome: 'pending', final: false },
};

export function mapTransactionStatus(status: string, awaitingCustomer: boolean): SayswitchPaymentMapping {
  const found = PAYMENT_STATUS_TABLE[status.trim().toLowerCase()];
  if (found === undefined) throw new UnexpectedGatewayResponseError(`Sayswitch reported transaction status "${status}", which the console has no mapping for`, status);
  if (found.status === 'pending' && awaitingCustomer) return { ...found, status: 'requires_action' };
  return found;
}

/**
 * Refund list statuses are `pending` and `success` (§5); `failed` is read as the opposite of
 * success. `processed` is the name of an event in the older webhooks (`refund.processed`, §6), read
 * there by the notification parser, and no status of a refund: as a status it is unknown, never a
 * success.
 */
const REFUND_STATUS_TABLE: Readonly<Record<string, OperationResult['outcome']>> = {
  pending: 'pending',
  processing: 'pending',
  success: 'succeeded',
  successful: 'succeeded',
  failed: 'failed',
};

export function mapRefundStatus(status: string): OperationResult['outcome'] {
  const found = REFUND_STATUS_TABLE[status.trim().toLowerCase()];
  if (found === undefined) throw new UnexpectedGatewayResponseError(`Sayswitch reported refund status "${status}", which the console has no mapping for`, status);
  return found;
}
