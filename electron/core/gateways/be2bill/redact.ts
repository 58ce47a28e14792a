/**
 * What the wire log may keep of a Be2bill exchange. The card number and CVV (`params[CARDCODE]`,
 * `params[CARDCVV]`), the HASH (a signature), and the ALIAS (it charges a stored card) never reach
 * it, in form bodies, JSON answers or notification bodies. Since an ALIAS equals the TRANSACTIONID
 * that created it (§5, INFERRED), that transaction id does show it; it cannot be hidden without
 * hiding every transaction id. Card numbers anywhere else are the HTTP client's universal pass
 * (http/universal-redaction.ts).
 */
import type { Redactor } from '../types.ts';
import { bracketPath } from './wire.ts';

export const REDACTED = '[REDACTED]';

const SECRET_KEYS: ReadonlySet<string> = new Set(['CARDCODE', 'CARDCVV', 'HASH', 'ALIAS', 'PASSWORD']);
/** `params[CARDCODE]` and a notification's `CARDCODE` both name CARDCODE. */
function keyOf(name: string): string {
  const path = bracketPath(name);
  if (path === null) return name;
  return (path[0] === 'params' ? path[1] : path[0]) ?? name;
}

/** A masked CARDCODE (`XXXXXXXXXXXX1234`, in answers and notifications) is safe and useful. */
function isMasked(value: string): boolean {
  return /^[X*]+\d{0,4}$/i.test(value) || /^\d{6}[X*]+\d{4}$/i.test(value);
}

function redactForm(body: string): string {
  const safe = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(body)) {
    const key = keyOf(name);
    safe.append(name, SECRET_KEYS.has(key) && !(key === 'CARDCODE' && isMasked(value)) ? REDACTED : value);
  }
  return safe.toString();
}

function redactJson(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(redactJson);
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const secret = SECRET_KEYS.has(key) && !(key === 'CARDCODE' && typeof value === 'string' && isMasked(value));
    copy[key] = secret ? REDACTED : redactJson(value);
  }
  return copy;
}

const SECRET_TEXT_FIELD = /("(?:CARDCODE|CARDCVV|HASH|ALIAS)"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)/g;
const SECRET_TEXT_PAIR = /((?:^|&)(?:params(?:%5B|\[))?(?:CARDCODE|CARDCVV|HASH|ALIAS)(?:%5D|\])?=)[^&]*/g;

function redactText(text: string): string {
  return text.replace(SECRET_TEXT_FIELD, `$1"${REDACTED}"`).replace(SECRET_TEXT_PAIR, `$1${REDACTED}`);
}

function looksLikeForm(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9.[\]%_-]*=[^\s]*$/.test(text);
}

export function redactBe2billBody(body: string): string {
  const trimmed = body.trim();
  let redacted: string;
  if (/^https?:\/\//.test(trimmed)) {
    redacted = trimmed;
  } else if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      redacted = JSON.stringify(redactJson(JSON.parse(trimmed)));
    } catch {
      redacted = redactText(body);
    }
  } else if (looksLikeForm(trimmed)) {
    redacted = redactForm(trimmed);
  } else {
    redacted = redactText(body);
  }
  return redacted;
}

export function redactBe2billHeaders(headers: Record<string, string>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    safe[name] = lower === 'authorization' || lower === 'cookie' || lower === 'set-cookie' ? REDACTED : value;
  }
  return safe;
}

export const be2billRedactor: Redactor = {
  headers: redactBe2billHeaders,
  body: redactBe2billBody,
};
