/** The non-secret settings of an OPPWA profile, read once per adapter from `ProfileConfig.options`. */
import { ValidationError } from '../../errors.ts';
import type { OptionField, ProfileConfig } from '../types.ts';
import type { DeclaredReferenceRule } from '../../../../shared/domain/merchant-reference.ts';
import { REFERENCE_OPTION_NAMES } from '../reference-rule.ts';
import { OPPWA_ENTITY_ID_PATTERN } from './wire.ts';

/**
 * `testMode` (fact sheet §2, test systems only): EXTERNAL sends the payment to the connector's
 * test system, INTERNAL to OPP's simulator, which is also what the platform does when it is
 * absent. Empty means "do not send the field".
 */
export const OPPWA_TEST_MODES = ['', 'INTERNAL', 'EXTERNAL'] as const;
export type OppwaTestMode = (typeof OPPWA_TEST_MODES)[number];

/**
 * Where `sync` reads a payment's status. `query` (`GET /v1/query/{id}`) has no rate limit and is
 * the default; `payments` (`GET /v1/payments/{id}`, the documented resourcePath call) is limited to
 * 2 calls per minute per transaction, and the adapter falls back to the query once the budget of
 * the current minute is spent.
 */
export const OPPWA_STATUS_ENDPOINTS = ['query', 'payments'] as const;
export type OppwaStatusEndpoint = (typeof OPPWA_STATUS_ENDPOINTS)[number];

export interface OppwaProfileOptions {
  readonly entityId: string;
  readonly testMode: OppwaTestMode;
  readonly statusEndpoint: OppwaStatusEndpoint;
  /** The documented 2 per minute per transaction (seed 003); lower it if a white-label says less. */
  readonly statusCallsPerMinute: number;
}

export const OPPWA_OPTION_FIELDS: readonly OptionField[] = [
  { name: 'entityId', label: 'Entity id (32 hex, the channel from the back office)', type: 'string', required: true },
  { name: 'testMode', label: 'testMode on test systems: "INTERNAL" (simulator), "EXTERNAL" (connector test) or empty (not sent)', type: 'string', required: false },
  { name: 'statusEndpoint', label: 'Status reads: "query" (default, unlimited) or "payments" (2 per minute per transaction)', type: 'string', required: false },
  { name: 'statusCallsPerMinute', label: 'GET /v1/payments/{id} calls allowed per minute per transaction (default 2)', type: 'number', required: false },
];

function readEnum<T extends string>(profile: ProfileConfig, name: string, allowed: readonly T[], fallback: T): T {
  const raw = profile.options[name];
  if (raw === undefined) return fallback;
  const found = allowed.find((candidate) => candidate === String(raw));
  if (found === undefined) throw new ValidationError(`Unknown value for ${name}`, { [name]: `Use one of ${allowed.map((value) => value || '(empty)').join(', ')}` });
  return found;
}

export function readOppwaOptions(profile: ProfileConfig): OppwaProfileOptions {
  const entityId = String(profile.options['entityId'] ?? '').trim();
  if (!OPPWA_ENTITY_ID_PATTERN.test(entityId)) {
    throw new ValidationError('The OPPWA profile needs its entity id (32 hexadecimal characters)', { entityId: 'Enter the entity id from the OPPWA back office' });
  }
  const testMode = readEnum(profile, 'testMode', OPPWA_TEST_MODES, '');
  if (testMode !== '' && profile.environment === 'production') {
    throw new ValidationError('testMode is for test systems only', { testMode: 'Leave it empty on a production profile' });
  }
  const rawLimit = profile.options['statusCallsPerMinute'];
  const statusCallsPerMinute = rawLimit === undefined || rawLimit === '' ? 2 : Number(rawLimit);
  if (!Number.isInteger(statusCallsPerMinute) || statusCallsPerMinute < 0 || statusCallsPerMinute > 60) {
    throw new ValidationError('The status call limit is a whole number from 0 to 60', { statusCallsPerMinute: 'Use 2 unless the platform says otherwise' });
  }
  return { entityId, testMode, statusEndpoint: readEnum(profile, 'statusEndpoint', OPPWA_STATUS_ENDPOINTS, 'query'), statusCallsPerMinute };
}

/**
 * `merchantTransactionId`: OPPWA's parameter reference gives it as AN255 `[\s\S]{8,255}` (as a PayON
 * client copies it into its TransferDetails, Billers\PayON\BankTransfer), and the platform reads
 * UTF-8 ("Our system expects data to be sent encoded in UTF-8", paynt.docs.oppwa.com/reference/parameters
 * and developers.primeiropay.com/api-parameters-reference): any character, accents included, at most
 * 255. Peach's partner library checks `^[\s\S]{1,255}$`.
 * INFERRED: the documented minimum of 8 is not enforced — CardCorp's sample answer carries "P175"
 * (docs.cardcorp.com/reference/credit-payment, fact sheet §2) — so the minimum is 1 unless a profile
 * sets it. White-labels narrow the rule, hence options for all three parts: Peach takes at most 16
 * characters (support.peachpayments.com article 47001210494, refusal 800.100.156; 25 for
 * multi-currency, article 47001179058) and its OpenAPI pattern is `^[a-zA-Z0-9]{8,16}$`
 * (konfig-sdks/peach-payments-python-sdk, model/merchant_transaction_id.py).
 */
export const OPPWA_REFERENCE_RULE: DeclaredReferenceRule = {
  rule: { characters: 'printable', minLength: 1, maxLength: 255 },
  options: { characters: REFERENCE_OPTION_NAMES.characters, minLength: REFERENCE_OPTION_NAMES.minLength, maxLength: REFERENCE_OPTION_NAMES.maxLength },
};
