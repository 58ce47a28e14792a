/**
 * The merchant reference a batch row's charge goes out under: `B`, the batch's ten-character key
 * and the row's number, letters and digits only, at most 16 characters (10,000 rows). That fits
 * every gateway's rule, the narrowest being Peach's OPPWA (`^[a-zA-Z0-9]{8,16}$`; Be2bill and SIBS
 * take up to 64, OPPWA 255: gateways/<id>/options.ts). The same row always gets the same reference,
 * so a charge started twice — after a crash, from a second console — meets the journal's unique
 * constraint instead of the gateway. The file's own reference is not sent as the merchant
 * reference: it may break the gateway's rule, and a file uploaded twice would otherwise clash with
 * its first batch; it leads the charge's description instead, and stays on the row.
 *
 * A charge a crash cut off before it reached the gateway ends failed in the journal (nothing
 * moved) with its reference spent. The row is charged again under `R`, the attempt's digit, nine
 * characters of the key and the row's number — still at most 16 — up to MAX_ATTEMPTS in all.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY_LENGTH = 10;

export function newMitBatchId(): string {
  let key = '';
  for (const byte of randomBytes(KEY_LENGTH)) key += ALPHABET[byte % 32];
  return `mtb_${key}`;
}

export function batchMerchantReference(batchId: string, ordinal: number): string {
  return `B${batchId.slice(-KEY_LENGTH)}${ordinal}`;
}

export const MAX_ATTEMPTS = 3;
const RETRY_KEY_LENGTH = 9;

/** The reference of the row's next attempt after `reference`, or null when the row has had its attempts. */
export function nextAttemptReference(batchId: string, ordinal: number, reference: string): string | null {
  const attempt = reference.startsWith('R') ? Number(reference.charAt(1)) + 1 : 2;
  if (!Number.isInteger(attempt) || attempt > MAX_ATTEMPTS) return null;
  return `R${attempt}${batchId.slice(-RETRY_KEY_LENGTH)}${ordinal}`;
}

/** What the charge's description says: the file's reference, then its description. */
export function batchChargeDescription(reference: string, description: string | null): string {
  return description === null ? reference : `${reference} ${description}`;
}
