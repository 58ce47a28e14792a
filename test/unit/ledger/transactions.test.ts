import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError } from '../../../electron/core/errors.ts';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import { newOperation, newPayment, tempLedgerPath } from './ledger-fixtures.ts';

test('rolls back everything a failed transaction wrote', () => {
  const filePath = tempLedgerPath();
  const ledger = openSqliteLedger(filePath);
  const payment = newPayment({ kind: 'auth' });
  assert.throws(
    () =>
      ledger.transaction(() => {
        ledger.insertPayment(payment);
        ledger.insertOperation(newOperation(payment.id, { kind: 'authorize' }));
        ledger.appendAudit({ at: new Date(), operator: 'alice', origin: 'ui', action: 'payment.create', targetType: 'payment', targetId: payment.id, outcome: 'ok', details: {} });
        throw new Error('gateway profile vanished');
      }),
    /gateway profile vanished/,
  );
  assert.equal(ledger.getPayment(payment.id), null);
  assert.deepEqual(ledger.listUnresolvedOperations(), []);
  assert.deepEqual(ledger.listAudit(10), []);
  ledger.close();
  const reopened = openSqliteLedger(filePath);
  assert.equal(reopened.getPayment(payment.id), null);
  reopened.close();
});

test('commits the work of a transaction and returns its result', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  const stored = ledger.transaction(() => ledger.insertPayment(newPayment()));
  assert.equal(ledger.getPayment(stored.id)?.id, stored.id);
  ledger.close();
});

test('runs a nested transaction inside the outer one, committed together', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  const payment = newPayment();
  ledger.transaction(() => {
    ledger.insertPayment(payment);
    ledger.transaction(() => ledger.insertOperation(newOperation(payment.id, { kind: 'purchase' })));
  });
  assert.equal(ledger.listOperations(payment.id).length, 1);
  ledger.close();
});

test('undoes a failed inner transaction only, when the outer one catches it', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  const payment = newPayment();
  ledger.transaction(() => {
    ledger.insertPayment(payment);
    ledger.insertOperation(newOperation(payment.id, { kind: 'purchase', merchantReference: 'ref-dup' }));
    assert.throws(
      () =>
        ledger.transaction(() => {
          ledger.addStatusEvent({ paymentId: payment.id, at: new Date(), from: null, to: 'pending', source: 'operation', detail: null });
          ledger.insertOperation(newOperation(payment.id, { kind: 'refund', merchantReference: 'ref-dup' }));
        }),
      ConflictError,
    );
  });
  assert.ok(ledger.getPayment(payment.id));
  assert.equal(ledger.listOperations(payment.id).length, 1);
  assert.deepEqual(ledger.listStatusEvents(payment.id), []);
  ledger.close();
});

test('rolls back the outer transaction when a nested failure is not caught', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  const payment = newPayment();
  assert.throws(() =>
    ledger.transaction(() => {
      ledger.insertPayment(payment);
      ledger.transaction(() => {
        throw new Error('inner');
      });
    }),
  );
  assert.equal(ledger.getPayment(payment.id), null);
  ledger.transaction(() => ledger.insertPayment(newPayment()));
  ledger.close();
});

test('refuses asynchronous work, which would otherwise run after the commit', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  const payment = newPayment();
  assert.throws(
    () =>
      ledger.transaction(() => {
        ledger.insertPayment(payment);
        return Promise.resolve();
      }),
    /synchronous/,
  );
  assert.equal(ledger.getPayment(payment.id), null);
  ledger.close();
});

test('checks the balance and journals the intent atomically, so a second refund of the same money is refused', () => {
  const filePath = tempLedgerPath();
  const first = openSqliteLedger(filePath);
  const second = openSqliteLedger(filePath);
  const payment = first.insertPayment(newPayment({ kind: 'sale', amountMinor: 1_000n }));
  const purchase = first.insertOperation(newOperation(payment.id, { kind: 'purchase' }));
  first.updateOperation(purchase.id, { state: 'succeeded' });
  const refundIfAvailable = (ledger: typeof first, amountMinor: bigint): boolean =>
    ledger.transaction(() => {
      if (ledger.balances(payment.id).refundableMinor < amountMinor) return false;
      ledger.insertOperation(newOperation(payment.id, { kind: 'refund', amountMinor }));
      return true;
    });
  assert.equal(refundIfAvailable(first, 700n), true);
  assert.equal(refundIfAvailable(second, 700n), false, 'the other console sees the reserved intent');
  assert.equal(refundIfAvailable(second, 300n), true);
  assert.equal(second.balances(payment.id).refundableMinor, 0n);
  first.close();
  second.close();
});
