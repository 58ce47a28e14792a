import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OperationKind, OperationState } from '../../../shared/domain/schemas.ts';
import { NotFoundError } from '../../../electron/core/errors.ts';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import type { Ledger, NewPayment } from '../../../electron/core/ledger/types.ts';
import { newOperation, newPayment, tempLedgerPath, ZERO_BALANCES as ZERO } from './ledger-fixtures.ts';

function journal(ledger: Ledger, paymentId: string, kind: OperationKind, amountMinor: bigint, state: OperationState): void {
  const operation = ledger.insertOperation(newOperation(paymentId, { kind, amountMinor }));
  if (state !== 'intent') ledger.updateOperation(operation.id, { state });
}

function withPayment(overrides: Partial<NewPayment>, run: (ledger: Ledger, paymentId: string) => void): void {
  const ledger = openSqliteLedger(tempLedgerPath());
  try {
    run(ledger, ledger.insertPayment(newPayment(overrides)).id);
  } finally {
    ledger.close();
  }
}

test('has nothing to capture or refund before the first operation succeeds', () => {
  withPayment({ kind: 'auth' }, (ledger, paymentId) => {
    assert.deepEqual(ledger.balances(paymentId), ZERO);
  });
});

test('counts a succeeded sale as authorised and captured, and refundable in full', () => {
  withPayment({ kind: 'sale', amountMinor: 2500n }, (ledger, paymentId) => {
    journal(ledger, paymentId, 'purchase', 2500n, 'succeeded');
    assert.deepEqual(ledger.balances(paymentId), { ...ZERO, authorizedMinor: 2500n, capturedMinor: 2500n, refundableMinor: 2500n });
  });
});

test('counts a merchant-initiated charge on a sale like a purchase', () => {
  withPayment({ kind: 'sale', amountMinor: 999n }, (ledger, paymentId) => {
    journal(ledger, paymentId, 'mit', 999n, 'succeeded');
    assert.deepEqual(ledger.balances(paymentId), { ...ZERO, authorizedMinor: 999n, capturedMinor: 999n, refundableMinor: 999n });
  });
});

test('counts nothing for a declined or failed sale', () => {
  withPayment({ kind: 'sale' }, (ledger, paymentId) => {
    journal(ledger, paymentId, 'purchase', 1000n, 'declined');
    journal(ledger, paymentId, 'purchase', 1000n, 'failed');
    assert.deepEqual(ledger.balances(paymentId), ZERO);
  });
});

test('captures an authorisation in part, then refunds the captured part in two', () => {
  withPayment({ kind: 'auth', amountMinor: 10_000n }, (ledger, paymentId) => {
    journal(ledger, paymentId, 'authorize', 10_000n, 'succeeded');
    assert.equal(ledger.balances(paymentId).capturableMinor, 10_000n);
    assert.equal(ledger.balances(paymentId).refundableMinor, 0n);

    journal(ledger, paymentId, 'capture', 6_000n, 'succeeded');
    journal(ledger, paymentId, 'refund', 2_500n, 'succeeded');
    journal(ledger, paymentId, 'refund', 1_000n, 'succeeded');
    journal(ledger, paymentId, 'refund', 2_500n, 'declined');
    assert.deepEqual(ledger.balances(paymentId), {
      ...ZERO,
      authorizedMinor: 10_000n,
      capturedMinor: 6_000n,
      refundedMinor: 3_500n,
      capturableMinor: 4_000n,
      refundableMinor: 2_500n,
    });
  });
});

test('leaves nothing to capture once the rest of an authorisation is voided', () => {
  withPayment({ kind: 'auth', amountMinor: 5_000n }, (ledger, paymentId) => {
    journal(ledger, paymentId, 'authorize', 5_000n, 'succeeded');
    journal(ledger, paymentId, 'capture', 2_000n, 'succeeded');
    journal(ledger, paymentId, 'void', 3_000n, 'succeeded');
    assert.deepEqual(ledger.balances(paymentId), {
      ...ZERO,
      authorizedMinor: 5_000n,
      capturedMinor: 2_000n,
      voidedMinor: 3_000n,
      capturableMinor: 0n,
      refundableMinor: 2_000n,
    });
  });
});

test('reserves captures, refunds and voids whose outcome is not known yet', () => {
  withPayment({ kind: 'auth', amountMinor: 10_000n }, (ledger, paymentId) => {
    journal(ledger, paymentId, 'authorize', 10_000n, 'succeeded');
    journal(ledger, paymentId, 'capture', 4_000n, 'succeeded');
    journal(ledger, paymentId, 'capture', 1_000n, 'intent');
    journal(ledger, paymentId, 'capture', 1_000n, 'sent');
    journal(ledger, paymentId, 'refund', 500n, 'pending');
    journal(ledger, paymentId, 'refund', 700n, 'unknown');
    journal(ledger, paymentId, 'void', 2_000n, 'unknown');
    assert.deepEqual(ledger.balances(paymentId), {
      ...ZERO,
      authorizedMinor: 10_000n,
      capturedMinor: 4_000n,
      captureInFlightMinor: 2_000n,
      refundInFlightMinor: 1_200n,
      voidInFlightMinor: 2_000n,
      capturableMinor: 2_000n,
      refundableMinor: 2_800n,
    });
  });
});

test('never reports a negative capturable or refundable amount', () => {
  withPayment({ kind: 'auth', amountMinor: 1_000n }, (ledger, paymentId) => {
    journal(ledger, paymentId, 'authorize', 1_000n, 'succeeded');
    journal(ledger, paymentId, 'capture', 800n, 'succeeded');
    journal(ledger, paymentId, 'capture', 800n, 'unknown');
    journal(ledger, paymentId, 'refund', 800n, 'succeeded');
    journal(ledger, paymentId, 'refund', 100n, 'sent');
    const balances = ledger.balances(paymentId);
    assert.equal(balances.capturableMinor, 0n);
    assert.equal(balances.refundableMinor, 0n);
  });
});

test('has nothing capturable on a sale even with a capture journaled against it', () => {
  withPayment({ kind: 'sale', amountMinor: 1_000n }, (ledger, paymentId) => {
    journal(ledger, paymentId, 'purchase', 1_000n, 'succeeded');
    journal(ledger, paymentId, 'capture', 1_000n, 'succeeded');
    const balances = ledger.balances(paymentId);
    assert.equal(balances.capturedMinor, 1_000n);
    assert.equal(balances.capturableMinor, 0n);
  });
});

test('keeps the balances of each payment apart', () => {
  withPayment({ kind: 'sale', amountMinor: 300n }, (ledger, paymentId) => {
    const other = ledger.insertPayment(newPayment({ kind: 'sale', amountMinor: 700n }));
    journal(ledger, paymentId, 'purchase', 300n, 'succeeded');
    journal(ledger, other.id, 'purchase', 700n, 'succeeded');
    journal(ledger, other.id, 'refund', 100n, 'succeeded');
    assert.equal(ledger.balances(paymentId).refundableMinor, 300n);
    assert.equal(ledger.balances(other.id).refundableMinor, 600n);
  });
});

test('refuses balances for a payment that does not exist', () => {
  withPayment({}, (ledger) => {
    assert.throws(() => ledger.balances('pay_missing'), NotFoundError);
  });
});
