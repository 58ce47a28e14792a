/**
 * What the wire log may keep of a SIBS exchange. Card data (PAN, CVV), the checkout's
 * `transactionSignature` (it authorises a card payment on that checkout), `formContext` (it embeds
 * the signature), token values (they charge a stored card) and the credentials in `Authorization`
 * never reach it. Bodies that are not JSON (HTML error pages, truncated answers) get the same
 * treatment by pattern. Card numbers anywhere else are the HTTP client's universal pass
 * (http/universal-redaction.ts).
 */
import type { Redactor } from '../types.ts';

export const REDACTED = '[REDACTED]';

/** Keys whose value is secret wherever they appear. */
const SECRET_KEYS: ReadonlySet<string> = new Set(['PAN', 'pan', 'secureCode', 'transactionSignature', 'formContext']);
/** Inside these blocks (`token`, `tokenList`, `tokenResponse`, `paymentTokens`, `tokenInfo`…) `value` is a token. */
const TOKEN_BLOCK = /token/i;

function redactJson(node: unknown, insideTokenBlock: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => redactJson(item, insideTokenBlock));
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (SECRET_KEYS.has(key) || (insideTokenBlock && key === 'value')) {
      copy[key] = value === null ? null : REDACTED;
    } else {
      copy[key] = redactJson(value, insideTokenBlock || TOKEN_BLOCK.test(key));
    }
  }
  return copy;
}

const SECRET_STRING_FIELD = /("(?:PAN|pan|secureCode|transactionSignature|formContext)"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)/g;
const SECRET_NUMBER_FIELD = /("(?:PAN|pan|secureCode)"\s*:\s*)\d+/g;
/** In text we cannot parse, a string `value` that is not an amount is treated as a token. */
const NON_AMOUNT_VALUE_FIELD = /("value"\s*:\s*)"(?!(?:0|[1-9]\d*)(?:\.\d+)?")(?:[^"\\]|\\.)*(?:"|$)/g;

function redactText(text: string): string {
  return text
    .replace(SECRET_STRING_FIELD, `$1"${REDACTED}"`)
    .replace(SECRET_NUMBER_FIELD, `$1"${REDACTED}"`)
    .replace(NON_AMOUNT_VALUE_FIELD, `$1"${REDACTED}"`);
}

/**
 * Anything the walk below could redact: a secret key's name, `value`, a token block, or an escape
 * that could spell one of them. Most status answers hold none, and are kept as they came.
 */
const MAY_HOLD_SECRETS = /\\|token|"(?:PAN|secureCode|transactionSignature|formContext|value)"/i;

export function redactSibsBody(body: string): string {
  return MAY_HOLD_SECRETS.test(body) ? redactSibsStructure(body) : body;
}

/** The whole treatment: the parsed body walked key by key, or text that cannot be parsed by pattern. */
export function redactSibsStructure(body: string): string {
  let structured: unknown;
  let parsed = false;
  try {
    structured = JSON.parse(body);
    parsed = true;
  } catch {
    parsed = false;
  }
  const stripped = parsed && structured !== null && typeof structured === 'object' ? JSON.stringify(redactJson(structured, false)) : redactText(body);
  return stripped;
}

export function redactSibsHeaders(headers: Record<string, string>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      const scheme = value.split(' ', 1)[0] ?? '';
      safe[name] = scheme && scheme !== value ? `${scheme} ${REDACTED}` : REDACTED;
    } else if (lower === 'x-ibm-client-id') {
      // An application id, not a key, but it is half of the credential pair: keep only enough to tell profiles apart.
      safe[name] = value.length > 4 ? `…${value.slice(-4)}` : REDACTED;
    } else if (lower === 'signature' || lower === 'cookie' || lower === 'set-cookie') {
      safe[name] = REDACTED;
    } else {
      safe[name] = value;
    }
  }
  return safe;
}

export const sibsRedactor: Redactor = {
  headers: redactSibsHeaders,
  body: redactSibsBody,
};
