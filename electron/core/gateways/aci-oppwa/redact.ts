/**
 * What the wire log may keep of an OPPWA exchange. Card data (`card.number`, `card.cvv`, network
 * token numbers and cryptograms), registration ids (they charge a stored card, in bodies and in
 * `/v1/registrations/{id}` paths) and the Bearer token never reach it. Form bodies, JSON answers
 * and URLs are each read in their own syntax; anything else gets the pattern treatment. Card
 * numbers anywhere else are the HTTP client's universal pass (http/universal-redaction.ts).
 */
import type { Redactor } from '../types.ts';

export const REDACTED = '[REDACTED]';

const SECRET_FORM_KEYS: ReadonlySet<string> = new Set(['card.number', 'card.cvv', 'tokenAccount.number', 'tokenAccount.cryptogram', 'registrationId', 'authentication.password']);
const SECRET_JSON_KEYS: ReadonlySet<string> = new Set(['number', 'cvv', 'cryptogram', 'registrationId', 'password']);
const REGISTRATION_PATH = /(\/v1\/registrations\/)[^/?#\s"]+/g;

function redactJson(node: unknown, topLevel: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => redactJson(item, false));
  if (node === null || typeof node !== 'object') return node;
  // Registration answers (create, delete) are the only top-level objects with an id and no
  // paymentType, and their id is the token.
  const registration = topLevel && 'id' in node && !('paymentType' in node);
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const secret = SECRET_JSON_KEYS.has(key) || (registration && key === 'id');
    copy[key] = secret ? (value === null ? null : REDACTED) : redactJson(value, false);
  }
  return copy;
}

function redactForm(body: string): string {
  const form = new URLSearchParams(body);
  const safe = new URLSearchParams();
  for (const [key, value] of form) safe.append(key, SECRET_FORM_KEYS.has(key) ? REDACTED : value);
  return safe.toString();
}

function redactUrl(text: string): string {
  const queryAt = text.indexOf('?');
  const path = (queryAt === -1 ? text : text.slice(0, queryAt)).replace(REGISTRATION_PATH, `$1${REDACTED}`);
  return queryAt === -1 ? path : `${path}?${redactForm(text.slice(queryAt + 1))}`;
}

const SECRET_TEXT_FIELD = /("(?:number|cvv|cryptogram|registrationId|password)"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)/g;
const SECRET_TEXT_PAIR = /((?:^|&)(?:card\.number|card\.cvv|tokenAccount\.number|tokenAccount\.cryptogram|registrationId)=)[^&]*/g;

function redactText(text: string): string {
  return text.replace(SECRET_TEXT_FIELD, `$1"${REDACTED}"`).replace(SECRET_TEXT_PAIR, `$1${REDACTED}`).replace(REGISTRATION_PATH, `$1${REDACTED}`);
}

function looksLikeForm(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9.[\]%_-]*=[^\s]*$/.test(text.trim());
}

export function redactOppwaBody(body: string): string {
  const trimmed = body.trim();
  let redacted: string;
  if (/^https?:\/\//.test(trimmed)) {
    redacted = redactUrl(trimmed);
  } else if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      redacted = JSON.stringify(redactJson(JSON.parse(trimmed), true));
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

export function redactOppwaHeaders(headers: Record<string, string>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      const scheme = value.split(' ', 1)[0] ?? '';
      safe[name] = scheme && scheme !== value ? `${scheme} ${REDACTED}` : REDACTED;
    } else if (lower === 'cookie' || lower === 'set-cookie') {
      safe[name] = REDACTED;
    } else {
      safe[name] = value;
    }
  }
  return safe;
}

export const oppwaRedactor: Redactor = {
  headers: redactOppwaHeaders,
  body: redactOppwaBody,
};
