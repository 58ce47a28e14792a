/**
 * Scenarios every emulator offers under the same names, so that tests (the conformance suite) and
 * the sandbox tools drive any gateway the same way, without knowing which one it is. Each emulator
 * lists them among its own scenarios (emulator/scenarios.ts), with its own card.
 *
 * - `approved`: a MOTO sale or authorisation with this card is approved — at once, or once the
 *   customer passes the step the gateway asks for (3-D Secure, an OTP page) through the customer
 *   action whose name ends in `.complete`.
 * - `unknown-code`: the gateway answers a payment with this card with a status or result code the
 *   console's table does not know. Where the emulator's card rules cannot say it, the scenario
 *   carries a `rewrite` fault plan that changes the code in its answers (install it with
 *   `POST /control/<gatewayId>/faults` before the payment, clear it after).
 */
import type { SandboxScenario } from '../gateways/types.ts';
import type { PlannedFault } from './fault-plan.ts';

export const STANDARD_SCENARIO_NAMES = { approved: 'approved', unknownCode: 'unknown-code' } as const;
export type StandardScenarioName = (typeof STANDARD_SCENARIO_NAMES)[keyof typeof STANDARD_SCENARIO_NAMES];

/** The suffix of the customer action that passes the step a payment waits on. */
export const STEP_COMPLETE_ACTION_SUFFIX = '.complete';

export interface StandardScenario extends SandboxScenario {
  readonly name: StandardScenarioName;
  readonly card: string;
  readonly cvv: string;
  /** A fault plan that plays the scenario where the card alone cannot (input form: defaults may be left out). */
  readonly faults?: ReadonlyArray<Partial<PlannedFault> & Pick<PlannedFault, 'fault'>>;
}
