/**
 * A change another console makes on the same ledger (here: its partial refund) reaches this
 * console's screens as payment:changed with the payment's summary, and the status badge gets the
 * counts as they now are. The ledger's feed of such changes comes from its backend; here the
 * listener is handed the change directly, over a real ledger written by a second port on the file.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createAuditor } from '../../electron/core/audit.ts';
import { LEDGER_FILE } from '../../electron/core/create-core.ts';
import { createEventBus } from '../../electron/core/door.ts';
import type { Ledger } from '../../electron/core/ledger/port.ts';
import { openSqliteLedgerPort } from '../../electron/core/ledger/sqlite-port.ts';
import { changesElsewhereListener } from '../../electron/core/payments/changes-elsewhere.ts';
import { createPaymentEngine } from '../../electron/core/payments/payment-engine.ts';
import { systemClock } from '../../electron/core/ports.ts';
import { quietLogger, removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;
let elsewhere: Ledger;

before(async () => {
  t = await startTestCore({ sandbox: { enabled: false }, notifications: { enabled: false } });
  elsewhere = openSqliteLedgerPort(join(t.dataDir, LEDGER_FILE));
});
after(async () => {
  await elsewhere.close();
  await t.close();
  removeDir(t.dataDir);
});

/** What another console leaves after a sale of 20.00 and a refund of 7.50 on it. */
async function refundedElsewhere(paymentId: string): Promise<void> {
  const at = new Date();
  await elsewhere.withTransaction(async () => {
    await elsewhere.payments.insert({
      id: paymentId, profileId: 'prof_elsewhere', profileName: 'Be2bill live', gatewayId: 'be2bill', environment: 'production', kind: 'sale', method: 'card', moto: true,
      status: 'partially_refunded', currency: 'EUR', amountMinor: 2_000n, merchantReference: `REF-${paymentId}`, description: null, customerName: null, customerEmail: null,
      customerPhone: null, card: null, imported: false, createdAt: at,
    });
    const sale = await elsewhere.operations.insert({ id: `op_sale_${paymentId}`, paymentId, kind: 'purchase', amountMinor: 2_000n, currency: 'EUR', merchantReference: `REF-${paymentId}`, reason: null, operator: 'other-operator', createdAt: at });
    await elsewhere.operations.update(sale.id, { state: 'succeeded', completedAt: at });
    const refund = await elsewhere.operations.insert({ id: `op_refund_${paymentId}`, paymentId, kind: 'refund', amountMinor: 750n, currency: 'EUR', merchantReference: `RF-${paymentId}`, reason: 'Returned', operator: 'other-operator', createdAt: at });
    await elsewhere.operations.update(refund.id, { state: 'succeeded', completedAt: at });
    // Something of the other console's still waits on the gateway: the badge must count it.
    await elsewhere.schedule.ensure({ subject: 'payment', subjectId: paymentId, gatewayId: 'be2bill', profileId: 'prof_elsewhere', firstSeenAt: at, nextCheckAt: at });
  });
}

test("another console's partial refund is announced with the payment's new amounts, once, and the badge counts follow", async () => {
  const paymentId = 'pay_refunded_elsewhere';
  await refundedElsewhere(paymentId);

  const { ledger, profiles } = t.core.internals;
  const bus = createEventBus(quietLogger);
  const engine = createPaymentEngine({ ledger, profiles, clock: systemClock, bus, auditor: createAuditor(ledger, systemClock), logger: quietLogger });
  const heard: Array<{ event: string; payload: unknown }> = [];
  bus.subscribe((event, payload) => heard.push({ event, payload }));
  const announced = new Promise<void>((resolve, reject) => {
    bus.subscribe((event) => event === 'payment:changed' && resolve());
    setTimeout(() => reject(new Error('payment:changed was not announced')), 5_000).unref();
  });

  const listener = changesElsewhereListener({ ledger, engine, bus, logger: quietLogger });
  // A batch may name a payment more than once (two writes of one refund).
  await listener([{ paymentId }, { paymentId }]);
  await announced;
  await new Promise((resolve) => setImmediate(resolve));

  const changed = heard.filter((entry) => entry.event === 'payment:changed');
  assert.equal(changed.length, 1, 'announced once');
  const payload = changed[0]!.payload as { paymentId: string; status: string; source: string; summary: { refunded: string; refundable: string; amount: string } };
  assert.equal(payload.paymentId, paymentId);
  assert.equal(payload.status, 'partially_refunded');
  assert.equal(payload.source, 'elsewhere');
  assert.deepEqual({ amount: payload.summary.amount, refunded: payload.summary.refunded, refundable: payload.summary.refundable }, { amount: '20.00', refunded: '7.50', refundable: '12.50' });
  assert.deepEqual(
    heard.filter((entry) => entry.event === 'poller:summary').map((entry) => entry.payload),
    [{ waiting: 1, needsReview: 0 }],
  );
});

test('an empty batch announces nothing', async () => {
  const { ledger, profiles } = t.core.internals;
  const bus = createEventBus(quietLogger);
  const engine = createPaymentEngine({ ledger, profiles, clock: systemClock, bus, auditor: createAuditor(ledger, systemClock), logger: quietLogger });
  const heard: string[] = [];
  bus.subscribe((event) => heard.push(event));
  await changesElsewhereListener({ ledger, engine, bus, logger: quietLogger })([]);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(heard, []);
});
