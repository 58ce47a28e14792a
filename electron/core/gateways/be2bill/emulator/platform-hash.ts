/**
 * The platform's HASH, as the fact sheet §3 prints it: start from the password, then for every
 * parameter but `HASH`, in ascending byte order of its name, `NAME=VALUE` followed by the password;
 * an array parameter contributes one `NAME[SUB]=VALUE` + password per sub-key, sub-keys sorted the
 * same way (Magento also goes one level deeper: `NAME[A][B]=VALUE`). Values are taken raw, empty
 * ones included. SHA-256 of that text, lower-case hex. The emulator checks requests with it and
 * signs its notifications with it (§8).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PlatformParams, PlatformValue } from './platform-form.ts';

function byBytes(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}

/** `NAME=VALUE` for a scalar, `NAME[SUB]=VALUE` (recursively) for an array, in the §3 order. */
function pieces(name: string, value: PlatformValue): string[] {
  if (typeof value === 'string') return [`${name}=${value}`];
  return Object.keys(value)
    .sort(byBytes)
    .flatMap((sub) => pieces(`${name}[${sub}]`, value[sub] ?? ''));
}

export function platformClearText(password: string, params: PlatformParams): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'HASH')
    .sort(byBytes);
  return names.flatMap((name) => pieces(name, params[name] ?? '')).reduce((clear, piece) => `${clear}${piece}${password}`, password);
}

export function platformHash(password: string, params: PlatformParams): string {
  return createHash('sha256').update(platformClearText(password, params), 'utf8').digest('hex');
}

/** Whether the request's `HASH` is the one its other parameters give under the account's password. */
export function platformHashMatches(password: string, params: PlatformParams): boolean {
  const given = params['HASH'];
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/i.test(given)) return false;
  return timingSafeEqual(Buffer.from(given.toLowerCase(), 'hex'), Buffer.from(platformHash(password, params), 'hex'));
}
