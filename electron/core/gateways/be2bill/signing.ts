/**
 * The Be2bill HASH (fact sheet §3, CONFIRMED by four independent clients): every parameter but
 * `HASH`, keys in byte order, the clear text starting with the password and each `KEY=VALUE`
 * followed by the password again, arrays flattened to `KEY[SUB]=VALUE` with their own keys sorted;
 * SHA-256 of that, lower-case hex. Values are the raw strings, empty ones included. The password
 * itself never travels; the same function signs requests and checks notifications.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { flattenParams, type Be2billParams } from './wire.ts';

export function be2billClearText(password: string, params: Be2billParams): string {
  const { HASH: _ignored, ...signed } = params;
  let clear = password;
  for (const [name, value] of flattenParams(signed)) clear += `${name}=${value}${password}`;
  return clear;
}

export function be2billHash(password: string, params: Be2billParams): string {
  return createHash('sha256').update(be2billClearText(password, params), 'utf8').digest('hex');
}

/** The params with their HASH added. */
export function signBe2billParams(password: string, params: Be2billParams): Be2billParams {
  return { ...params, HASH: be2billHash(password, params) };
}

/** True when `HASH` is present and is the HASH of the other params under this password. */
export function hasValidBe2billHash(password: string, params: Be2billParams): boolean {
  const given = params['HASH'];
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{64}$/.test(given)) return false;
  const expected = Buffer.from(be2billHash(password, params), 'hex');
  return timingSafeEqual(expected, Buffer.from(given.toLowerCase(), 'hex'));
}
