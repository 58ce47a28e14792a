/**
 * An operation whose outcome is unknown is looked up with the amount the journal holds for it, so
 * that the adapter can refuse a gateway record of another amount under the same merchant
 * reference instead of settling the operation on it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { LookedUpOperation } from '../../electron/core/gateways/types.ts';
import { startTestCore, removeDir, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;
before(async () => {
  t = await startTestCore();
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

test('a refund left unknown by a 503 is looked up with the journal\'s amount of the refund', async () => {
  const profiles = t.core.internals.profiles;
  const profileId = profiles.list().find((p) => p.gatewayId === 'sibs-spg')!.id;
  const lookups: Array<{ kind: string; operation: LookedUpOperation | undefined }> = [];
  const adapterFor = profiles.adapterFor.bind(profiles);
  profiles.adapterFor = (id, wire) => {
    const bound = adapterFor(id, wire);
    const lookupOperation = bound.adapter.lookupOperation.bind(bound.adapter);
    return {
      ...bound,
      adapter: {
        ...bound.adapter,
        lookupOperation: (kind, merchantReference, payment, operation) => {
          lookups.push({ kind, operation });
          return lookupOperation(kind, merchantReference, payment, operation);
        },
      },
    };
  };
  const made = await t.value('payments:createMoto', {
    profileId, kind: 'sale', money: { amount: '20.00', currency: 'EUR' },
    card: { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Rita Almeida' }, customer: {},
  });
  const faults = (plan: unknown[]) => request(`${t.core.info.sandboxBaseUrl}/control/sibs-spg/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ faults: plan }) });
  assert.equal((await faults([{ fault: 'http-503', phase: 'after', method: 'POST', count: 1 }])).statusCode, 200);
  await t.call('payments:refund', { paymentId: made.paymentId, amount: '7.50', expectedRefundable: '20.00', reason: 'Partly returned' });
  assert.equal((await faults([])).statusCode, 200);
  const refund = async () => (await t.core.internals.ledger.operations.listForPayment(made.paymentId)).find((o) => o.kind === 'refund')!;
  // Lookups conclude only after the sandbox's settle window (2 s).
  const deadline = Date.now() + 8_000;
  while ((await refund()).state !== 'succeeded' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await t.call('payments:sync', { paymentId: made.paymentId });
  }
  assert.equal((await refund()).state, 'succeeded');
  const refundLookups = lookups.filter((lookup) => lookup.kind === 'refund');
  assert.ok(refundLookups.length > 0, 'the refund was looked up');
  for (const lookup of refundLookups) assert.deepEqual(lookup.operation, { amountMinor: 750n });
});
