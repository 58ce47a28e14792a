import type { PaymentSummary } from '../../../shared/ipc/contract.ts';

type PendingAction = NonNullable<PaymentSummary['pendingAction']>;

/**
 * The address the cardholder can open by themselves, when the step is one: a plain GET with
 * nothing to post. A form to post (3-D Secure's PaReq, MD, creq…) is for the cardholder's own
 * browser and cannot be passed on by phone or mail.
 */
export function customerLinkOf(action: PendingAction): string | null {
  if (action.url === null || action.parameters.length > 0 || (action.method ?? 'GET').toUpperCase() !== 'GET') return null;
  return /^https?:\/\//i.test(action.url) ? action.url : null;
}
