/**
 * A gateway code the console's table does not know sends the payment to a person: needs review,
 * never success nor failure. Each gateway's emulator plays it as its standard `unknown-code` scenario.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestCore } from '../helpers/test-core.ts';
import { gateways, payByCard, sandboxControl, standardScenario, withConformanceCore } from './conformance-kit.ts';

let t: TestCore;
withConformanceCore((core) => {
  t = core;
});

for (const gateway of gateways) {
  describe(`${gateway.descriptor.id}: an unknown gateway code`, () => {
    test('sends the payment to needs review, neither captured nor failed', async () => {
      const scenario = standardScenario(t, gateway, 'unknown-code');
      const control = await sandboxControl(t, gateway);
      await control.setFaults(scenario.faults ?? []);
      try {
        const payment = await payByCard(t, gateway, scenario, 'sale', '17.00');
        assert.equal(payment.status, 'needs_review');
        const detail = await t.value('payments:get', { paymentId: payment.paymentId });
        assert.equal(detail.payment.captured, '0.00', 'nothing is counted as captured');
        assert.ok(!detail.operations.some((operation) => operation.state === 'failed' || operation.state === 'succeeded'), `no operation is settled: ${JSON.stringify(detail.operations.map((op) => [op.kind, op.state]))}`);
      } finally {
        await control.setFaults([]);
      }
    });
  });
}
