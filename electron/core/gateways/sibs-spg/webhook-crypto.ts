/**
 * SIBS webhook encryption (fact sheet §8, QDOC E.1.5): AES-256-GCM without padding, the body is
 * the Base64 ciphertext, `X-Initialization-Vector` and `X-Authentication-Tag` carry the Base64 IV
 * and tag, and the key is the Backoffice secret Base64-decoded. Inferred and therefore
 * parameters: a 16-byte tag and no additional authenticated data; any IV of 12 bytes or more is
 * taken (12 is GCM's usual length, and SIBS publishes none). The console only decrypts.
 */
import { createDecipheriv } from 'node:crypto';
import { AuthenticationError, DeserializationError } from '../../errors.ts';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface SibsWebhookCipherParameters {
  readonly tagBytes: number;
  /** Additional authenticated data; empty means none, which is what every client found does. */
  readonly aad: string;
}

export const DEFAULT_WEBHOOK_CIPHER: SibsWebhookCipherParameters = { tagBytes: 16, aad: '' };

function decodeBase64(text: string, what: string): Buffer {
  const compact = text.trim();
  if (compact === '' || compact.length % 4 !== 0 || !BASE64.test(compact)) throw new DeserializationError(`SIBS webhook: ${what} is not Base64`);
  return Buffer.from(compact, 'base64');
}

/** The key as the Backoffice shows it: Base64 of 32 bytes. */
export function webhookKey(secretBase64: string): Buffer {
  let key: Buffer;
  try {
    key = decodeBase64(secretBase64, 'the webhook secret');
  } catch {
    throw new AuthenticationError('The SIBS webhook secret is not Base64; copy it again from the SIBS Backoffice');
  }
  if (key.length !== 32) throw new AuthenticationError(`The SIBS webhook secret decodes to ${key.length} bytes; AES-256 needs 32`);
  return key;
}

/**
 * Verifies the tag before anything of the plaintext is used: Node's GCM decipher only releases
 * the result once `final()` has checked the tag, and a failure there discards everything.
 * A tag of another length than expected is refused outright (a truncated tag is weaker).
 */
export function decryptNotificationBytes(
  encrypted: { readonly body: string; readonly iv: string | undefined; readonly tag: string | undefined },
  secretBase64: string,
  parameters: SibsWebhookCipherParameters = DEFAULT_WEBHOOK_CIPHER,
): Buffer {
  if (encrypted.iv === undefined || encrypted.tag === undefined) {
    throw new AuthenticationError('SIBS webhook: X-Initialization-Vector or X-Authentication-Tag is missing');
  }
  const key = webhookKey(secretBase64);
  const iv = decodeBase64(encrypted.iv, 'X-Initialization-Vector');
  const tag = decodeBase64(encrypted.tag, 'X-Authentication-Tag');
  if (iv.length < 12) throw new AuthenticationError(`SIBS webhook: the IV has ${iv.length} bytes`);
  if (tag.length !== parameters.tagBytes) throw new AuthenticationError(`SIBS webhook: the authentication tag has ${tag.length} bytes, expected ${parameters.tagBytes}`);
  const ciphertext = decodeBase64(encrypted.body, 'the body');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: parameters.tagBytes });
  decipher.setAuthTag(tag);
  if (parameters.aad !== '') decipher.setAAD(Buffer.from(parameters.aad, 'utf8'));
  const head = decipher.update(ciphertext);
  let tail: Buffer;
  try {
    tail = decipher.final();
  } catch {
    throw new AuthenticationError('SIBS webhook: the authentication tag does not match (wrong secret or altered body)');
  }
  return Buffer.concat([head, tail]);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The payload as text: UTF-8 (QDOC E.1.5); bytes that are not UTF-8 are unreadable, never patched over. */
export function decryptNotification(
  encrypted: { readonly body: string; readonly iv: string | undefined; readonly tag: string | undefined },
  secretBase64: string,
  parameters: SibsWebhookCipherParameters = DEFAULT_WEBHOOK_CIPHER,
): string {
  const bytes = decryptNotificationBytes(encrypted, secretBase64, parameters);
  try {
    return UTF8.decode(bytes);
  } catch (error) {
    throw new DeserializationError('SIBS webhook: the decrypted payload is not UTF-8 text', { cause: error });
  }
}
