/**
 * Sayswitch authentication and webhook signatures (fact sheet §1, §6): every call carries
 * `Authorization: Bearer <secret key>`; the environment is chosen by the key itself
 * (`sk_test_…` / `sk_live_…`), there is no separate sandbox host. A webhook carries
 * `payloadSignature` = lowercase hex HMAC-SHA512 of the raw body, keyed with the secret key.
 *
 * The S2S overview mentions an optional request signature, but no header, canonical string or
 * algorithm is documented (§8, UNKNOWN), so none is sent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function bearerHeaders(secretKey: string, withJsonBody: boolean): Record<string, string> {
  return {
    Authorization: `Bearer ${secretKey}`,
    Accept: 'application/json',
    ...(withJsonBody ? { 'Content-Type': 'application/json' } : {}),
  };
}

export function webhookSignature(rawBody: string, secretKey: string): string {
  return createHmac('sha512', secretKey).update(rawBody, 'utf8').digest('hex');
}

/** Hex is compared case-insensitively (PHP compares strings; a client may upper-case it) and in constant time. */
export function webhookSignatureMatches(rawBody: string, secretKey: string, given: string): boolean {
  const expected = Buffer.from(webhookSignature(rawBody, secretKey), 'utf8');
  const actual = Buffer.from(given.trim().toLowerCase(), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
