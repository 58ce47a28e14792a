/**
 * How the emulator's acquirer decides a card. SIBS's own test cards (fact sheet §12, "Testing
 * assets") behave as SIBS documents them; every other behaviour is a scenario of ours and is
 * listed as such. Checks run like a real acquirer's: number (Luhn), expiry, then the card.
 */
import { isExpired, luhnValid } from '../../../../../shared/card/card-rules.ts';
import type { SandboxScenario } from '../../types.ts';
import { STANDARD_SCENARIO_NAMES, type StandardScenario } from '../../../sandbox/standard-scenarios.ts';

export type ThreeDSActionType = 'THREEDS_CHALLENGE' | 'THREEDS_METHOD';

export type CardDecision =
  | { readonly kind: 'approve' }
  | { readonly kind: 'decline'; readonly reason: string }
  | { readonly kind: 'three-ds'; readonly actionType: ThreeDSActionType }
  /** 503 + T9999 before anything happens. */
  | { readonly kind: 'unavailable' }
  /** The payment is authorised but the answer never leaves the emulator. */
  | { readonly kind: 'approve-then-hang' };

type CardBehaviour = 'no-3ds' | 'challenge' | 'frictionless' | 'challenge-even-moto' | 'decline' | 'insufficient-funds' | 'hang' | 'unavailable';

interface TestCard {
  readonly pan: string;
  /** null: any security code is accepted. */
  readonly cvv: string | null;
  readonly behaviour: CardBehaviour;
  readonly name: string;
  readonly description: string;
}

const SIBS_NOTE = 'SIBS test card (Testing assets page)';
const OURS_NOTE = 'Sandbox scenario of this console, not a SIBS test card';

export const SIBS_TEST_CARDS: readonly TestCard[] = [
  { pan: '4761340000000035', cvv: '536', behaviour: 'no-3ds', name: 'Visa, no 3-D Secure', description: `${SIBS_NOTE}: authorised without 3-D Secure.` },
  {
    pan: '4176660000000100',
    cvv: '597',
    behaviour: 'challenge',
    name: 'Visa, 3-D Secure challenge',
    description: `${SIBS_NOTE}: a challenge (password 123456) for e-commerce; authorised directly for MOTO, which SCA exempts.`,
  },
  {
    pan: '5204740000001002',
    cvv: '100',
    behaviour: 'frictionless',
    name: 'Mastercard, 3-D Secure frictionless',
    description: `${SIBS_NOTE}: a device check without a challenge for e-commerce; authorised directly for MOTO.`,
  },
  {
    pan: '5185520050000010',
    cvv: '001',
    behaviour: 'challenge',
    name: 'Mastercard, 3-D Secure challenge',
    description: `${SIBS_NOTE}: a challenge (password 123456) for e-commerce; authorised directly for MOTO.`,
  },
  { pan: '5206361000001351', cvv: '536', behaviour: 'no-3ds', name: 'Mastercard, no 3-D Secure', description: `${SIBS_NOTE}: authorised without 3-D Secure.` },
];

export const OUR_TEST_CARDS: readonly TestCard[] = [
  { pan: '4000000000000002', cvv: null, behaviour: 'decline', name: 'Declined by the issuer', description: `${OURS_NOTE}: Declined, "Do not honour".` },
  { pan: '4000000000009995', cvv: null, behaviour: 'insufficient-funds', name: 'Insufficient funds', description: `${OURS_NOTE}: Declined, "Insufficient funds".` },
  {
    pan: '4000000000003220',
    cvv: null,
    behaviour: 'challenge-even-moto',
    name: '3-D Secure challenge, even for MOTO',
    description: `${OURS_NOTE}: a 3-D Secure challenge (password 123456) whether or not the checkout is MOTO, so the console's 3-D Secure handling can be tried on a phone order.`,
  },
  {
    pan: '4000000000004087',
    cvv: null,
    behaviour: 'hang',
    name: 'Answer never arrives',
    description: `${OURS_NOTE}: the payment is authorised, then the emulator withholds its answer until the client times out; a status call finds it.`,
  },
  {
    pan: '4000000000005035',
    cvv: null,
    behaviour: 'unavailable',
    name: 'Gateway unavailable',
    description: `${OURS_NOTE}: HTTP 503 with statusCode T9999 before anything is processed.`,
  },
];

const OTHER_CARD_SCENARIOS: readonly SandboxScenario[] = [
  { name: 'Any other valid card', description: `${OURS_NOTE}: any other Luhn-valid number with a current expiry is authorised.`, card: null, cvv: null },
  { name: 'Wrong security code on a SIBS test card', description: `${OURS_NOTE}: Declined, "Invalid security code".`, card: null, cvv: null },
  { name: 'Invalid number or past expiry', description: `${OURS_NOTE}: a number failing the Luhn check, or an expiry in the past, is Declined.`, card: null, cvv: null },
];

/**
 * MB WAY customers, by the end of the phone number. SIBS publishes no MB WAY test numbers; the
 * one number in its S2S guide (seed 001, `351#919999999`) got `Timeout` from the QLY platform at
 * once, and the sandbox answers the same for any number ending 999999.
 */
const OURS_ASSET_NOTE = 'Sandbox scenario of this console, not a SIBS test asset';

export type PhoneBehaviour = 'approve' | 'decline' | 'timeout-now' | 'customer';

export function phoneBehaviour(alias: string): PhoneBehaviour {
  const national = alias.slice(alias.indexOf('#') + 1);
  if (national.endsWith('999999')) return 'timeout-now';
  if (national.endsWith('11')) return 'approve';
  if (national.endsWith('22')) return 'decline';
  return 'customer';
}

const ASYNC_SCENARIOS: readonly SandboxScenario[] = [
  {
    name: 'MB WAY: customer approves (phone ending 11)',
    description: `${OURS_ASSET_NOTE}: e.g. 351#912000011 — the customer approves in the app a few seconds later (setting mbwayScenarioDelayMs).`,
    card: null,
    cvv: null,
  },
  {
    name: 'MB WAY: customer declines (phone ending 22)',
    description: `${OURS_ASSET_NOTE}: e.g. 351#912000022 — the customer declines a few seconds later (statusCode 01.106.0004, SIBS's documented MB WAY decline).`,
    card: null,
    cvv: null,
  },
  {
    name: 'MB WAY: immediate Timeout (phone ending 999999)',
    description: 'The answer SIBS QLY gave to 351#919999999 in its S2S guide (seed 001): Timeout straight away, and "999" on the status call.',
    card: null,
    cvv: null,
  },
  {
    name: 'MB WAY: any other phone',
    description: `${OURS_ASSET_NOTE}: Pending until the sandbox tools approve or decline it (mbway.approve / mbway.decline); Timeout when the approval window passes (setting mbwayApprovalWindowMs, default 4 minutes — SIBS does not publish it).`,
    card: null,
    cvv: null,
  },
  {
    name: 'Multibanco reference',
    description: `${OURS_ASSET_NOTE}: a 9-digit reference, Pending until "customer paid at the ATM" (reference.pay); at its finalDatetime it becomes Expired (setting referenceExpiryStatus).`,
    card: null,
    cvv: null,
  },
  {
    name: 'MB WAY mandate',
    description: `${OURS_ASSET_NOTE}: pending until the customer approves (mandate.approve: limit 100.00 EUR per collection and one year, or what the action says) or declines (mandate.decline); collections over the limit, after expiry or on a mandate not active are Declined (E0119).`,
    card: null,
    cvv: null,
  },
  {
    name: 'Stored card and MIT',
    description: `${OURS_ASSET_NOTE}: a card stored on an approved payment can be charged by MIT (no 3-D Secure); an MIT on a cancelled token (token.revoke) or on a CIT cancelled or refunded in full is refused.`,
    card: null,
    cvv: null,
  },
];

/**
 * Scenarios every emulator offers under the same names (sandbox/standard-scenarios.ts). No card
 * makes the acquirer answer an unknown paymentStatus, so `unknown-code` rewrites SIBS's answers
 * for a while: what the console reads is a paymentStatus outside the documented list (§6).
 */
export const SIBS_STANDARD_SCENARIOS: readonly StandardScenario[] = [
  { name: STANDARD_SCENARIO_NAMES.approved, description: `${SIBS_NOTE}: the Visa card authorised without 3-D Secure.`, card: '4761340000000035', cvv: '536' },
  {
    name: STANDARD_SCENARIO_NAMES.unknownCode,
    description: `${OURS_NOTE}: the card is authorised, and for the next answers SIBS says paymentStatus "Suspended", which is not in the documented list.`,
    card: '4761340000000035',
    cvv: '536',
    faults: [{ fault: 'rewrite', phase: 'after', count: 20, find: '"paymentStatus":"Success"', replace: '"paymentStatus":"Suspended"' }],
  },
];

export const SIBS_SCENARIOS: readonly SandboxScenario[] = [
  ...SIBS_STANDARD_SCENARIOS,
  ...[...SIBS_TEST_CARDS, ...OUR_TEST_CARDS].map((card) => ({ name: card.name, description: card.description, card: card.pan, cvv: card.cvv })),
  ...OTHER_CARD_SCENARIOS,
  ...ASYNC_SCENARIOS,
];

const CARDS_BY_PAN: ReadonlyMap<string, TestCard> = new Map([...SIBS_TEST_CARDS, ...OUR_TEST_CARDS].map((card) => [card.pan, card]));

export interface PresentedCard {
  readonly pan: string;
  readonly cvv: string | undefined;
  readonly expiryMonth: number;
  readonly expiryYear: number;
}

export function decideCard(card: PresentedCard, moto: boolean, motoExemptFromThreeDS: boolean, now: Date): CardDecision {
  if (!luhnValid(card.pan)) return { kind: 'decline', reason: 'Invalid card number' };
  if (isExpired(card.expiryMonth, card.expiryYear, now)) return { kind: 'decline', reason: 'Expired card' };
  const known = CARDS_BY_PAN.get(card.pan);
  if (known === undefined) return { kind: 'approve' };
  if (known.cvv !== null && card.cvv !== known.cvv) return { kind: 'decline', reason: 'Invalid security code' };
  switch (known.behaviour) {
    case 'no-3ds':
      return { kind: 'approve' };
    case 'challenge-even-moto':
      return { kind: 'three-ds', actionType: 'THREEDS_CHALLENGE' };
    case 'challenge':
    case 'frictionless':
      if (moto && motoExemptFromThreeDS) return { kind: 'approve' };
      return { kind: 'three-ds', actionType: known.behaviour === 'challenge' ? 'THREEDS_CHALLENGE' : 'THREEDS_METHOD' };
    case 'decline':
      return { kind: 'decline', reason: 'Do not honour' };
    case 'insufficient-funds':
      return { kind: 'decline', reason: 'Insufficient funds' };
    case 'hang':
      return { kind: 'approve-then-hang' };
    case 'unavailable':
      return { kind: 'unavailable' };
  }
}

/** SIBS's test 3-D Secure password (fact sheet §12). */
export const THREE_DS_PASSWORD = '123456';
