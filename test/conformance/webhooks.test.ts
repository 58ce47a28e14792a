/**
 * Webhooks from every gateway's emulator, through a relay that keeps a copy of each delivery: a
 * tampered delivery is refused with 401 and audited; a duplicated one and a batch delivered newest
 * first are each applied once, and never take a payment back to an older status.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../helpers/eventually.ts';
import type { TestCore } from '../helpers/test-core.ts';
import { approvedPayment, gateways, profileOf, supports, reaches, sandboxControl, withConformanceCore, type SandboxControl } from './conformance-kit.ts';
import { startWebhookRelay, tampered, type Delivery, type WebhookRelay } from './webhook-relay.ts';
import { refunded } from '../helpers/refund-outcome.ts';

let t: TestCore;
let relay: WebhookRelay;
withConformanceCore(async (core) => {
  t = core;
  const receiver = t.core.internals.notifications;
  assert.ok(receiver, 'the webhook receiver runs');
  relay = await startWebhookRelay(new URL(receiver.urlFor('origin')).origin);
});
after(() => relay.close());

function receiverUrl(profileId: string): string {
  const receiver = t.core.internals.notifications;
  assert.ok(receiver);
  return receiver.urlFor(profileId);
}

/** `notification.received` entries that were not refused as duplicates, by the gateway's event id: how many times each event was applied. */
async function appliedEvents(): Promise<Map<string, number>> {
  const applied = new Map<string, number>();
  for (const entry of await t.value('audit:list', { limit: 1000 })) {
    if (entry.action !== 'notification.received' || entry.outcome === 'duplicate') continue;
    const eventId = String((JSON.parse(entry.details) as { eventId?: unknown }).eventId);
    applied.set(eventId, (applied.get(eventId) ?? 0) + 1);
  }
  return applied;
}

async function duplicatesRefused(): Promise<number> {
  return (await t.value('audit:list', { limit: 1000 })).filter((entry) => entry.action === 'notification.received' && entry.outcome === 'duplicate').length;
}

function assertEachAppliedOnce(applied: Map<string, number>): void {
  for (const [eventId, times] of applied) assert.equal(times, 1, `event ${eventId} applied ${times} times`);
}

async function rejectionsOf(profileId: string): Promise<number> {
  return (await t.value('audit:list', { limit: 1000 })).filter((entry) => entry.action === 'notification.rejected' && entry.targetId === profileId).length;
}

/** Deliveries for the profile the relay received since `from`, once there are at least `least` different ones. */
function deliveriesSince(from: number, profileId: string, least = 1): Promise<Delivery[]> {
  const path = new URL(receiverUrl(profileId)).pathname;
  return eventually(() => {
    const mine = relay.deliveries.slice(from).filter((delivery) => delivery.target.split('?')[0] === path);
    return new Set(mine.map((delivery) => `${delivery.target} ${delivery.body}`)).size >= least ? mine : undefined;
  }, `${least} different webhook(s) for ${profileId}`);
}

for (const gateway of gateways) {
  const id = gateway.descriptor.id;
  const profileId = profileOf(gateway);
  describe(`${id}: webhooks`, { skip: !supports(gateway, 'webhooks') }, () => {
    let control: SandboxControl;
    before(async () => {
      control = await sandboxControl(t, gateway);
      await control.post('/notification-url', { url: relay.urlFor(receiverUrl(profileId)) });
    });
    after(async () => {
      relay.hold(false);
      await control.post('/notification-url', { url: receiverUrl(profileId) });
    });

    test('a tampered delivery is refused with 401 and audited', async () => {
      const from = relay.deliveries.length;
      await approvedPayment(t, gateway, 'sale', '11.00');
      const [genuine] = await deliveriesSince(from, profileId);
      assert.ok(genuine);
      const rejectedBefore = await rejectionsOf(profileId);
      const answer = await relay.send(tampered(genuine));
      assert.equal(answer.status, 401, `the receiver answered ${answer.status}: ${answer.body}`);
      assert.equal(await rejectionsOf(profileId), rejectedBefore + 1, 'the refusal is in the audit log');
    });

    test('a duplicated delivery is acknowledged and applied once', async () => {
      const from = relay.deliveries.length;
      await approvedPayment(t, gateway, 'sale', '13.00');
      const [first] = await deliveriesSince(from, profileId);
      assert.ok(first);
      // The relay passed it on; what it applied is in the audit log.
      await eventually(async () => ((await appliedEvents()).size > 0 ? true : undefined), 'the first delivery to be applied');
      const refusedBefore = await duplicatesRefused();
      const again = await relay.send(first);
      assert.ok(again.status < 300, `a duplicate is acknowledged so the gateway stops sending it (${again.status}: ${again.body})`);
      assert.ok((await duplicatesRefused()) > refusedBefore, 'the receiver saw the delivery as a duplicate');
      assertEachAppliedOnce(await appliedEvents());
    });

    test('a batch delivered newest first is applied once per event and leaves the payment in its latest status', async () => {
      relay.hold(true);
      const from = relay.deliveries.length;
      const paymentId = await approvedPayment(t, gateway, 'sale', '21.00');
      refunded(await t.value('payments:refund', { paymentId, amount: '21.00', expectedRefundable: '21.00', reason: 'Conformance: reordered webhooks' }));
      await reaches(t, paymentId, 'refunded');
      // The payment's event and the refund's, at least, each perhaps sent again while held.
      const batch = await deliveriesSince(from, profileId, 2);
      relay.hold(false);
      const operationsBefore = (await t.value('payments:get', { paymentId })).operations;
      for (const delivery of [...batch].reverse()) {
        const answer = await relay.send(delivery);
        assert.ok(answer.status < 300, `a held delivery is accepted (${answer.status}: ${answer.body})`);
      }
      assertEachAppliedOnce(await appliedEvents());
      const detail = await t.value('payments:get', { paymentId });
      assert.equal(detail.payment.status, 'refunded', 'an older event does not take the payment back');
      assert.deepEqual(
        detail.operations.map((operation) => [operation.kind, operation.state]),
        operationsBefore.map((operation) => [operation.kind, operation.state]),
        'the webhooks booked no second operation',
      );
    });
  });
}
