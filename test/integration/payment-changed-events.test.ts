/**
 * `payment:changed` through a real core: it fires on every change of a payment's amounts,
 * operations or status (not only its status) and carries the summary a view patches itself from.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import type { EventPayload } from '../../shared/ipc/contract.ts';
import { refunded } from '../helpers/refund-outcome.ts';

const PROFILE = sandboxProfileId('aci-oppwa');
let t: TestCore;

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000 });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

function cardSale(amount: string) {
  const card = { number: '4200000000000000', cvv: '123', expiryMonth: 5, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Lena Berg' };
  return t.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount, currency: 'EUR' }, card });
}

function recordChanges(paymentId: () => string | null): { events: Array<EventPayload<'payment:changed'>>; settled: string[]; stop: () => void } {
  const events: Array<EventPayload<'payment:changed'>> = [];
  const settled: string[] = [];
  const stop = t.core.door.subscribe((event, payload) => {
    if (event === 'payment:settled') settled.push((payload as EventPayload<'payment:settled'>).paymentId);
    if (event !== 'payment:changed') return;
    const changed = payload as EventPayload<'payment:changed'>;
    if (changed.paymentId === paymentId()) events.push(changed);
  });
  return { events, settled, stop };
}

test('a second partial refund, which leaves the status as it was, is announced with the new refundable amount', async () => {
  const sale = await cardSale('30.00');
  refunded(await t.value('payments:refund', { paymentId: sale.paymentId, amount: '10.00', expectedRefundable: '30.00', reason: 'First' }));
  assert.equal((await t.value('payments:get', { paymentId: sale.paymentId })).payment.status, 'partially_refunded');

  const { events, settled, stop } = recordChanges(() => sale.paymentId);
  try {
    const second = refunded(await t.value('payments:refund', { paymentId: sale.paymentId, amount: '5.00', expectedRefundable: '20.00', reason: 'Second' }));
    assert.equal(second.paymentStatus, 'partially_refunded', 'the status does not change');
    await new Promise((resolve) => setImmediate(resolve));
    const last = events.at(-1);
    assert.ok(last, 'the refund is announced although the status stayed');
    assert.equal(last.status, 'partially_refunded');
    assert.equal(last.summary.id, sale.paymentId);
    assert.equal(last.summary.refunded, '15.00');
    assert.equal(last.summary.refundable, '15.00');
    assert.deepEqual(last.summary, (await t.value('payments:get', { paymentId: sale.paymentId })).payment, 'the summary is the one the payment page would read');
    assert.equal(events.length, 1, 'one announcement per change, not one per write');
    // The poller's schedule follows these events; an operator's refund must not read as the payment settling.
    assert.deepEqual(settled, [], 'no "payment received" for a refund');
  } finally {
    stop();
  }
});

test('a first partial refund, which also changes the status, is announced once', async () => {
  const sale = await cardSale('20.00');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const { events, stop } = recordChanges(() => sale.paymentId);
  try {
    refunded(await t.value('payments:refund', { paymentId: sale.paymentId, amount: '5.00', expectedRefundable: '20.00', reason: 'Part' }));
    // Announced inside the unit of work and again once it committed: both readings come after the commit.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(
      events.map((event) => [event.status, event.summary.refunded]),
      [['partially_refunded', '5.00']],
    );
  } finally {
    stop();
  }
});

test('a refund the gateway refuses before moving money changes nothing and announces nothing', async () => {
  const sale = await cardSale('12.00');
  const { events, stop } = recordChanges(() => sale.paymentId);
  try {
    const over = await t.call('payments:refund', { paymentId: sale.paymentId, amount: '12.01', expectedRefundable: '12.00', reason: 'Too much' });
    assert.equal(over.ok, false);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(events, [], 'bad input is refused before anything is written, so nothing is announced');
  } finally {
    stop();
  }
});
