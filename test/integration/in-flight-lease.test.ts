/**
 * "Not found at the gateway" does not mean "never happened" while a call may still be open. Two
 * consoles share one ledger; the gateway takes 400 ms to record a refund. The second operator's
 * refund, a sync and a poller pass all run while the first refund is in flight: the console itself
 * refuses the second refund, and nothing concludes that the first one moved nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { isTestedGatewayId, type TestedGatewayId } from '../helpers/gateway-ids.ts';
import { availableGateways } from '../../electron/core/gateways/gateway-catalog.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';
import { systemClock } from '../../electron/core/ports.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

const LATENCY_MS = 400;
const year = new Date().getUTCFullYear() + 2;

/** How each gateway's sandbox gets a captured sale to refund (documented test cards). */
const SALES: Record<TestedGatewayId, { amount: string; currency: string; refund: string; card: { number: string; cvv: string }; otp?: string; email?: string }> = {
  'sibs-spg': { amount: '20.00', currency: 'EUR', refund: '20.00', card: { number: '4761340000000035', cvv: '536' } },
  'aci-oppwa': { amount: '20.00', currency: 'EUR', refund: '20.00', card: { number: '4200000000000000', cvv: '123' } },
  be2bill: { amount: '20.00', currency: 'EUR', refund: '20.00', card: { number: '5555556778250000', cvv: '123' } },
  sayswitch: { amount: '2000.00', currency: 'NGN', refund: '2000.00', card: { number: '4111111111111111', cvv: '123' }, otp: '123456', email: 'ada@example.ng' },
};

let sandbox: SandboxServer;
let dataDir: string;
const keychainService = `payments-console-test-lease-${randomBytes(4).toString('hex')}`;
const profiles = new Map<string, string>();
let first: TestCore;
let second: TestCore;

async function control(gatewayId: TestedGatewayId, path: string, body: unknown): Promise<void> {
  const response = await request(`${sandbox.baseUrl}/control/${gatewayId}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.statusCode, 200, await response.body.text());
}

const startCore = () => startTestCore({ dataDir, keychainService, sandbox: { enabled: false }, requestTimeoutMs: 5_000 });

before(async () => {
  const definitions = availableGateways();
  sandbox = await createSandboxServer({ definitions, clock: systemClock, port: 0 });
  dataDir = mkdtempSync(join(tmpdir(), 'console-lease-'));
  const setup = await startCore();
  for (const definition of definitions) {
    const id = definition.descriptor.id;
    const generated = sandbox.emulator(id).sandboxProfile();
    const profile = await setup.value('profiles:create', {
      name: `${definition.descriptor.displayName} (shared ledger)`,
      gatewayId: id,
      environment: 'sandbox',
      baseUrl: `${sandbox.baseUrl}${generated.baseUrlPath}`,
      options: generated.options,
    });
    profiles.set(id, profile.id);
    for (const [field, value] of Object.entries(generated.credentials)) await setup.value('credentials:set', { profileId: profile.id, field, value });
  }
  await setup.core.close();
  first = await startCore();
  second = await startCore();
});

after(async () => {
  await first.core.close();
  await second.close();
  removeDir(dataDir);
  await sandbox.close();
});

async function capturedSale(gatewayId: TestedGatewayId): Promise<string> {
  const sale = SALES[gatewayId];
  const outcome = await first.value('payments:createMoto', {
    profileId: profiles.get(gatewayId)!,
    kind: 'sale',
    money: { amount: sale.amount, currency: sale.currency },
    card: { ...sale.card, expiryMonth: 12, expiryYear: year, holder: 'Rita Almeida' },
    customer: sale.email ? { email: sale.email } : {},
  });
  if (sale.otp) await first.value('payments:continueAction', { paymentId: outcome.paymentId, otp: sale.otp });
  const detail = await first.value('payments:get', { paymentId: outcome.paymentId });
  assert.equal(detail.payment.status, 'captured', `${gatewayId}: the sale is captured`);
  return outcome.paymentId;
}

async function refundOperations(paymentId: string) {
  return (await first.core.internals.ledger.operations.listForPayment(paymentId)).filter((op) => op.kind === 'refund');
}

for (const definition of availableGateways()) {
  const gatewayId = definition.descriptor.id;
  if (!isTestedGatewayId(gatewayId)) throw new Error(`No sale is set out for the ${gatewayId} gateway in this test`);
  test(`${gatewayId}: two operators refund the same money while the gateway is slow — the console sends one refund`, async () => {
    const paymentId = await capturedSale(gatewayId);
    const { refund, currency } = SALES[gatewayId];
    // Only the refund is slow: lookups answer at once, before the gateway has recorded it.
    await control(gatewayId, '/faults', { faults: [], latency: [{ ms: LATENCY_MS, method: 'POST' }] });
    try {
      const input = { paymentId, amount: refund, expectedRefundable: refund, reason: 'Customer called twice' };
      const [a, b] = await Promise.all([first.call('payments:refund', input), second.call('payments:refund', input)]);
      const refused = [a, b].filter((envelope) => !envelope.ok);
      assert.equal(refused.length, 1, `${gatewayId}: exactly one of the two refunds is refused`);
      assert.equal(refused[0]!.ok ? null : refused[0]!.error.kind, 'conflict');
      const sent = await refundOperations(paymentId);
      assert.equal(sent.length, 1, `${gatewayId}: one refund reached the gateway (got ${sent.length} ${currency} refunds)`);
    } finally {
      await control(gatewayId, '/faults', { faults: [], latency: [] });
    }
    await first.value('payments:sync', { paymentId });
    const detail = await first.value('payments:get', { paymentId });
    // Sayswitch settles refunds later: until then the refund is pending and its amount reserved.
    assert.ok(['succeeded', 'pending'].includes((await refundOperations(paymentId))[0]?.state ?? ''));
    assert.equal(detail.payment.refundable, '0.00');
  });
}

test('a sync and a poller pass on another console while a refund is in flight leave it reserved, and its answer settles it', async () => {
  const paymentId = await capturedSale('sibs-spg');
  await control('sibs-spg', '/faults', { faults: [], latency: [{ ms: LATENCY_MS, method: 'POST', pathIncludes: '/refund' }] });
  try {
    const pending = first.call('payments:refund', { paymentId, amount: '5.00', expectedRefundable: '20.00', reason: 'Partial' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await second.value('payments:sync', { paymentId });
    await second.core.internals.poller.pass();
    const during = await second.value('payments:get', { paymentId });
    const op = during.operations.find((o) => o.kind === 'refund');
    assert.equal(op?.state, 'sent', 'a lookup during the call does not conclude "nothing moved"');
    assert.equal(during.payment.refundable, '15.00', 'the amount stays reserved');
    const answered = await pending;
    assert.ok(answered.ok);
  } finally {
    await control('sibs-spg', '/faults', { faults: [], latency: [] });
  }
  const detail = await second.value('payments:get', { paymentId });
  assert.equal(detail.operations.find((o) => o.kind === 'refund')?.state, 'succeeded');
  assert.equal(detail.payment.refunded, '5.00');
});

test('an operation whose holder died is looked up only after its lease and settle window have passed', async () => {
  const paymentId = await capturedSale('sibs-spg');
  const ledger = first.core.internals.ledger;
  const now = new Date();
  // What a console killed in the middle of a refund call leaves behind.
  await ledger.operations.insert({ id: 'op_dead_holder', paymentId, kind: 'refund', amountMinor: 300n, currency: 'EUR', merchantReference: `RF-DEAD-${randomBytes(4).toString('hex')}`, reason: 'Crash', operator: 'agent', createdAt: now });
  await ledger.operations.update('op_dead_holder', { state: 'sent', sentAt: now, inFlightUntil: new Date(now.getTime() + 600), leaseOwner: 'console-dead' });
  await second.core.internals.payments.recover({ origin: 'cli', operator: 'test-operator' });
  assert.equal((await ledger.operations.get('op_dead_holder'))?.state, 'sent', 'within the lease the gateway may still record it');
  const refused = await second.call('payments:refund', { paymentId, amount: '1.00', expectedRefundable: '17.00', reason: 'Second try' });
  assert.equal(refused.ok ? null : refused.error.kind, 'conflict');
  await new Promise((resolve) => setTimeout(resolve, 700));
  await second.core.internals.payments.recover({ origin: 'cli', operator: 'test-operator' });
  assert.equal((await ledger.operations.get('op_dead_holder'))?.state, 'failed', 'after the lease, "not found" means it never arrived');
  assert.equal((await second.value('payments:get', { paymentId })).payment.refundable, '20.00');
});
