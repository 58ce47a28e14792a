import type { PaymentDetail } from '../../../../../shared/ipc/contract.ts';
import { checkOperationAmount, type AmountCheck } from './operation-amount.ts';

export type RefundPolicy = PaymentDetail['refundPolicy'];

/** A gateway that refunds in full only (Sayswitch) takes exactly what is refundable, nothing typed. */
export function refundAmountIsFixed(policy: RefundPolicy): boolean {
  return !policy.partial;
}

/**
 * The amount a refund form sends: what the operator typed where the gateway refunds in part,
 * otherwise the refundable amount the form showed, whatever is in the field. Still checked, so a
 * payment with nothing left to refund is refused here rather than at the gateway.
 */
export function checkRefundAmount(typed: string, currency: string, refundable: string, policy: RefundPolicy): AmountCheck {
  return checkOperationAmount(refundAmountIsFixed(policy) ? refundable : typed, currency, refundable);
}
