/**
 * How the emulator decides a card (fact sheet §10). The documented test cards behave as the docs
 * show them: 5204 7300 0000 2449 (12/35, CVV 244) and 4242 4242 4242 4242 go through 3-D Secure 2,
 * 4111 1111 1111 1111 (older S2S docs) through the OTP flow. The other cards are the sandbox's own
 * switches, labelled as such. OTP values are UNKNOWN in the docs; the sandbox's code is a setting.
 */
import { isExpired, luhnValid } from '../../../../../shared/card/card-rules.ts';
import type { SandboxScenario } from '../../types.ts';
import { STANDARD_SCENARIO_NAMES, type StandardScenario } from '../../../sandbox/standard-scenarios.ts';
import type { EmulatedFlow } from './transaction-book.ts';

export type CardDecision =
  | { readonly kind: 'step'; readonly flow: EmulatedFlow; readonly failsAuthentication: boolean }
  | { readonly kind: 'decline'; readonly message: string }
  | { readonly kind: 'timeout' };

type Behaviour = 'threeds' | 'otp' | 'decline' | 'threeds-fails' | 'timeout';

interface TestCard {
  readonly pan: string;
  readonly behaviour: Behaviour;
  readonly name: string;
  readonly description: string;
  readonly cvv: string;
}

const DOCUMENTED = 'Sayswitch test card (fact sheet §10)';
const SWITCH = 'Sandbox switch (not a Sayswitch test card)';

export const SAYSWITCH_TEST_CARDS: readonly TestCard[] = [
  { pan: '5204730000002449', behaviour: 'threeds', cvv: '244', name: 'Mastercard, 3-D Secure 2', description: `${DOCUMENTED}, current docs: expiry 12/35, CVV 244; asks for 3-D Secure on the hosted page.` },
  { pan: '4242424242424242', behaviour: 'threeds', cvv: '123', name: 'Visa, 3-D Secure 2', description: `${DOCUMENTED}, overview page: any future expiry and CVV; asks for 3-D Secure on the hosted page.` },
  { pan: '4111111111111111', behaviour: 'otp', cvv: '123', name: 'Visa, OTP read out (older flow)', description: `${DOCUMENTED}, older S2S docs: asks for the OTP sent to the customer's phone; the sandbox code succeeds, any other fails.` },
  { pan: '4000000000000002', behaviour: 'decline', cvv: '123', name: 'Declined at initialize', description: `${SWITCH}: the issuer declines (insufficient funds), answered as a decline (422).` },
  { pan: '4000000000000127', behaviour: 'threeds-fails', cvv: '123', name: '3-D Secure fails', description: `${SWITCH}: asks for 3-D Secure, and the authentication fails whatever code is entered.` },
  { pan: '4000000000000259', behaviour: 'timeout', cvv: '123', name: 'Initialize times out', description: `${SWITCH}: the transaction is opened but the answer never comes; verify finds it pending until the authentication window ends.` },
];

/**
 * Scenarios every emulator offers under the same names (sandbox/standard-scenarios.ts). Every
 * Sayswitch card charge asks for a customer step, passed with `otp.complete`. No card makes the
 * emulator answer an unknown status, so `unknown-code` rewrites its answers for a while.
 */
export const SAYSWITCH_STANDARD_SCENARIOS: readonly StandardScenario[] = [
  { name: STANDARD_SCENARIO_NAMES.approved, description: `${DOCUMENTED}: 3-D Secure on the hosted page, then the charge succeeds.`, card: '4242424242424242', cvv: '123' },
  {
    name: STANDARD_SCENARIO_NAMES.unknownCode,
    description: `${SWITCH}: the charge succeeds, and for the next answers Sayswitch says status "on_hold", which is not a documented status.`,
    card: '4242424242424242',
    cvv: '123',
    faults: [{ fault: 'rewrite', phase: 'after', count: 20, find: '"status":"success"', replace: '"status":"on_hold"' }],
  },
];

export function sayswitchScenarios(testOtp: string): SandboxScenario[] {
  return [
    ...SAYSWITCH_STANDARD_SCENARIOS,
    ...SAYSWITCH_TEST_CARDS.map((card) => ({ name: card.name, description: card.description, card: card.pan, cvv: card.cvv })),
    { name: 'OTP', description: `${SWITCH}: the one-time code that succeeds on the OTP flow and the hosted page is ${testOtp}; any other code fails the payment.`, card: null, cvv: null },
    { name: 'Bank transfer', description: `${SWITCH}: a virtual account at Wema Bank, paid with the sandbox tools' "transfer.pay" action.`, card: null, cvv: null },
  ];
}

export function decideCard(card: { number: string; expiryMonth: number; expiryYear: number }, now: Date, otherCardsFlow: 'threeds' | 'otp' | 'decline'): CardDecision {
  if (!luhnValid(card.number)) return { kind: 'decline', message: 'Invalid card number' };
  if (isExpired(card.expiryMonth, card.expiryYear, now)) return { kind: 'decline', message: 'Expired card' };
  const known = SAYSWITCH_TEST_CARDS.find((candidate) => candidate.pan === card.number);
  const behaviour: Behaviour = known?.behaviour ?? otherCardsFlow;
  switch (behaviour) {
    case 'threeds':
      return { kind: 'step', flow: '3ds2', failsAuthentication: false };
    case 'threeds-fails':
      return { kind: 'step', flow: '3ds2', failsAuthentication: true };
    case 'otp':
      return { kind: 'step', flow: 'otp', failsAuthentication: false };
    case 'decline':
      return { kind: 'decline', message: 'Insufficient funds' };
    case 'timeout':
      return { kind: 'timeout' };
  }
}

export function cardTypeOf(number: string): string {
  if (number.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^(506[01]|507[89]|6500)/.test(number)) return 'verve';
  return 'unknown';
}
