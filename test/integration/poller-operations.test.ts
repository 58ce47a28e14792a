/**
 * Every non-final operation is followed until it is final, not only non-final payments: a refund
 * the gateway answered "pending" is put on the poller's schedule, looked up, and settled.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCore, removeDir, type TestCore } from '../helpers/test-core.ts';
import { refunded } from '../helpers/refund-outcome.ts';

let t: TestCore;
const card = { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Rui Lopes' };

before(async () => {
  t = await startTestCore();
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

test('a refund left pending is polled, looked up and settled; recovery follows it too', async () => {
  const { ledger, poller, payments } = t.core.internals;
  const profileId = t.core.internals.profiles.list().find((p) => p.gatewayId === 'sibs-spg')!.id;
  const sale = await t.value('payments:createMoto', { profileId, kind: 'sale', money: { amount: '30.00', currency: 'EUR' }, card });
  const refund = refunded(await t.value('payments:refund', { paymentId: sale.paymentId, amount: '10.00', expectedRefundable: '30.00', reason: 'Pending at first' }));
  // The gateway answered "pending" (SIBS InProcessing): the journal as it then stands.
  await ledger.withTransaction(async () => {
    await ledger.operations.update(refund.operationId, { state: 'pending', completedAt: null });
    await payments.engine.settleStatus(sale.paymentId, 'operation', 'refund pending');
  });
  assert.deepEqual(
    (await ledger.operations.listUnresolved()).map((op) => op.id),
    [refund.operationId],
    'a pending refund is unresolved for recovery, sync and the poller',
  );
  await poller.reconcile();
  assert.ok(await ledger.schedule.get('payment', sale.paymentId), 'the payment is on the schedule because of its pending refund');
  assert.equal((await t.value('payments:get', { paymentId: sale.paymentId })).payment.refundable, '20.00', 'the pending refund stays reserved');

  const settled: string[] = [];
  const stop = t.core.door.subscribe((event, payload) => {
    if (event === 'payment:settled') settled.push((payload as { paymentId: string }).paymentId);
  });
  await ledger.schedule.soon('payment', sale.paymentId, new Date(0));
  await poller.pass();
  await new Promise((resolve) => setImmediate(resolve));
  stop();
  assert.deepEqual(settled, [], 'a refund settling is not the payment being received');
  assert.equal((await ledger.operations.get(refund.operationId))?.state, 'succeeded');
  assert.equal((await ledger.schedule.get('payment', sale.paymentId)), null, 'off the schedule once every operation is final');
  const detail = await t.value('payments:get', { paymentId: sale.paymentId });
  assert.equal(detail.payment.status, 'partially_refunded');
  assert.equal(detail.payment.refunded, '10.00');

  // The same through the start-up pass.
  await ledger.operations.update(refund.operationId, { state: 'pending', completedAt: null });
  const summary = await payments.recover({ origin: 'cli', operator: 'test-operator' });
  assert.equal(summary.examined, 1);
  assert.equal((await ledger.operations.get(refund.operationId))?.state, 'succeeded');
});
