/**
 * OPPWA webhook decryption (fact sheet §8): AES-256-GCM, the body is the hex ciphertext,
 * `X-Initialization-Vector` and `X-Authentication-Tag` carry the hex IV and tag, the key is the
 * hex-decoded 64-hex secret, no additional authenticated data. Successful decryption is the
 * authentication; there is no separate HMAC.
 */
import { createDecipheriv } from 'node:crypto';
import { AuthenticationError, DeserializationError } from '../../errors.ts';

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const TAG_BYTES = 16;

function decodeHex(text: string, what: string): Buffer {
  const compact = text.trim();
  if (compact === '' || !HEX.test(compact)) throw new DeserializationError(`OPPWA webhook: ${what} is not hex`);
  return Buffer.from(compact, 'hex');
}

export function oppwaWebhookKey(secretHex: string): Buffer {
  const compact = secretHex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(compact)) throw new AuthenticationError('The OPPWA webhook secret must be 64 hexadecimal characters; copy it again from the back office');
  return Buffer.from(compact, 'hex');
}

/**
 * Node releases the plaintext only after `final()` has checked the tag. The IV is 12 bytes by
 * the GCM convention; one public test used 16, which GCM accepts too, so both are read.
 */
export function decryptOppwaNotification(encrypted: { readonly body: string; readonly iv: string | undefined; readonly tag: string | undefined }, secretHex: string): string {
  if (encrypted.iv === undefined || encrypted.tag === undefined) {
    throw new AuthenticationError('OPPWA webhook: X-Initialization-Vector or X-Authentication-Tag is missing');
  }
  const key = oppwaWebhookKey(secretHex);
  const iv = decodeHex(encrypted.iv, 'X-Initialization-Vector');
  const tag = decodeHex(encrypted.tag, 'X-Authentication-Tag');
  if (iv.length !== 12 && iv.length !== 16) throw new AuthenticationError(`OPPWA webhook: the IV has ${iv.length} bytes`);
  if (tag.length !== TAG_BYTES) throw new AuthenticationError(`OPPWA webhook: the authentication tag has ${tag.length} bytes, expected ${TAG_BYTES}`);
  const ciphertext = decodeHex(encrypted.body, 'the body');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  const head = decipher.update(ciphertext);
  let tail: Buffer;
  try {
    tail = decipher.final();
  } catch {
    throw new AuthenticationError('OPPWA webhook: the authentication tag does not match (wrong secret or altered body)');
  }
  return Buffer.concat([head, tail]).toString('utf8');
}
