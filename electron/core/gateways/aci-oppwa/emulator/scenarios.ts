/**
 * How the emulator's simulator decides a card (fact sheet §10). The documented test cards behave
 * as documented; `card.holder` set to a result code forces that rejection (TotalProcessing UAT;
 * not for 000.* codes); `customParameters[forceResultCode]` forces any code (INFERRED switch);
 * `customParameters[3DS2_enrolled]=true` asks for 3-D Secure, `customParameters[3DS2_flow]`
 * chooses challenge (INFERRED) or frictionless. Amounts trigger nothing (UNKNOWN in the sheet).
 */
import { isExpired, luhnValid } from '../../../../../shared/card/card-rules.ts';
import type { SandboxScenario } from '../../types.ts';
import { STANDARD_SCENARIO_NAMES, type StandardScenario } from '../../../sandbox/standard-scenarios.ts';

export type CardDecision =
  | { readonly kind: 'approve'; readonly code: string | null }
  | { readonly kind: 'reject'; readonly code: string }
  | { readonly kind: 'three-ds' };

type Behaviour = 'approve' | 'three-ds' | 'reject-invalid-card' | 'amex-cvv-1234' | 'unknown-code';

/** A result code in none of the fact sheet's groups (§7): the console must send it to a person. */
export const OPPWA_UNKNOWN_RESULT_CODE = '650.999.999';

interface TestCard {
  readonly pan: string;
  readonly brand: string;
  readonly behaviour: Behaviour;
  readonly name: string;
  readonly description: string;
}

const NOTE = 'OPPWA test card (fact sheet §10)';

export const OPPWA_TEST_CARDS: readonly TestCard[] = [
  { pan: '4200000000000000', brand: 'VISA', behaviour: 'approve', name: 'Visa, no 3-D Secure', description: `${NOTE}: succeeds without 3-D Secure.` },
  { pan: '4111111111111111', brand: 'VISA', behaviour: 'three-ds', name: 'Visa, 3-D Secure redirect', description: `${NOTE} (Peach): 000.200.000 with a redirect to the issuer's page.` },
  { pan: '4711100000000000', brand: 'VISA', behaviour: 'three-ds', name: 'Visa, 3-D Secure', description: `${NOTE}: 000.200.000 with a redirect.` },
  { pan: '4200000000000042', brand: 'VISA', behaviour: 'three-ds', name: 'Visa, 3-D Secure 2', description: `${NOTE}: 3-D Secure 2 challenge (redirect).` },
  { pan: '4200000000000091', brand: 'VISA', behaviour: 'three-ds', name: 'Visa, 3-D Secure 2 (second card)', description: `${NOTE}: 3-D Secure 2 challenge (redirect).` },
  { pan: '5232105022907162', brand: 'MASTER', behaviour: 'approve', name: 'Mastercard, no 3-D Secure', description: `${NOTE}: succeeds without 3-D Secure.` },
  { pan: '5200000000000015', brand: 'MASTER', behaviour: 'three-ds', name: 'Mastercard, 3-D Secure', description: `${NOTE}: used in a 3-D Secure example; redirects.` },
  { pan: '377777777777770', brand: 'AMEX', behaviour: 'amex-cvv-1234', name: 'American Express (CVV 1234)', description: `${NOTE}: succeeds with CVV 1234; another CVV is 800.100.153 (invalid CVV).` },
  { pan: '4444444444444444', brand: 'VISA', behaviour: 'reject-invalid-card', name: 'Invalid card', description: `${NOTE}: 100.100.101 invalid creditcard.` },
  {
    pan: '4200000000007658',
    brand: 'VISA',
    behaviour: 'unknown-code',
    name: STANDARD_SCENARIO_NAMES.unknownCode,
    description: `Sandbox card, not an OPPWA test card: answers ${OPPWA_UNKNOWN_RESULT_CODE}, a result code in no documented group.`,
  },
];

/** Scenarios every emulator offers under the same names (sandbox/standard-scenarios.ts). */
export const OPPWA_STANDARD_SCENARIOS: readonly StandardScenario[] = [
  { name: STANDARD_SCENARIO_NAMES.approved, description: `${NOTE}: the Visa card that succeeds without 3-D Secure.`, card: '4200000000000000', cvv: '123' },
];

export const OPPWA_SCENARIOS: readonly SandboxScenario[] = [
  ...OPPWA_STANDARD_SCENARIOS,
  ...OPPWA_TEST_CARDS.map((card) => ({ name: card.name, description: card.description, card: card.pan, cvv: card.behaviour === 'amex-cvv-1234' ? '1234' : '123' })),
  {
    name: 'Forced rejection by holder name',
    description: 'OPPWA test system (TotalProcessing UAT): card.holder set to a result code, e.g. 800.100.153, returns that rejection for PA and DB; not for 000.* codes.',
    card: null,
    cvv: null,
  },
  {
    name: 'Forced result code',
    description: 'customParameters[forceResultCode]=<code> answers that code (INFERRED simulator switch, fact sheet §10).',
    card: null,
    cvv: null,
  },
  {
    name: '3-D Secure on any card',
    description: 'customParameters[3DS2_enrolled]=true redirects to the sandbox ACS; customParameters[3DS2_flow]=frictionless succeeds with 000.400.110 instead.',
    card: null,
    cvv: null,
  },
];

const RESULT_CODE = /^\d{3}\.\d{3}\.\d{3}$/;

export interface CardInput {
  readonly number: string;
  readonly cvv: string | null;
  readonly holder: string | null;
  readonly expiryMonth: number;
  readonly expiryYear: number;
  readonly customParameters: Readonly<Record<string, string>>;
}

export function decideCard(card: CardInput, now: Date, otherCardsOutcome: 'success' | 'decline'): CardDecision {
  const forced = card.customParameters['forceResultCode'];
  if (forced !== undefined && RESULT_CODE.test(forced)) return forced.startsWith('000.') && !forced.startsWith('000.200') ? { kind: 'approve', code: forced } : { kind: 'reject', code: forced };
  const holder = card.holder?.trim() ?? '';
  if (RESULT_CODE.test(holder) && !holder.startsWith('000.')) return { kind: 'reject', code: holder };
  const known = OPPWA_TEST_CARDS.find((candidate) => candidate.pan === card.number);
  if (known?.behaviour === 'unknown-code') return { kind: 'reject', code: OPPWA_UNKNOWN_RESULT_CODE };
  if (known?.behaviour === 'reject-invalid-card' || (known === undefined && !luhnValid(card.number))) return { kind: 'reject', code: '100.100.101' };
  if (isExpired(card.expiryMonth, card.expiryYear, now)) return { kind: 'reject', code: '100.100.303' };
  if (known?.behaviour === 'amex-cvv-1234' && card.cvv !== '1234') return { kind: 'reject', code: '800.100.153' };
  if (card.customParameters['3DS2_enrolled'] === 'true') {
    return card.customParameters['3DS2_flow'] === 'frictionless' ? { kind: 'approve', code: '000.400.110' } : { kind: 'three-ds' };
  }
  if (known?.behaviour === 'three-ds') return { kind: 'three-ds' };
  if (known === undefined && otherCardsOutcome === 'decline') return { kind: 'reject', code: '800.100.100' };
  return { kind: 'approve', code: null };
}
