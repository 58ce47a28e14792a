import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derivePaymentStatus, isFinalStatus } from '../../electron/core/payments/status.ts';
import type { Balances, OperationRow } from '../../electron/core/ledger/types.ts';
import type { OperationState } from '../../shared/domain/schemas.ts';

const zero: Balances = {
  authorizedMinor: 0n, capturedMinor: 0n, refundedMinor: 0n, voidedMinor: 0n, chargedBackMinor: 0n,
  captureInFlightMinor: 0n, refundInFlightMinor: 0n, voidInFlightMinor: 0n, capturableMinor: 0n, refundableMinor: 0n,
};

function initial(state: OperationState, kind: 'purchase' | 'authorize' = 'purchase'): OperationRow {
  return {
    id: 'op_1', paymentId: 'pay_1', kind, amountMinor: 10_000n, currency: 'EUR', merchantReference: 'M-1', reason: null,
    operator: 'agent', createdAt: new Date(0), state, gatewayOperationId: null, gatewayCode: null, gatewayMessage: null, sentAt: null, completedAt: null, inFlightUntil: null, leaseOwner: null,
  };
}

function derive(kind: 'sale' | 'auth', state: OperationState, balances: Partial<Balances>, extra: { pendingStatus?: 'pending' | 'requires_action' | 'expired'; needsReview?: boolean; unresolvedFollowUp?: boolean } = {}) {
  return derivePaymentStatus({
    kind,
    initial: initial(state, kind === 'sale' ? 'purchase' : 'authorize'),
    balances: { ...zero, ...balances },
    pendingStatus: extra.pendingStatus ?? 'pending',
    needsReview: extra.needsReview ?? false,
    unresolvedFollowUp: extra.unresolvedFollowUp ?? false,
  });
}

test('an initial operation without an outcome makes the payment unknown', () => {
  for (const state of ['intent', 'sent', 'unknown'] as const) assert.equal(derive('sale', state, {}), 'unknown');
  assert.equal(derivePaymentStatus({ kind: 'sale', initial: undefined, balances: zero, pendingStatus: 'pending', needsReview: false, unresolvedFollowUp: false }), 'unknown');
});

test('a pending initial operation shows what the gateway last said', () => {
  assert.equal(derive('sale', 'pending', {}), 'pending');
  assert.equal(derive('sale', 'pending', {}, { pendingStatus: 'requires_action' }), 'requires_action');
});

test('declines and failures are final and distinct', () => {
  assert.equal(derive('sale', 'declined', {}), 'declined');
  assert.equal(derive('sale', 'failed', {}), 'failed');
  assert.equal(derive('sale', 'failed', {}, { pendingStatus: 'expired' }), 'expired');
  assert.ok(isFinalStatus('declined') && isFinalStatus('failed') && !isFinalStatus('pending') && !isFinalStatus('unknown'));
});

test('a sale is captured, then partially and fully refunded', () => {
  assert.equal(derive('sale', 'succeeded', { authorizedMinor: 10_000n, capturedMinor: 10_000n }), 'captured');
  assert.equal(derive('sale', 'succeeded', { capturedMinor: 10_000n, refundedMinor: 2_500n }), 'partially_refunded');
  assert.equal(derive('sale', 'succeeded', { capturedMinor: 10_000n, refundedMinor: 10_000n }), 'refunded');
});

test('an authorisation moves through partial capture, capture and voiding', () => {
  assert.equal(derive('auth', 'succeeded', { authorizedMinor: 10_000n }), 'authorized');
  assert.equal(derive('auth', 'succeeded', { authorizedMinor: 10_000n, capturedMinor: 4_000n }), 'partially_captured');
  assert.equal(derive('auth', 'succeeded', { authorizedMinor: 10_000n, capturedMinor: 10_000n }), 'captured');
  assert.equal(derive('auth', 'succeeded', { authorizedMinor: 10_000n, capturedMinor: 4_000n, voidedMinor: 6_000n }), 'captured');
  assert.equal(derive('auth', 'succeeded', { authorizedMinor: 10_000n, voidedMinor: 10_000n }), 'voided');
  assert.equal(derive('auth', 'succeeded', { authorizedMinor: 10_000n, capturedMinor: 4_000n, refundedMinor: 4_000n }), 'refunded');
});

test('an unresolved follow-up operation or an unmappable answer overrides the derived status', () => {
  assert.equal(derive('sale', 'succeeded', { capturedMinor: 10_000n }, { unresolvedFollowUp: true }), 'unknown');
  assert.equal(derive('sale', 'succeeded', { capturedMinor: 10_000n }, { needsReview: true }), 'needs_review');
});
