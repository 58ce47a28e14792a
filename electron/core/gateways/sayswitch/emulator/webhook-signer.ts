/**
 * How Sayswitch signs a webhook (fact sheet §6): header `payloadSignature` = lowercase hex of
 * HMAC-SHA512 over the exact bytes of the body, keyed with the merchant's secret key (PHP's
 * `hash_hmac("SHA512", body, secret)`). Written from the sheet for the emulator alone.
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'payloadSignature';

export function signWebhookBody(rawBody: string, secretKey: string): string {
  return createHmac('sha512', secretKey).update(rawBody, 'utf8').digest('hex');
}
