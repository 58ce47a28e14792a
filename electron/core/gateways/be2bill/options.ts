/**
 * The non-secret settings of a Be2bill profile, read once per adapter from `ProfileConfig.options`.
 * The account IDENTIFIER is a login sent in every request, not a secret (§3): it is an option; the
 * password, which only keys the HASH, is the credential.
 */
import { ValidationError } from '../../errors.ts';
import type { OptionField, ProfileConfig } from '../types.ts';
import type { DeclaredReferenceRule } from '../../../../shared/domain/merchant-reference.ts';
import { REFERENCE_OPTION_NAMES } from '../reference-rule.ts';
import { BE2BILL_VERSIONS, type Be2billVersion } from './wire.ts';

export interface Be2billProfileOptions {
  readonly identifier: string;
  /** The second host, or null when the profile has none (the sandbox host of §1 has no pair). */
  readonly fallbackBaseUrl: string | null;
  readonly version: Be2billVersion;
  /**
   * The account's currency. No currency parameter exists on the wire (§4): an IDENTIFIER's account
   * settles in one currency (INFERRED; EUR, the platform's home currency, by default).
   */
  readonly currency: string;
  /** Send `3DSECURE=yes` on card payments (§7). Off by default: phone orders have no browser to authenticate in. */
  readonly threeDSecure: boolean;
  /** `3DSECUREDISPLAYMODE` sent with 3DSECURE (§4 lists `main`, `popup`, `top`, …). */
  readonly threeDSecureDisplayMode: string;
}

export const BE2BILL_OPTION_FIELDS: readonly OptionField[] = [
  { name: 'identifier', label: 'IDENTIFIER (the account login from the Be2bill extranet)', type: 'string', required: true },
  {
    name: 'fallbackBaseUrl',
    label: 'Fallback host, tried when the primary fails (e.g. https://secure-magenta2.be2bill.com); a path such as /fallback is taken on the primary\'s origin',
    type: 'string',
    required: false,
  },
  { name: 'version', label: 'API VERSION: "3.0" (default, the documentation\'s example) or "2.0" (the official SDKs\' default)', type: 'string', required: false },
  { name: 'currency', label: 'Account currency (default EUR): Be2bill sends no currency, the account has one', type: 'string', required: false },
  { name: 'threeDSecure', label: 'Ask for 3-D Secure (3DSECURE=yes) on card payments', type: 'boolean', required: false },
  { name: 'threeDSecureDisplayMode', label: '3DSECUREDISPLAYMODE when 3-D Secure is asked (default main)', type: 'string', required: false },
];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A full URL, or a path resolved on the primary's origin (how the sandbox names its second host). */
export function resolveFallbackBaseUrl(raw: string, primaryBaseUrl: string, environment: ProfileConfig['environment']): string {
  let url: URL;
  try {
    url = raw.startsWith('/') ? new URL(raw, new URL(primaryBaseUrl).origin) : new URL(raw);
  } catch {
    throw new ValidationError('The fallback host is not a URL', { fallbackBaseUrl: 'Enter https://host or a path starting with /' });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new ValidationError('The fallback host must use HTTPS (plain HTTP is for loopback only)', { fallbackBaseUrl: 'Use https://' });
  }
  if (environment === 'production' && url.protocol !== 'https:') {
    throw new ValidationError('A production fallback host must use HTTPS', { fallbackBaseUrl: 'Use https://' });
  }
  return url.toString().replace(/\/+$/, '');
}

function text(profile: ProfileConfig, name: string): string {
  const raw = profile.options[name];
  return raw === undefined ? '' : String(raw).trim();
}

export function readBe2billOptions(profile: ProfileConfig): Be2billProfileOptions {
  const identifier = text(profile, 'identifier');
  if (identifier === '' || identifier.length > 255) {
    throw new ValidationError('The Be2bill profile needs its IDENTIFIER', { identifier: 'Enter the account IDENTIFIER from the Be2bill extranet' });
  }
  const fallback = text(profile, 'fallbackBaseUrl');
  const versionText = text(profile, 'version') || '3.0';
  const version = BE2BILL_VERSIONS.find((candidate) => candidate === versionText);
  if (version === undefined) throw new ValidationError('Unknown Be2bill VERSION', { version: 'Use 3.0 or 2.0' });
  const currency = (text(profile, 'currency') || 'EUR').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new ValidationError('The account currency is a three-letter code', { currency: 'For example EUR' });
  const threeDSecure = profile.options['threeDSecure'] === true || profile.options['threeDSecure'] === 'true';
  const threeDSecureDisplayMode = text(profile, 'threeDSecureDisplayMode') || 'main';
  return {
    identifier,
    fallbackBaseUrl: fallback === '' ? null : resolveFallbackBaseUrl(fallback, profile.baseUrl, profile.environment),
    version,
    currency,
    threeDSecure,
    threeDSecureDisplayMode,
  };
}

/**
 * `ORDERID`: no published format was found (the developer site is not in reach; the SDKs and
 * modules in the fact sheet pass it through unchecked, and the sample in seed 004 sends "1234").
 * INFERRED: printable ASCII, because the HASH is SHA-256 over the raw parameter strings (fact sheet
 * §3) and the character set the platform hashes them in is not documented, so an accented letter
 * risks a refused HASH. INFERRED: at most 64 characters, the most the console has ever sent. Both
 * are profile options, for an account whose Be2bill/Dalenys manager confirms more.
 */
export const BE2BILL_REFERENCE_RULE: DeclaredReferenceRule = {
  rule: { characters: 'ascii', minLength: 1, maxLength: 64 },
  options: { characters: REFERENCE_OPTION_NAMES.characters, maxLength: REFERENCE_OPTION_NAMES.maxLength },
};
