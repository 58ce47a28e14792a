/**
 * Which actions a payment allows, and how much each may move. The payment detail offers exactly
 * what this allows and the use-cases refuse whatever it refuses, so the screen and the core cannot
 * disagree about an action.
 */
import { ConflictError, NotSupportedError } from '../errors.ts';
import type { CapabilityName, GatewayDescriptor } from '../gateways/types.ts';
import type { LedgerSession } from '../ledger/port.ts';
import type { Balances, OperationRow, PaymentRow } from '../ledger/types.ts';
import { applyGatewayRules } from './balance-policy.ts';

export type PaymentAction = 'capture' | 'void' | 'refund' | 'rebill' | 'stopSchedule' | 'continueAction' | 'sync';

export const PAYMENT_ACTIONS: readonly PaymentAction[] = ['capture', 'void', 'refund', 'rebill', 'stopSchedule', 'continueAction', 'sync'];

export interface PaymentFacts {
  readonly payment: Pick<PaymentRow, 'kind' | 'status' | 'pendingAction' | 'gatewayData'>;
  /** The journal's balances already narrowed by the gateway's rules (balance-policy.ts). */
  readonly balances: Balances;
  readonly operations: ReadonlyArray<Pick<OperationRow, 'state'>>;
  readonly gateway: Pick<GatewayDescriptor, 'displayName' | 'capabilities' | 'partialRefunds'>;
}

/** The facts as the ledger holds them now (inside a transaction when a use-case is about to act). */
export async function paymentFacts(
  ledger: LedgerSession,
  payment: PaymentRow,
  gateway: PaymentFacts['gateway'] & Pick<GatewayDescriptor, 'singleCapture'>,
): Promise<PaymentFacts & { readonly operations: readonly OperationRow[] }> {
  return { payment, balances: applyGatewayRules(await ledger.operations.balances(payment.id), gateway), operations: await ledger.operations.listForPayment(payment.id), gateway };
}

export type ActionVerdict =
  | {
      readonly allowed: true;
      /** The most the action may move (capturable, refundable); null when the journal sets no bound (sync, a rebill). */
      readonly limitMinor: bigint | null;
      /** The action moves exactly `limitMinor` or nothing (a void releases everything; a gateway without partial refunds). */
      readonly exact: boolean;
    }
  | { readonly allowed: false; readonly refusal: 'not_supported' | 'conflict'; readonly reason: string };

/** The capability each action needs beyond the core verbs. */
const CAPABILITY_OF: Readonly<Record<PaymentAction, CapabilityName | null>> = {
  capture: 'authorization',
  void: 'void',
  rebill: 'rebill',
  stopSchedule: 'schedules',
  continueAction: 'customerSteps',
  refund: null,
  sync: null,
};

// A payment flagged for review can still be refunded or released: that is often the review's outcome.
const SETTLED_FOR_REFUND: ReadonlySet<string> = new Set(['captured', 'partially_captured', 'partially_refunded', 'needs_review']);
const OPEN_AUTH: ReadonlySet<string> = new Set(['authorized', 'partially_captured', 'needs_review']);
const SETTLED_SALE: ReadonlySet<string> = new Set(['captured', 'partially_refunded', 'refunded']);

const allow = (limitMinor: bigint | null, exact = false): ActionVerdict => ({ allowed: true, limitMinor, exact });
const conflict = (reason: string): ActionVerdict => ({ allowed: false, refusal: 'conflict', reason });

/** An operation whose call may still be open, or whose outcome nobody knows, holds every other action back. */
function heldBack(operations: PaymentFacts['operations']): string | null {
  if (operations.some((op) => op.state === 'intent' || op.state === 'sent')) {
    return 'Another operation on this payment is in flight (on this or another console); wait for its answer, then try again';
  }
  if (operations.some((op) => op.state === 'unknown')) return 'An earlier operation on this payment has no known outcome yet; sync the payment before trying again';
  return null;
}

export function decideAction(action: PaymentAction, facts: PaymentFacts): ActionVerdict {
  const { payment, balances, gateway } = facts;
  const capability = CAPABILITY_OF[action];
  if (capability !== null && !gateway.capabilities.includes(capability)) {
    return { allowed: false, refusal: 'not_supported', reason: `${gateway.displayName} does not support ${capability}` };
  }
  // Asking the gateway never moves money: it is how a held-back payment gets unstuck.
  if (action === 'sync') return allow(null);
  const held = heldBack(facts.operations);
  if (held !== null) return conflict(held);
  switch (action) {
    case 'capture':
    case 'void': {
      const verb = action === 'capture' ? 'captured' : 'cancelled';
      if (payment.kind !== 'auth') return conflict(`Only an authorisation can be ${verb}`);
      if (!OPEN_AUTH.has(payment.status) || balances.capturableMinor <= 0n) return conflict(`Nothing on this authorisation is left to be ${verb}`);
      return allow(balances.capturableMinor, action === 'void');
    }
    case 'refund':
      if (!SETTLED_FOR_REFUND.has(payment.status) || balances.refundableMinor <= 0n) return conflict('Nothing on this payment can be refunded');
      return allow(balances.refundableMinor, gateway.partialRefunds === false);
    case 'rebill':
      if (payment.kind !== 'sale' || !SETTLED_SALE.has(payment.status)) return conflict('Only a settled sale can be rebilled');
      return allow(null);
    case 'stopSchedule':
      if (!payment.gatewayData['schedule']) return conflict('This payment has no instalment plan');
      if (payment.gatewayData['scheduleStopped'] === 'true') return conflict('The instalment plan is already stopped');
      if (!SETTLED_SALE.has(payment.status)) return conflict('The first instalment was not charged, so no plan runs at the gateway');
      return allow(null);
    case 'continueAction':
      if (payment.status !== 'requires_action' || payment.pendingAction === null) return conflict('This payment is not waiting for a customer action');
      return allow(null);
  }
}

/** What the payment detail offers. */
export function allowedActions(facts: PaymentFacts): Record<PaymentAction, boolean> {
  return Object.fromEntries(PAYMENT_ACTIONS.map((action) => [action, decideAction(action, facts).allowed])) as Record<PaymentAction, boolean>;
}

/** What a use-case checks: the verdict when allowed, else the typed error. */
export function requireAction(action: PaymentAction, facts: PaymentFacts): Extract<ActionVerdict, { allowed: true }> {
  const verdict = decideAction(action, facts);
  if (verdict.allowed) return verdict;
  throw verdict.refusal === 'not_supported' ? new NotSupportedError(verdict.reason) : new ConflictError(verdict.reason);
}
