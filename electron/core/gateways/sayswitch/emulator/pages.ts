/**
 * The sandbox's customer-facing pages: the Sayswitch-hosted authentication page (`alt`, §2 step 4)
 * where the customer types the code from their bank, and the issuer's challenge page the
 * `creq` form posts to. Both end the payment; the result page says the window can be closed.
 */
import type { EmulatorResponse } from '../../types.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function htmlPage(status: number, title: string, content: string): EmulatorResponse {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${content}</main></body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: page };
}

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
