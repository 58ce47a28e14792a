/**
 * What the wire log may keep of a Sayswitch exchange. Never: the secret key (Authorization, the
 * aes test endpoints' `key`/`iv` headers), card numbers, CVVs, PINs, OTPs, the encrypted card blob
 * Sayswitch hands back (it is the card, usable in an initialize), card tokens and authorization
 * codes (they charge a stored card), webhook signatures, and AES ciphertexts (they are the card
 * or the payment, and their key is one keychain read away). Card numbers anywhere else are the
 * HTTP client's universal pass (http/universal-redaction.ts).
 */
import type { Redactor } from '../types.ts';

export const REDACTED = '[REDACTED]';
export const CIPHERTEXT_REDACTED = '[ENCRYPTED]';

const SECRET_KEYS: ReadonlySet<string> = new Set(['number', 'cvv', 'pin', 'otp', 'card', 'encryptedcard', 'token', 'authorization_code', 'key', 'iv', 'encrypted_data', 'secretkey', 'secret_key']);
const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'key', 'iv', 'payloadsignature', 'x-sayswitch-signature', 'cookie', 'set-cookie']);
const HEX_BLOB = /^[0-9a-fA-F]{32,}$/;
function redactJson(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(redactJson);
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const lower = key.toLowerCase();
    if (SECRET_KEYS.has(lower) && (typeof value !== 'object' || value === null)) copy[key] = value === null ? null : REDACTED;
    else if (lower === 'data' && typeof value === 'string' && HEX_BLOB.test(value.trim())) copy[key] = CIPHERTEXT_REDACTED;
    else copy[key] = redactJson(value);
  }
  return copy;
}

const SECRET_TEXT_FIELD = /("(?:number|cvv|pin|PIN|otp|card|encryptedCard|token|authorization_code|encrypted_data)"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)/g;
const HEX_TEXT_FIELD = /("data"\s*:\s*)"[0-9a-fA-F]{32,}(?:"|$)/g;

export function redactSayswitchBody(body: string): string {
  const trimmed = body.trim();
  // The card-encryption answer is the encrypted card itself, as bare hex (§2 step 1).
  if (HEX_BLOB.test(trimmed)) return CIPHERTEXT_REDACTED;
  let redacted: string;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      redacted = JSON.stringify(redactJson(JSON.parse(trimmed)));
    } catch {
      redacted = body.replace(SECRET_TEXT_FIELD, `$1"${REDACTED}"`).replace(HEX_TEXT_FIELD, `$1"${CIPHERTEXT_REDACTED}"`);
    }
  } else {
    redacted = body.replace(SECRET_TEXT_FIELD, `$1"${REDACTED}"`).replace(HEX_TEXT_FIELD, `$1"${CIPHERTEXT_REDACTED}"`);
  }
  return redacted;
}

export function redactSayswitchHeaders(headers: Record<string, string>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      const scheme = value.split(' ', 1)[0] ?? '';
      safe[name] = scheme && scheme !== value ? `${scheme} ${REDACTED}` : REDACTED;
    } else if (SECRET_HEADERS.has(lower)) {
      safe[name] = REDACTED;
    } else {
      safe[name] = value;
    }
  }
  return safe;
}

export const sayswitchRedactor: Redactor = {
  headers: redactSayswitchHeaders,
  body: redactSayswitchBody,
};
