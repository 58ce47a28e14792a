/**
 * How the emulator encrypts a webhook, as fact sheet §8 describes OPPWA doing it: AES-256-GCM
 * with the hex-decoded 64-hex secret as key and no additional data; the body is the hex
 * ciphertext, `X-Initialization-Vector` and `X-Authentication-Tag` carry the hex IV and 16-byte
 * tag. ACI's own decryption example prints them in upper case.
 */
import { createCipheriv } from 'node:crypto';

export interface EncryptedWebhook {
  readonly body: string;
  readonly iv: string;
  readonly tag: string;
}

export function encryptWebhook(plaintext: string, secretHex: string, iv: Buffer): EncryptedWebhook {
  const key = Buffer.from(secretHex, 'hex');
  if (key.length !== 32) throw new RangeError('An OPPWA webhook secret is 64 hexadecimal characters');
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const hex = (bytes: Buffer) => bytes.toString('hex').toUpperCase();
  return { body: hex(ciphertext), iv: hex(iv), tag: hex(cipher.getAuthTag()) };
}
