/**
 * The sandbox's customer-facing pages: the Sayswitch-hosted authentication page (`alt`, §2 step 4)
 * where the customer types the code from their bank, and the issuer's challenge page the
 * `creq` form posts to. Both end the payment; the result page says the window can be closed.
 */
import { escapeHtml, htmlPage } from '../../../sandbox/emulator-kit/html-page.ts';
import type { EmulatorResponse } from '../../types.ts';

export function otpPage(input: { action: string; reference: string; amount: string; currency: string; hint: string; error: string | null }): EmulatorResponse {
  const error = input.error === null ? '' : `<p role="alert">${escapeHtml(input.error)}</p>`;
  return htmlPage(
    200,
    'Sayswitch sandbox: confirm your payment',
    `<p>Payment <strong>${escapeHtml(input.reference)}</strong>: ${escapeHtml(input.amount)} ${escapeHtml(input.currency)}</p>${error}` +
      `<form method="post" action="${escapeHtml(input.action)}"><label>One-time code from your bank <input name="otp" inputmode="numeric" autocomplete="one-time-code" required></label> <button type="submit">Confirm</button></form>` +
      `<p><small>${escapeHtml(input.hint)}</small></p>`,
  );
}

export function resultPage(succeeded: boolean, message: string): EmulatorResponse {
  return htmlPage(200, succeeded ? 'Payment successful' : 'Payment failed', `<p>${escapeHtml(message)}</p><p>You can close this window.</p>`);
}
