/**
 * The non-secret settings of a Sayswitch profile. Most stand in for a fact the fact sheet marks
 * INFERRED (named at each one); the default is the most likely reading, and the emulator has the
 * matching switch so both readings are exercised.
 */
import { ValidationError } from '../../errors.ts';
import type { OptionField, ProfileConfig } from '../types.ts';
import type { DeclaredReferenceRule } from '../../../../shared/domain/merchant-reference.ts';
import { REFERENCE_OPTION_NAMES } from '../reference-rule.ts';

/**
 * Which verify path `sync` and lookups use. `s2s` = `GET /api/s2s/v1/transaction/verify/{ref}`
 * (CONFIRMED for S2S card charges, §2 step 5); `v1` = `GET /api/v1/transaction/verify/{ref}`
 * (CONFIRMED, used by the WooCommerce plugin; the only one documenting `data.id`).
 */
export const SAYSWITCH_VERIFY_ENDPOINTS = ['s2s', 'v1'] as const;
export type SayswitchVerifyEndpoint = (typeof SAYSWITCH_VERIFY_ENDPOINTS)[number];

/** §9: amounts in answers are major units in every sample and the working plugin; one page says kobo (INFERRED: a doc error). */
export const SAYSWITCH_AMOUNT_UNITS = ['major', 'minor'] as const;
export type SayswitchAmountUnit = (typeof SAYSWITCH_AMOUNT_UNITS)[number];

/**
 * How the 3-D Secure step is shown (§2 step 4, both CONFIRMED): `hosted` hands over the
 * Sayswitch-hosted page (`alt`), which the customer opens from a link; `challenge-form` hands over
 * the issuer's challenge form (ACS URL and `creq`) to be posted from a browser.
 */
export const SAYSWITCH_AUTHENTICATION_PAGES = ['hosted', 'challenge-form'] as const;
export type SayswitchAuthenticationPage = (typeof SAYSWITCH_AUTHENTICATION_PAGES)[number];

export interface SayswitchProfileOptions {
  /** §7: off until the merchant switches it on in the dashboard (CONFIRMED optional). */
  readonly payloadEncryption: boolean;
  /**
   * Whether the steps a card charge's answers link to (the 3-D Secure trigger, the OTP submit) are
   * encrypted too. §7 says encryption covers the S2S endpoints, and those links live outside
   * `/api/s2s/` (§2 step 3, §3) with no word on encryption, so INFERRED: plaintext (off).
   */
  readonly encryptLinkSteps: boolean;
  /** Card charges: `s2s` (CONFIRMED for S2S cards). */
  readonly cardVerifyEndpoint: SayswitchVerifyEndpoint;
  /** Bank transfers: the doc prints `/api/v1/{reference}`, INFERRED to mean the v1 verify path. */
  readonly transferVerifyEndpoint: SayswitchVerifyEndpoint;
  /** §9 INFERRED resolution: `major`. */
  readonly responseAmountUnit: SayswitchAmountUnit;
  /** Timestamps come as `YYYY-MM-DD HH:MM:SS` without a zone; INFERRED West Africa Time (+01:00). */
  readonly timestampOffset: string;
  /** §6 "safe client rule" (INFERRED best practice, CONFIRMED in the WooCommerce plugin): trust verify, not the webhook body. */
  readonly webhookVerifyByApi: boolean;
  readonly authenticationPage: SayswitchAuthenticationPage;
  /** Every documented initialize body carries `email` (INFERRED required); used when the customer gave none. */
  readonly fallbackCustomerEmail: string | null;
}

export const DEFAULT_SAYSWITCH_OPTIONS: SayswitchProfileOptions = {
  payloadEncryption: false,
  encryptLinkSteps: false,
  cardVerifyEndpoint: 's2s',
  transferVerifyEndpoint: 'v1',
  responseAmountUnit: 'major',
  timestampOffset: '+01:00',
  webhookVerifyByApi: true,
  authenticationPage: 'hosted',
  fallbackCustomerEmail: null,
};

export const SAYSWITCH_OPTION_FIELDS: readonly OptionField[] = [
  { name: 'payloadEncryption', label: 'AES-256-CBC payload encryption is switched on in the dashboard (default off)', type: 'boolean', required: false },
  { name: 'encryptLinkSteps', label: 'With payload encryption on, encrypt the 3-D Secure and OTP steps too (default off: Sayswitch documents encryption for server-to-server calls only)', type: 'boolean', required: false }, // INFERRED
  { name: 'cardVerifyEndpoint', label: 'Verify path for card charges: "s2s" (default) or "v1"', type: 'string', required: false },
  { name: 'transferVerifyEndpoint', label: 'Verify path for bank transfers: "v1" (default) or "s2s"', type: 'string', required: false }, // INFERRED: v1
  { name: 'responseAmountUnit', label: 'Amounts in answers: "major" (naira, default) or "minor" (kobo)', type: 'string', required: false }, // INFERRED: major
  { name: 'timestampOffset', label: 'Zone of Sayswitch timestamps (default +01:00, Lagos)', type: 'string', required: false }, // INFERRED: Lagos time
  { name: 'webhookVerifyByApi', label: 'Confirm each webhook by calling verify (default on, recommended)', type: 'boolean', required: false }, // INFERRED: best practice, not documented
  { name: 'authenticationPage', label: '3-D Secure step: "hosted" Sayswitch page (default) or the issuer "challenge-form"', type: 'string', required: false },
  { name: 'fallbackCustomerEmail', label: 'E-mail sent when the customer gave none (Sayswitch requires one)', type: 'string', required: false }, // INFERRED: that an e-mail is required
];

function readEnum<T extends string>(profile: ProfileConfig, name: string, allowed: readonly T[], fallback: T): T {
  const raw = profile.options[name];
  if (raw === undefined || raw === '') return fallback;
  const found = allowed.find((candidate) => candidate === String(raw));
  if (found === undefined) throw new ValidationError(`Unknown value for ${name}`, { [name]: `Use one of ${allowed.join(', ')}` });
  return found;
}

function readBoolean(profile: ProfileConfig, name: string, fallback: boolean): boolean {
  const raw = profile.options[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new ValidationError(`${name} is true or false`, { [name]: 'Use true or false' });
}

export function readSayswitchOptions(profile: ProfileConfig): SayswitchProfileOptions {
  const timestampOffset = String(profile.options['timestampOffset'] ?? DEFAULT_SAYSWITCH_OPTIONS.timestampOffset).trim() || DEFAULT_SAYSWITCH_OPTIONS.timestampOffset;
  if (!/^[+-](0\d|1[0-4]):[0-5]\d$/.test(timestampOffset)) {
    throw new ValidationError('The timestamp zone is an offset such as +01:00', { timestampOffset: 'Use +01:00 unless Sayswitch says otherwise' });
  }
  const email = String(profile.options['fallbackCustomerEmail'] ?? '').trim();
  if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new ValidationError('The fallback e-mail is not an e-mail address', { fallbackCustomerEmail: 'Enter an address such as payments@merchant.ng' });
  }
  return {
    payloadEncryption: readBoolean(profile, 'payloadEncryption', DEFAULT_SAYSWITCH_OPTIONS.payloadEncryption),
    encryptLinkSteps: readBoolean(profile, 'encryptLinkSteps', DEFAULT_SAYSWITCH_OPTIONS.encryptLinkSteps),
    cardVerifyEndpoint: readEnum(profile, 'cardVerifyEndpoint', SAYSWITCH_VERIFY_ENDPOINTS, DEFAULT_SAYSWITCH_OPTIONS.cardVerifyEndpoint),
    transferVerifyEndpoint: readEnum(profile, 'transferVerifyEndpoint', SAYSWITCH_VERIFY_ENDPOINTS, DEFAULT_SAYSWITCH_OPTIONS.transferVerifyEndpoint),
    responseAmountUnit: readEnum(profile, 'responseAmountUnit', SAYSWITCH_AMOUNT_UNITS, DEFAULT_SAYSWITCH_OPTIONS.responseAmountUnit),
    timestampOffset,
    webhookVerifyByApi: readBoolean(profile, 'webhookVerifyByApi', DEFAULT_SAYSWITCH_OPTIONS.webhookVerifyByApi),
    authenticationPage: readEnum(profile, 'authenticationPage', SAYSWITCH_AUTHENTICATION_PAGES, DEFAULT_SAYSWITCH_OPTIONS.authenticationPage),
    fallbackCustomerEmail: email === '' ? null : email,
  };
}

/**
 * `reference`: Sayswitch publishes no pattern. Its references travel in URL paths
 * (`/api/s2s/v1/transaction/verify/{reference}`, `checkout.sayswitchgroup.com/pay/{reference}`, fact
 * sheet §2 and §5) and its own are `SSW_…` and `RF_…`; its API mirrors Paystack's (fact sheet §11),
 * whose reference is "Only -, ., = and alphanumeric characters allowed"
 * (paystack.com/docs/api/transaction/#initialize, repeated in paystack-sdk's InitializeTransaction).
 * INFERRED: that set plus `_`, which Sayswitch's own references use — so no spaces and no accents.
 * INFERRED: at most 64 characters (the published examples stay under 30). Both are profile options.
 */
export const SAYSWITCH_REFERENCE_RULE: DeclaredReferenceRule = {
  rule: { characters: 'letters-digits-dot-dash-underscore-equals', minLength: 1, maxLength: 64 },
  options: { characters: REFERENCE_OPTION_NAMES.characters, maxLength: REFERENCE_OPTION_NAMES.maxLength },
};
