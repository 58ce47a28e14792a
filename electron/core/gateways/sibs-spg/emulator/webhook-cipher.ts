/**
 * How SPG encrypts a webhook (fact sheet §8, QDOC E.1.5): AES in GCM mode without padding under
 * the secret the merchant configured in the Backoffice, given there in Base64 (32 bytes: AES-256);
 * the body is the Base64 ciphertext, the IV and the authentication tag travel Base64-encoded in
 * `X-Initialization-Vector` and `X-Authentication-Tag`; text is UTF-8. IV length, tag length and
 * additional authenticated data are not published: they come from the emulator's settings.
 */
import { createCipheriv, randomBytes } from 'node:crypto';

export interface WebhookCipherSettings {
  readonly ivBytes: number;
  readonly tagBytes: number;
  /** Empty: none. */
  readonly aad: string;
}

export interface SealedWebhook {
  readonly body: string;
  readonly headers: { readonly 'x-initialization-vector': string; readonly 'x-authentication-tag': string };
}

export function sealWebhook(plaintext: string | Uint8Array, secretBase64: string, settings: WebhookCipherSettings, iv: Uint8Array = randomBytes(settings.ivBytes)): SealedWebhook {
  const key = Buffer.from(secretBase64, 'base64');
  if (key.length !== 32) throw new Error(`The webhook secret decodes to ${key.length} bytes; AES-256 needs 32`);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: settings.tagBytes });
  if (settings.aad !== '') cipher.setAAD(Buffer.from(settings.aad, 'utf8'));
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  return {
    body: ciphertext.toString('base64'),
    headers: { 'x-initialization-vector': Buffer.from(iv).toString('base64'), 'x-authentication-tag': cipher.getAuthTag().toString('base64') },
  };
}
