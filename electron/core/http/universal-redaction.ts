/**
 * The last pass over every exchange the wire log keeps, after the calling gateway's own redactor:
 * what no gateway may let through, whatever its wire looks like. A gateway's redactor knows its
 * field names (SIBS `transactionSignature`, Be2bill `HASH`); this pass knows only what is secret
 * on every wire — a card number, the Authorization header, cookies, and a value whose name says it
 * is a secret, key, token or password — so a gateway that forgets one of those leaks nothing.
 */
import { luhnValid } from '../../../shared/card/card-rules.ts';
import type { Redactor } from '../gateways/types.ts';

export const REDACTED = '[REDACTED]';
export const PAN_REDACTED = '[PAN REDACTED]';

/**
 * Digit groups joined by single separators as a card number is written — spaces or dashes, and in
 * form bodies a space encoded as `+` or `%20`. Wider than `containsCardNumber` (shared/card): in a
 * log, a Luhn-valid run glued to letters or starting with 0 is removed too, since a false positive
 * costs a digit string and a miss costs a card.
 */
const DIGIT_GROUPS = /\d+(?:(?:[ +-]|%20)\d+)*/g;
const SEPARATOR = /([ +-]|%20)/;
const MIN_PAN_DIGITS = 12;
const MAX_PAN_DIGITS = 19;

/**
 * Removes every card number a run of groups holds, trying whole groups only: "4111 1111 1111 1111 12"
 * (a month typed after it) and "ref 1000000000009 127" both hold one that the whole run hides.
 */
function withoutCardNumbers(run: string): string {
  const parts = run.split(SEPARATOR);
  const groups = parts.filter((_, index) => index % 2 === 0);
  const kept: string[] = [];
  let index = 0;
  while (index < groups.length) {
    let end = -1;
    let digits = '';
    for (let last = index; last < groups.length && digits.length <= MAX_PAN_DIGITS; last++) {
      digits += groups[last] ?? '';
      if (digits.length >= MIN_PAN_DIGITS && digits.length <= MAX_PAN_DIGITS && luhnValid(digits)) end = last;
    }
    if (end === -1) {
      kept.push(groups[index] ?? '');
      if (index < groups.length - 1) kept.push(parts[index * 2 + 1] ?? '');
      index += 1;
    } else {
      kept.push(PAN_REDACTED);
      if (end < groups.length - 1) kept.push(parts[end * 2 + 1] ?? '');
      index = end + 1;
    }
  }
  return kept.join('');
}

export function removeCardNumbers(text: string): string {
  return text.replace(DIGIT_GROUPS, withoutCardNumbers);
}

/** The last word of a name decides what it names: `secretKey`, `x-api-key`, `access_token`, but not `tokenType`. */
const SECRET_WORDS: ReadonlySet<string> = new Set(['secret', 'key', 'token', 'password', 'passwd', 'passphrase', 'apikey', 'secretkey', 'privatekey', 'accesstoken', 'authtoken', 'clientsecret']);
/** Named like a key, but an identifier the log needs to tie an exchange to its operation. */
const NOT_SECRET: ReadonlySet<string> = new Set(['idempotency-key', 'idempotency_key', 'idempotencykey']);
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** Names repeat from one exchange to the next (the same headers and fields): each is judged once. */
const judged = new Map<string, boolean>();
const JUDGED_KEPT = 4_096;

export function isSecretName(name: string): boolean {
  let verdict = judged.get(name);
  if (verdict === undefined) {
    verdict = judgeName(name);
    if (judged.size >= JUDGED_KEPT) judged.clear();
    judged.set(name, verdict);
  }
  return verdict;
}

function judgeName(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // A name that is not valid percent-encoding is judged as written.
  }
  if (NOT_SECRET.has(decoded.toLowerCase())) return false;
  const words = decoded
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  const last = words[words.length - 1];
  return last !== undefined && SECRET_WORDS.has(last);
}

/** `"name": "value"` or `"name": 123` in JSON, whole or cut off. */
const JSON_MEMBER = /"((?:[^"\\]|\\.)*)"(\s*:\s*)("(?:[^"\\]|\\.)*(?:"|$)|-?\d[\d.eE+-]*)/g;
/** `name=value` in a form body or a query string. */
const FORM_PAIR = /(^|[?&;\s])([^=&?;\s"]+)=([^&#\s"]*)/g;

function redactSecretValues(text: string): string {
  return text
    .replace(JSON_MEMBER, (member, name: string, colon: string) => (isSecretName(name) ? `"${name}"${colon}"${REDACTED}"` : member))
    .replace(FORM_PAIR, (pair, lead: string, name: string) => (isSecretName(name) ? `${lead}${name}=${encodeURIComponent(REDACTED)}` : pair));
}

export function redactBodyUniversally(body: string): string {
  return removeCardNumbers(redactSecretValues(body));
}

function credentialValue(name: string, value: string): string {
  if (name !== 'authorization' && name !== 'proxy-authorization') return REDACTED;
  // The scheme (Basic, Bearer) says how the gateway was called and is no secret.
  const scheme = value.split(' ', 1)[0] ?? '';
  return scheme !== '' && scheme !== value && /^[A-Za-z][\w-]*$/.test(scheme) ? `${scheme} ${REDACTED}` : REDACTED;
}

export function redactHeadersUniversally(headers: Record<string, string>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (CREDENTIAL_HEADERS.has(lower)) safe[name] = credentialValue(lower, value);
    else if (isSecretName(lower)) safe[name] = REDACTED;
    else safe[name] = redactBodyUniversally(value);
  }
  return safe;
}

/** The gateway's redactor followed by the universal pass: what the wire log applies to every exchange. */
export function withUniversalRedaction(gateway: Redactor): Redactor {
  return {
    headers: (headers) => redactHeadersUniversally(gateway.headers(headers)),
    body: (body) => redactBodyUniversally(gateway.body(body)),
  };
}
