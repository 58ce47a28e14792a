/**
 * Sayswitch's optional payload encryption (fact sheet §7), exactly as the official JS, PHP and
 * Python samples do it: AES-256-CBC with PKCS#7 padding; the key is the dashboard's key string
 * taken as UTF-8 bytes (so it must be 32 bytes, not base64-decoded); the IV is the first 16
 * characters of the dashboard's IV string as UTF-8; the plaintext is the JSON text of the payload;
 * the ciphertext travels as lowercase hex inside `{"data": "<hex>"}`, in both directions.
 *
 * The docs' prose says base64 in places; every code sample and the card-encryption output are hex,
 * so hex is what is sent. Reading accepts base64 too (INFERRED resolution), since nothing is lost by it.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { AuthenticationError, DeserializationError } from '../../errors.ts';

export interface SayswitchPayloadKey {
  readonly key: Buffer;
  readonly iv: Buffer;
}

const KEY_BYTES = 32;
const IV_BYTES = 16;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Null when the key string is usable; otherwise what is wrong with it, for the operator. */
export function payloadKeyProblem(keyText: string): string | null {
  const length = Buffer.byteLength(keyText, 'utf8');
  return length === KEY_BYTES ? null : `The Sayswitch encryption key must be exactly ${KEY_BYTES} bytes as shown in the dashboard (it is used as text, not decoded); this one has ${length}`;
}

export function payloadIvProblem(ivText: string): string | null {
  const length = Buffer.byteLength(ivText.slice(0, IV_BYTES), 'utf8');
  return length === IV_BYTES ? null : `The Sayswitch encryption IV must have at least ${IV_BYTES} characters (the first ${IV_BYTES} are used)`;
}

export function sayswitchPayloadKey(keyText: string, ivText: string): SayswitchPayloadKey {
  const keyProblem = payloadKeyProblem(keyText);
  if (keyProblem !== null) throw new AuthenticationError(keyProblem);
  const ivProblem = payloadIvProblem(ivText);
  if (ivProblem !== null) throw new AuthenticationError(ivProblem);
  return { key: Buffer.from(keyText, 'utf8'), iv: Buffer.from(ivText.slice(0, IV_BYTES), 'utf8') };
}

/** Plaintext (the JSON text) → lowercase hex ciphertext. */
export function encryptSayswitchPayload(plaintext: string, key: SayswitchPayloadKey): string {
  const cipher = createCipheriv('aes-256-cbc', key.key, key.iv);
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('hex');
}

function ciphertextBytes(text: string): Buffer {
  const compact = text.trim();
  if (HEX.test(compact)) return Buffer.from(compact, 'hex');
  if (compact.length % 4 === 0 && BASE64.test(compact)) return Buffer.from(compact, 'base64');
  throw new DeserializationError('Sayswitch payload: the ciphertext is neither hex nor base64');
}

/** Hex (or base64) ciphertext → plaintext. A wrong key or IV shows as bad padding. */
export function decryptSayswitchPayload(ciphertext: string, key: SayswitchPayloadKey): string {
  const bytes = ciphertextBytes(ciphertext);
  if (bytes.length === 0 || bytes.length % 16 !== 0) throw new DeserializationError('Sayswitch payload: the ciphertext is not a whole number of AES blocks');
  const decipher = createDecipheriv('aes-256-cbc', key.key, key.iv);
  try {
    return Buffer.concat([decipher.update(bytes), decipher.final()]).toString('utf8');
  } catch {
    throw new DeserializationError('Sayswitch payload: the ciphertext does not decrypt with this key and IV (bad padding)');
  }
}

/** `{"data": "<hex>"}` around a payload's JSON text. */
export function encryptedEnvelope(plaintext: string, key: SayswitchPayloadKey): string {
  return JSON.stringify({ data: encryptSayswitchPayload(plaintext, key) });
}

/** The ciphertext of a `{"data": "<hex>"}` envelope, or null when the JSON is not one. */
export function envelopeCiphertext(json: unknown): string | null {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const keys = Object.keys(json);
  const data = (json as { data?: unknown }).data;
  if (keys.length !== 1 || typeof data !== 'string') return null;
  const compact = data.trim();
  return HEX.test(compact) || (compact.length % 4 === 0 && compact.length >= 24 && BASE64.test(compact)) ? compact : null;
}
