/**
 * A gateway may throttle or fail after it has acted. A 429 or a 5xx answer to a refund is therefore
 * never journaled "failed, nothing moved": the outcome is unknown, the amount stays reserved, and a
 * lookup settles it to what the gateway did.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { TestedGatewayId } from '../helpers/gateway-ids.ts';
import { startTestCore, removeDir, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;
const year = new Date().getUTCFullYear() + 2;
const SALES: Record<TestedGatewayId, { amount: string; currency: string; card: { number: string; cvv: string }; otp?: string; email?: string }> = {
  'sibs-spg': { amount: '20.00', currency: 'EUR', card: { number: '4761340000000035', cvv: '536' } },
  'aci-oppwa': { amount: '20.00', currency: 'EUR', card: { number: '4200000000000000', cvv: '123' } },
  be2bill: { amount: '20.00', currency: 'EUR', card: { number: '5555556778250000', cvv: '123' } },
  sayswitch: { amount: '2000.00', currency: 'NGN', card: { number: '4111111111111111', cvv: '123' }, otp: '123456', email: 'ada@example.ng' },
};

before(async () => {
  t = await startTestCore();
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

async function faults(gatewayId: TestedGatewayId, plan: unknown[]): Promise<void> {
  const response = await request(`${t.core.info.sandboxBaseUrl}/control/${gatewayId}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ faults: plan }) });
  assert.equal(response.statusCode, 200, await response.body.text());
}

for (const gatewayId of Object.keys(SALES) as TestedGatewayId[]) {
  for (const fault of ['http-429', 'http-503'] as const) {
    test(`${gatewayId}: a refund answered ${fault} after the gateway acted ends refunded once, never "failed"`, async () => {
      const sale = SALES[gatewayId];
      const profileId = t.core.internals.profiles.list().find((p) => p.gatewayId === gatewayId)!.id;
      const made = await t.value('payments:createMoto', {
        profileId, kind: 'sale', money: { amount: sale.amount, currency: sale.currency },
        card: { ...sale.card, expiryMonth: 12, expiryYear: year, holder: 'Rita Almeida' }, customer: sale.email ? { email: sale.email } : {},
      });
      if (sale.otp) await t.value('payments:continueAction', { paymentId: made.paymentId, otp: sale.otp });
      await faults(gatewayId, [{ fault, phase: 'after', method: 'POST', count: 1 }]);
      const refund = await t.call('payments:refund', { paymentId: made.paymentId, amount: sale.amount, expectedRefundable: sale.amount, reason: 'Throttled' });
      await faults(gatewayId, []);
      const op = async () => (await t.core.internals.ledger.operations.listForPayment(made.paymentId)).find((o) => o.kind === 'refund')!;
      assert.notEqual((await op()).state, 'failed', `the throttled refund is not concluded failed (${refund.ok ? '' : refund.error.message})`);
      assert.equal((await t.value('payments:get', { paymentId: made.paymentId })).payment.refundable, '0.00', 'its amount stays reserved');
      // Lookups are honest only after the settle window (2 s in the sandbox).
      const deadline = Date.now() + 8_000;
      while (!['succeeded', 'pending'].includes((await op()).state) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await t.call('payments:sync', { paymentId: made.paymentId });
      }
      assert.ok(['succeeded', 'pending'].includes((await op()).state), `settled to what the gateway did (now ${(await op()).state})`);
      assert.equal((await t.core.internals.ledger.operations.listForPayment(made.paymentId)).filter((o) => o.kind === 'refund').length, 1);
    });
  }
}
