/**
 * The merchant's payload encryption as Sayswitch's side reads it (fact sheet §7, the transform of
 * the official JS, PHP and Python samples), written from the sheet for the emulator alone:
 * AES-256-CBC with PKCS#7 padding, the key string's UTF-8 bytes as the key (so 32 of them), the
 * first 16 characters of the IV string as the IV, the JSON text as plaintext, and lowercase hex on
 * the wire inside `{"data": "<ciphertext>"}`. Base64 is read too when the setting allows it, since
 * the sheet's prose says base64 where its samples say hex (INFERRED resolution).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

export interface MerchantCipher {
  encrypt(plaintext: string): string;
  /** The plaintext, or null when the text is no ciphertext under this key and IV. */
  decrypt(ciphertext: string): string | null;
}

const HEX_TEXT = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;

/** Null when the dashboard's key is not 32 bytes of text or its IV has fewer than 16 characters. */
export function merchantCipher(keyText: string, ivText: string): MerchantCipher | null {
  const key = Buffer.from(keyText, 'utf8');
  const iv = Buffer.from(ivText.slice(0, 16), 'utf8');
  if (key.length !== 32 || iv.length !== 16) return null;
  return {
    encrypt(plaintext) {
      const cipher = createCipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('hex');
    },
    decrypt(ciphertext) {
      const text = ciphertext.trim();
      const bytes = HEX_TEXT.test(text) ? Buffer.from(text, 'hex') : BASE64_TEXT.test(text) && text.length % 4 === 0 ? Buffer.from(text, 'base64') : null;
      if (bytes === null || bytes.length === 0 || bytes.length % 16 !== 0) return null;
      try {
        const decipher = createDecipheriv('aes-256-cbc', key, iv);
        return Buffer.concat([decipher.update(bytes), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

/**
 * The ciphertext of a request body shaped `{"data": "<text>"}` and nothing else, or null. Hex is
 * always taken; base64 only when `base64` says so.
 */
export function envelopeCiphertextOf(body: unknown, base64: boolean): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const fields = Object.keys(body);
  const data = (body as Record<string, unknown>)['data'];
  if (fields.length !== 1 || typeof data !== 'string') return null;
  const text = data.trim();
  if (HEX_TEXT.test(text)) return text;
  return base64 && text.length >= 24 && text.length % 4 === 0 && BASE64_TEXT.test(text) ? text : null;
}
