/**
 * The SQLite store's payment change log (migration 8): written with the change it records, rolled
 * back with it, named by writer, and trimmed of rows older than every console's poll.
 */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import { newOperation, newPayment, tempLedgerPath } from './ledger-fixtures.ts';

test('payment and operation writes are logged with their writer; a rolled-back write is not', () => {
  const path = tempLedgerPath();
  const a = openSqliteLedger(path);
  const b = openSqliteLedger(path);
  const payment = a.insertPayment(newPayment());
  const operation = a.insertOperation(newOperation(payment.id, { kind: 'purchase' }));
  b.updateOperation(operation.id, { state: 'succeeded' });
  assert.throws(() =>
    b.transaction(() => {
      b.updatePayment(payment.id, { status: 'failed' }, new Date());
      throw new Error('undo');
    }),
  );
  b.updateOperation(operation.id, {});
  const logged = a.changesSince(0, 100);
  assert.deepEqual(
    logged.map((change) => [change.paymentId, change.writer]),
    [
      [payment.id, a.writer],
      [payment.id, a.writer],
      [payment.id, b.writer],
    ],
    'an empty patch changes nothing and logs nothing',
  );
  assert.equal(a.lastChangeSeq(), logged[2]?.seq);
  assert.deepEqual(a.changesSince(logged[1]!.seq, 100), [logged[2]]);
  a.close();
  b.close();
});

test('rows older than ten minutes go with a later write, at most once a minute', () => {
  mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-05-01T10:00:00.000Z') });
  try {
    const ledger = openSqliteLedger(tempLedgerPath());
    const logged = (): string[] => ledger.changesSince(0, 100).map((change) => change.paymentId);
    const a = ledger.insertPayment(newPayment()).id;
    assert.deepEqual(logged(), [a]);
    mock.timers.tick(30_000);
    const b = ledger.insertPayment(newPayment()).id;
    mock.timers.tick(10 * 60_000);
    const c = ledger.insertPayment(newPayment()).id;
    assert.deepEqual(logged(), [b, c], 'the row older than ten minutes is gone, the younger one stays');
    mock.timers.tick(30_000);
    const d = ledger.insertPayment(newPayment()).id;
    assert.deepEqual(logged(), [b, c, d], 'no trimming within a minute of the last');
    mock.timers.tick(31_000);
    const e = ledger.insertPayment(newPayment()).id;
    assert.deepEqual(logged(), [c, d, e]);
    ledger.close();
  } finally {
    mock.timers.reset();
  }
});
