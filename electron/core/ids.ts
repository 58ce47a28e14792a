import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Crockford base32 of the time, then randomness: ids sort by creation and never collide in practice. */
function timeSortable(now: Date, randomChars: number): string {
  let time = now.getTime();
  let head = '';
  for (let i = 0; i < 9; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  return head + randomChars32(randomChars);
}

function randomChars32(count: number): string {
  const bytes = randomBytes(count);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % 32];
  return out;
}

export function newPaymentId(now: Date): string {
  return `pay_${timeSortable(now, 10)}`;
}

export function newOperationId(now: Date): string {
  return `op_${timeSortable(now, 10)}`;
}

export function newApprovalId(now: Date): string {
  return `apr_${timeSortable(now, 10)}`;
}

export function newReconSessionId(now: Date): string {
  return `rcn_${timeSortable(now, 10)}`;
}

export function newExportId(now: Date): string {
  return `exp_${timeSortable(now, 10)}`;
}

export function newProfileId(): string {
  return `prf_${randomChars32(12).toLowerCase()}`;
}

/**
 * Merchant references go on the gateway's wire (SIBS merchantTransactionId and friends), so they
 * stay short, ASCII and unique per attempt.
 */
export function newMerchantReference(prefix: string, now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `${prefix}-${day}-${randomChars32(8)}`;
}
