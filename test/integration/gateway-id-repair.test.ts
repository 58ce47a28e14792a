/**
 * A payment that moved money must stay manageable: refund, capture and void need the gateway's id.
 * A webhook that beats the HTTP answer carries that id, and a payment that lost it anyway (the
 * process died before the answer landed) gets it back from the gateway by merchant reference.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createNotificationApplier } from '../../electron/core/notify/notification-receiver.ts';
import { systemClock } from '../../electron/core/ports.ts';
import { startTestCore, removeDir, type TestCore } from '../helpers/test-core.ts';
import { refunded } from '../helpers/refund-outcome.ts';

let t: TestCore;
const year = new Date().getUTCFullYear() + 2;
const card = { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: year, holder: 'Rui Lopes' };

before(async () => {
  t = await startTestCore();
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

test('a webhook that arrives before the HTTP answer gives the payment its gateway id', async () => {
  const { ledger, payments, mandates } = t.core.internals;
  const now = new Date();
  const profile = t.core.internals.profiles.list().find((p) => p.gatewayId === 'sibs-spg')!;
  // The journal while the sale's call is still open: sent, no id yet.
  await ledger.payments.insert({
    id: 'pay_early_webhook', profileId: profile.id, profileName: profile.name, gatewayId: 'sibs-spg', environment: 'sandbox', kind: 'sale', method: 'card', moto: true,
    status: 'unknown', currency: 'EUR', amountMinor: 1_000n, merchantReference: 'MOTO-EARLY-1', description: null, customerName: null, customerEmail: null, customerPhone: null,
    card: null, imported: false, createdAt: now,
  });
  await ledger.operations.insert({ id: 'op_early_webhook', paymentId: 'pay_early_webhook', kind: 'purchase', amountMinor: 1_000n, currency: 'EUR', merchantReference: 'MOTO-EARLY-1', reason: null, operator: 'agent', createdAt: now });
  await ledger.operations.update('op_early_webhook', { state: 'sent', sentAt: now, inFlightUntil: new Date(now.getTime() + 60_000), leaseOwner: 'console-elsewhere' });

  const apply = createNotificationApplier({ ledger, engine: payments.engine, mandates, clock: systemClock });
  const effect = await ledger.withTransaction(async () =>
    apply(profile.id, 'sibs-spg', {
      eventId: 'evt-early-1', subject: 'payment', gatewayTransactionId: 's2TXEARLY1', merchantReference: 'MOTO-EARLY-1', status: 'captured', final: true,
      mandateStatus: null, occurredAt: now, gatewayCode: '000', gatewayMessage: 'Success', token: null,
    }),
  );
  assert.equal(effect, 'applied');
  const payment = (await ledger.payments.get('pay_early_webhook'))!;
  assert.equal(payment.status, 'captured');
  assert.equal(payment.gatewayTransactionId, 's2TXEARLY1', 'the id is kept although the answer never landed');
  assert.equal((await ledger.operations.get('op_early_webhook'))?.gatewayOperationId, 's2TXEARLY1');
});

test('recovery and sync find the gateway id of a settled payment that lacks it, by merchant reference', async () => {
  const profileId = t.core.internals.profiles.list().find((p) => p.gatewayId === 'sibs-spg')!.id;
  const { ledger } = t.core.internals;
  const made = [];
  for (let i = 0; i < 2; i++) {
    const sale = await t.value('payments:createMoto', { profileId, kind: 'sale', money: { amount: '12.00', currency: 'EUR' }, card });
    const id = (await ledger.payments.get(sale.paymentId))!.gatewayTransactionId!;
    // What a crash between the webhook and the answer used to leave: captured, no id.
    await ledger.payments.update(sale.paymentId, { gatewayTransactionId: null }, new Date());
    made.push({ paymentId: sale.paymentId, id });
  }
  const refused = await t.call('payments:refund', { paymentId: made[1]!.paymentId, amount: '1.00', expectedRefundable: '12.00', reason: 'x' });
  assert.equal(refused.ok, false, 'without the id nothing can be refunded');

  const summary = await t.core.internals.payments.recover({ origin: 'cli', operator: 'test-operator' });
  assert.ok(summary.repaired >= 1);
  assert.equal((await ledger.payments.get(made[0]!.paymentId))?.gatewayTransactionId, made[0]!.id);

  await ledger.payments.update(made[1]!.paymentId, { gatewayTransactionId: null }, new Date());
  await t.value('payments:sync', { paymentId: made[1]!.paymentId });
  assert.equal((await ledger.payments.get(made[1]!.paymentId))?.gatewayTransactionId, made[1]!.id);
  const refund = refunded(await t.value('payments:refund', { paymentId: made[1]!.paymentId, amount: '1.00', expectedRefundable: '12.00', reason: 'Repaired' }));
  assert.equal(refund.state, 'succeeded');
});
