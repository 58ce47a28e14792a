/**
 * How the emulator decides a card (fact sheet §10): the documented test cards answer their
 * EXECCODE; another Luhn-valid card follows `otherCardsOutcome`; a card that fails Luhn or has
 * expired is 4012 (invalid card data). 3-D Secure is asked by the request (`3DSECURE=yes`, §7),
 * not by the card: no 3-D Secure test card is documented. Amounts and names trigger nothing.
 */
import { isExpired, luhnValid } from '../../../../../shared/card/card-rules.ts';
import type { SandboxScenario } from '../../types.ts';
import { STANDARD_SCENARIO_NAMES, type StandardScenario } from '../../../sandbox/standard-scenarios.ts';

interface TestCard {
  readonly pan: string;
  readonly execCode: string;
  readonly name: string;
  readonly source: string;
}

export const BE2BILL_TEST_CARDS: readonly TestCard[] = [
  { pan: '5555556778250000', execCode: '0000', name: 'Mastercard, accepted', source: 'CONFIRMED (activemerchant remote test)' },
  { pan: '4000100011112224', execCode: '0000', name: 'Visa, accepted', source: 'CONFIRMED (activemerchant fork remote test)' },
  { pan: '5555557376384001', execCode: '4001', name: 'Refused by the bank (4001)', source: 'CONFIRMED (activemerchant remote test)' },
  { pan: '5555554530114002', execCode: '4002', name: 'Insufficient funds (4002)', source: 'INFERRED (emulator mapping)' },
  { pan: '5555550226824003', execCode: '4003', name: 'Card refused (4003)', source: 'INFERRED (emulator mapping)' },
  { pan: '5555558726544005', execCode: '4005', name: 'Suspected fraud (4005)', source: 'INFERRED (emulator mapping)' },
  { pan: '5555550082334006', execCode: '4006', name: 'Card reported lost (4006)', source: 'INFERRED (emulator mapping)' },
  { pan: '5555550082334007', execCode: '4007', name: 'Card reported stolen (4007)', source: 'INFERRED (emulator mapping)' },
  // An EXECCODE outside the documented table (§9): the console must send it to a person.
  { pan: '5555550000007650', execCode: '4765', name: STANDARD_SCENARIO_NAMES.unknownCode, source: 'sandbox card, not a Be2bill test card' },
];

/** Scenarios every emulator offers under the same names (sandbox/standard-scenarios.ts). */
export const BE2BILL_STANDARD_SCENARIOS: readonly StandardScenario[] = [
  { name: STANDARD_SCENARIO_NAMES.approved, description: 'Be2bill test card, fact sheet §10, CONFIRMED: the Mastercard accepted with EXECCODE 0000.', card: '5555556778250000', cvv: '123' },
];

export const BE2BILL_SCENARIOS: readonly SandboxScenario[] = [
  ...BE2BILL_STANDARD_SCENARIOS,
  ...BE2BILL_TEST_CARDS.map((card) => ({ name: card.name, description: `Be2bill test card, fact sheet §10, ${card.source}: EXECCODE ${card.execCode}. Any future expiry, any CVV.`, card: card.pan, cvv: '123' })),
  {
    name: '3-D Secure',
    description: 'With the profile option threeDSecure on, payments answer 0001 with 3DSECUREHTML; the sandbox ACS page (or the customer actions) passes or fails it, and the result comes by notification and lookup.',
    card: null,
    cvv: null,
  },
  {
    name: 'Host failover',
    description: 'The emulator plays the primary and the fallback host on one platform; settings primaryHost/fallbackHost make one answer HTTP 503, drop the connection, or answer 5001/5003.',
    card: null,
    cvv: null,
  },
  {
    name: 'N-times schedule',
    description: 'A payment with AMOUNTS[YYYY-MM-DD] charges the first instalment now and the others on their dates (by the sandbox clock; /control/be2bill/tick charges what is due).',
    card: null,
    cvv: null,
  },
];

export interface CardCheck {
  readonly number: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
}

/** The EXECCODE the bank answers for this card. */
export function decideCard(card: CardCheck, now: Date, otherCardsOutcome: 'accept' | 'refuse'): string {
  const known = BE2BILL_TEST_CARDS.find((candidate) => candidate.pan === card.number);
  if (known === undefined && !luhnValid(card.number)) return '4012';
  if (isExpired(card.expiryMonth, card.expiryYear, now)) return '4012';
  if (known !== undefined) return known.execCode;
  return otherCardsOutcome === 'accept' ? '0000' : '4001';
}
