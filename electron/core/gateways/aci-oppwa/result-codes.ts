/**
 * OPPWA's result-code groups (fact sheet §7) as data. A code is `ddd.ddd.ddd`; the groups are
 * tested top-down and the first match wins, because they overlap (000.400.1xx is success, review
 * or a 3-D Secure rejection depending on its last digits).
 *
 * Two generations of the table exist. The current patterns are tried first, in order; only a code
 * no current pattern matches is tried against the older variants (LATAM/PPRO, primeiropay,
 * activemerchant), again in order. That keeps the current grouping where they disagree (100.380.4
 * moved from 3-D Secure to external risk; 000.400.030 from review to communication) while still
 * reading codes only the older documents knew.
 */

export type ResultCodeOutcome =
  /** Money moved (or the registration exists). */
  | 'succeeded'
  /** Processed, but the gateway asks a person to look at it (fraud suspicion, AVS, CVV). */
  | 'needs_review'
  /** An open session (3-D Secure, redirect) that ends within about 30 minutes. */
  | 'pending'
  /** Can change days later (non-instant methods, external risk). */
  | 'pending_long'
  /** A refusal by the bank, risk, 3-D Secure, the customer, or the gateway's rules. Nothing moved. */
  | 'declined'
  /** A technical rejection (communication, system). Nothing moved, per the group's definition. */
  | 'failed'
  /** Our request was malformed (missing or invalid parameters): fix it, nothing moved. */
  | 'invalid'
  /** A chargeback booking (carried on CB transactions). */
  | 'chargeback';

export interface ResultCodeGroup {
  readonly name: string;
  readonly outcome: ResultCodeOutcome;
  /** The pattern as published (current generation). */
  readonly pattern: RegExp;
  /** The older generation's pattern, when it differs. */
  readonly oldPattern: RegExp | null;
}

function group(name: string, outcome: ResultCodeOutcome, pattern: RegExp, oldPattern: RegExp | null = null): ResultCodeGroup {
  return { name, outcome, pattern, oldPattern };
}

/** In the fact sheet's order. Patterns are copied as published, including their quirks. */
export const RESULT_CODE_GROUPS: readonly ResultCodeGroup[] = [
  // successful / pending
  group('success', 'succeeded', /^(000\.000\.|000\.100\.1|000\.[36]|000\.400\.[1][12]0)/, /^(000\.000\.|000\.100\.1|000\.[36])/),
  group('success_review', 'needs_review', /^(000\.400\.0[^3]|000\.400\.100)/, /^(000\.400\.0|000\.400\.100)/),
  group('pending', 'pending', /^(000\.200)/),
  group('pending_long', 'pending_long', /^(800\.400\.5|100\.400\.500)/),
  // rejected
  group('reject_3ds_intercard', 'declined', /^(000\.400\.[1][0-9][1-9]|000\.400\.2)/),
  group('reject_bank', 'declined', /^(800\.[17]00|800\.800\.[123])/),
  group('reject_communication', 'failed', /^(900\.[1234]00|000\.400\.030)/, /^(900\.[1234]00)/),
  group('reject_system', 'failed', /^(800\.[56]|999\.|600\.1|800\.800\.[84])/, /^(800\.5|999\.|600\.1|800\.800\.8)/),
  group('reject_async_workflow', 'declined', /^(100\.39[765])/),
  group('soft_decline', 'declined', /^(300\.100\.100)/),
  // risk handling
  group('risk_external', 'declined', /^(100\.400\.[0-3]|100\.380\.100|100\.380\.11|100\.380\.4|100\.380\.5)/, /^(100\.400|100\.38|100\.370\.100|100\.370\.11)/),
  group('risk_address', 'declined', /^(800\.400\.1)/),
  group('risk_3ds', 'declined', /^(800\.400\.2|100\.390)/, /^(800\.400\.2|100\.380\.4|100\.390)/),
  group('risk_blacklist', 'declined', /^(800\.[32])/, /^(100\.100\.701|800\.[32])/),
  group('risk_validation', 'declined', /^(800\.1[123456]0)/),
  // validation
  group('val_configuration', 'declined', /^(600\.[23]|500\.[12]|800\.121)/),
  group('val_registration', 'declined', /^(100\.[13]50)/),
  group('val_job', 'declined', /^(100\.250|100\.360)/),
  group('val_reference', 'declined', /^(700\.[1345][05]0)/),
  group('val_format', 'invalid', /^(200\.[123]|100\.[53][07]|800\.900|100\.[69]00\.500)/),
  group('val_address', 'declined', /^(100\.800)/),
  // `[00-99]` is a character class as published; it means one digit.
  group('val_contact', 'declined', /^(100\.700|100\.900\.[123467890][00-99])/, /^(100\.[97]00)/),
  // The unescaped dot in `100.2` is as published.
  group('val_account', 'declined', /^(100\.100|100.2[01])/),
  group('val_amount', 'declined', /^(100\.55)/),
  group('val_risk_management', 'declined', /^(100\.380\.[23]|100\.380\.101)/),
  // chargeback notifications
  group('chargeback', 'chargeback', /^(000\.100\.2)/),
  // Newer documents add "Retry blocked" (Merchant Advice Code) codes that val_reference does not
  // match; the fact sheet infers they are rejections.
  group('retry_blocked', 'declined', /^(700\.60[01]\.)/),
];

const CODE_FORMAT = /^\d{3}\.\d{3}\.\d{3}$/;

export interface ResultCodeClass {
  readonly group: string;
  readonly outcome: ResultCodeOutcome;
  /** Matched only by an older generation's pattern. */
  readonly viaOldPattern: boolean;
}

/** null: not a result code, or no group claims it (the caller treats it as needs review). */
export function classifyResultCode(code: string): ResultCodeClass | null {
  if (!CODE_FORMAT.test(code)) return null;
  for (const candidate of RESULT_CODE_GROUPS) {
    if (candidate.pattern.test(code)) return { group: candidate.name, outcome: candidate.outcome, viaOldPattern: false };
  }
  for (const candidate of RESULT_CODE_GROUPS) {
    if (candidate.oldPattern?.test(code)) return { group: candidate.name, outcome: candidate.outcome, viaOldPattern: true };
  }
  return null;
}
