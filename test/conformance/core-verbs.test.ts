/**
 * Every core verb a gateway supports, through the core against its emulator over HTTP: the
 * console's status and the emulator's own book agree after each one.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestCore } from '../helpers/test-core.ts';
import { approvedPayment, bookedPayment, gateways, supports, reaches, sandboxControl, withConformanceCore, type SandboxControl } from './conformance-kit.ts';
import { refunded } from '../helpers/refund-outcome.ts';

let t: TestCore;
withConformanceCore((core) => {
  t = core;
});

for (const gateway of gateways) {
  const id = gateway.descriptor.id;
  describe(`${id}: core verbs against its emulator`, () => {
    let control: SandboxControl;
    before(async () => {
      control = await sandboxControl(t, gateway);
    });

    test('a sale is captured, and a sync leaves it as it is', async () => {
      const paymentId = await approvedPayment(t, gateway, 'sale', '12.00');
      const before = await t.value('payments:get', { paymentId });
      const synced = await t.value('payments:sync', { paymentId });
      assert.equal(synced.payment.status, 'captured');
      assert.equal(synced.payment.captured, '12.00');
      assert.deepEqual(synced.operations, before.operations, 'a sync of a settled payment adds no operation');
      const booked = await bookedPayment(t, control, paymentId);
      assert.equal(booked.kind, 'sale');
      assert.equal(booked.state, 'succeeded');
      assert.equal(booked.amountMinor, '1200');
    });

    test('an authorisation is captured in full', { skip: !supports(gateway, 'authorization') }, async () => {
      const paymentId = await approvedPayment(t, gateway, 'auth', '20.00');
      const capture = await t.value('payments:capture', { paymentId, amount: '20.00', expectedCapturable: '20.00' });
      assert.equal(capture.state, 'succeeded');
      assert.equal(capture.paymentStatus, 'captured');
      const booked = await bookedPayment(t, control, paymentId);
      assert.equal(booked.kind, 'auth');
      assert.deepEqual(
        booked.operations.map((operation) => [operation.kind, operation.state, operation.amountMinor]),
        [['capture', 'succeeded', '2000']],
      );
    });

    test('an authorisation is voided', { skip: !supports(gateway, 'authorization', 'void') }, async () => {
      const paymentId = await approvedPayment(t, gateway, 'auth', '15.00');
      const voided = await t.value('payments:void', { paymentId, expectedCapturable: '15.00' });
      assert.equal(voided.state, 'succeeded');
      assert.equal(voided.paymentStatus, 'voided');
      const booked = await bookedPayment(t, control, paymentId);
      assert.deepEqual(
        booked.operations.map((operation) => [operation.kind, operation.state]),
        [['void', 'succeeded']],
      );
    });

    test('a sale is refunded in full, once', async () => {
      const paymentId = await approvedPayment(t, gateway, 'sale', '30.00');
      const refund = refunded(await t.value('payments:refund', { paymentId, amount: '30.00', expectedRefundable: '30.00', reason: 'Conformance: full refund' }));
      assert.ok(refund.state === 'succeeded' || refund.state === 'pending', `the refund is ${refund.state}`);
      await reaches(t, paymentId, 'refunded');
      const detail = await t.value('payments:get', { paymentId });
      assert.equal(detail.payment.refundable, '0.00');
      const booked = await bookedPayment(t, control, paymentId);
      const refunds = booked.operations.filter((operation) => operation.kind === 'refund' && operation.state !== 'refused');
      assert.deepEqual(
        refunds.map((operation) => operation.amountMinor),
        ['3000'],
      );
    });
  });
}
