/**
 * The gateway acted and its answer was lost (the sandbox fault plan, phase `after`): the console
 * never calls the operation failed, resolves it by lookup, and the money moved exactly once.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestCore } from '../helpers/test-core.ts';
import { approvedPayment, bookedPayment, gateways, supports, reaches, sandboxControl, withConformanceCore, type SandboxControl } from './conformance-kit.ts';
import type { PaymentStatus } from '../../shared/domain/schemas.ts';
import { refunded } from '../helpers/refund-outcome.ts';

let t: TestCore;
withConformanceCore((core) => {
  t = core;
});

/** The connection drops once the emulator has acted on the next POST: the money-moving call. */
const LOST_ANSWER = [{ fault: 'reset', phase: 'after', method: 'POST', count: 1 }] as const;

async function withLostAnswer<T>(control: SandboxControl, call: () => Promise<T>): Promise<T> {
  await control.setFaults(LOST_ANSWER);
  try {
    const result = await call();
    const { faults } = (await control.get('/faults')) as { faults: unknown[] };
    assert.deepEqual(faults, [], 'the answer to the money-moving call was lost');
    return result;
  } finally {
    await control.setFaults([]);
  }
}

async function operationsOf(t: TestCore, paymentId: string, kind: 'refund' | 'capture') {
  return (await t.value('payments:get', { paymentId })).operations.filter((operation) => operation.kind === kind);
}

for (const gateway of gateways) {
  const id = gateway.descriptor.id;
  describe(`${id}: an answer lost after the gateway acted`, () => {
    let control: SandboxControl;
    before(async () => {
      control = await sandboxControl(t, gateway);
    });

    async function checkResolvedOnce(paymentId: string, kind: 'refund' | 'capture', amountMinor: string, finalStatus: PaymentStatus, outcome: { state: string }): Promise<void> {
      assert.notEqual(outcome.state, 'failed', 'a call whose answer was lost is never failed');
      await reaches(t, paymentId, finalStatus);
      const operations = await operationsOf(t, paymentId, kind);
      assert.deepEqual(
        operations.map((operation) => operation.state),
        ['succeeded'],
        `one ${kind}, resolved by lookup`,
      );
      const booked = await bookedPayment(t, control, paymentId);
      const moved = booked.operations.filter((operation) => operation.kind === kind && operation.state !== 'refused');
      assert.deepEqual(
        moved.map((operation) => operation.amountMinor),
        [amountMinor],
        `the gateway moved the money once`,
      );
    }

    test('a refund whose answer is lost is resolved by lookup and refunds once', async () => {
      const paymentId = await approvedPayment(t, gateway, 'sale', '40.00');
      const refund = refunded(await withLostAnswer(control, () => t.value('payments:refund', { paymentId, amount: '40.00', expectedRefundable: '40.00', reason: 'Conformance: lost answer' })));
      await checkResolvedOnce(paymentId, 'refund', '4000', 'refunded', refund);
    });

    test('a capture whose answer is lost is resolved by lookup and captures once', { skip: !supports(gateway, 'authorization') }, async () => {
      const paymentId = await approvedPayment(t, gateway, 'auth', '25.00');
      const capture = await withLostAnswer(control, () => t.value('payments:capture', { paymentId, amount: '25.00', expectedCapturable: '25.00' }));
      await checkResolvedOnce(paymentId, 'capture', '2500', 'captured', capture);
    });
  });
}
