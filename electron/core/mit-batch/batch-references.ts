/**
 * The merchant reference a batch row's charge goes out under: `B`, the batch's ten-character key
 * and the row's number, letters and digits only, at most 16 characters (10,000 rows). That fits
 * every gateway's rule, the narrowest being Peach's OPPWA (`^[a-zA-Z0-9]{8,16}$`; Be2bill and SIBS
 * take up to 64, OPPWA 255: gateways/<id>/options.ts). The same row always gets the same reference,
 * so a charge started twice — after a crash, from a second console — meets the journal's unique
 * constraint instead of the gateway. The file's own reference is not sent as the merchant
 * reference: it may break the gateway's rule, and a file uploaded twice would otherwise clash with
 * its first batch; it leads the charge's description instead, and stays on the row.
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

/** What the charge's description says: the file's reference, then its description. */
export function batchChargeDescription(reference: string, description: string | null): string {
  return description === null ? reference : `${reference} ${description}`;
}
