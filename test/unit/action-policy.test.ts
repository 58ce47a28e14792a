/**
 * The one decision of which actions a payment allows: what the payment detail offers and what the
 * use-cases accept come from it, including the cases where they used to differ (an instalment plan
 * whose first charge failed, an action while another operation is open).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, NotSupportedError } from '../../electron/core/errors.ts';
import type { CapabilityName } from '../../electron/core/gateways/types.ts';
import type { Balances } from '../../electron/core/ledger/types.ts';
import { ZERO_BALANCES as ZERO } from './ledger/ledger-fixtures.ts';
import { allowedActions, decideAction, requireAction, type PaymentFacts } from '../../electron/core/payments/action-policy.ts';

function facts(over: {
  kind?: 'sale' | 'auth';
  status?: PaymentFacts['payment']['status'];
  balances?: Partial<Balances>;
  states?: Array<PaymentFacts['operations'][number]['state']>;
  gatewayData?: Record<string, string>;
  capabilities?: CapabilityName[];
  partialRefunds?: boolean;
}): PaymentFacts {
  return {
    payment: { kind: over.kind ?? 'sale', status: over.status ?? 'captured', pendingAction: null, gatewayData: over.gatewayData ?? {} },
    balances: { ...ZERO, ...over.balances },
    operations: (over.states ?? ['succeeded']).map((state) => ({ state })),
    gateway: { displayName: 'Test gateway', capabilities: over.capabilities ?? ['authorization', 'void', 'rebill', 'schedules', 'customerSteps'], partialRefunds: over.partialRefunds ?? true },
  };
}

describe('action policy', () => {
  it('offers capture and void of an open authorisation up to what is capturable, a void only in full', () => {
    const open = facts({ kind: 'auth', status: 'authorized', balances: { authorizedMinor: 5_000n, capturableMinor: 5_000n } });
    assert.deepEqual(decideAction('capture', open), { allowed: true, limitMinor: 5_000n, exact: false });
    assert.deepEqual(decideAction('void', open), { allowed: true, limitMinor: 5_000n, exact: true });
    assert.equal(allowedActions(open).refund, false);
  });

  it('refunds what is refundable, in full only where the gateway refunds only in full', () => {
    const settled = facts({ balances: { capturedMinor: 3_000n, refundableMinor: 3_000n }, partialRefunds: false });
    assert.deepEqual(decideAction('refund', settled), { allowed: true, limitMinor: 3_000n, exact: true });
    assert.equal(decideAction('refund', facts({ status: 'refunded', balances: { capturedMinor: 3_000n, refundedMinor: 3_000n } })).allowed, false);
  });

  it('refuses a plan stop on a sale whose first instalment was declined, in the detail and in the use-case alike', () => {
    const declined = facts({ status: 'declined', states: ['declined'], gatewayData: { schedule: '[]' } });
    assert.equal(allowedActions(declined).stopSchedule, false);
    assert.throws(() => requireAction('stopSchedule', declined), ConflictError);
    assert.equal(allowedActions(facts({ gatewayData: { schedule: '[]' } })).stopSchedule, true);
  });

  it('holds every action but sync back while another operation is in flight or unknown', () => {
    for (const state of ['sent', 'unknown'] as const) {
      const held = facts({ gatewayData: { schedule: '[]' }, balances: { capturedMinor: 3_000n, refundableMinor: 3_000n }, states: ['succeeded', state] });
      assert.deepEqual(allowedActions(held), { capture: false, void: false, refund: false, rebill: false, stopSchedule: false, continueAction: false, sync: true });
      assert.throws(() => requireAction('refund', held), ConflictError);
    }
    // A follow-up the gateway reported pending is known: it holds nothing back.
    assert.equal(allowedActions(facts({ balances: { refundableMinor: 1_000n }, states: ['succeeded', 'pending'] })).refund, true);
  });

  it('refuses what the gateway cannot do as not supported, whatever the payment', () => {
    const noVoid = facts({ kind: 'auth', status: 'authorized', balances: { capturableMinor: 5_000n }, capabilities: ['authorization'] });
    assert.equal(allowedActions(noVoid).void, false);
    assert.throws(() => requireAction('void', noVoid), NotSupportedError);
  });
});
