/**
 * Nothing is lost on a crash and money never moves twice: operations left without an outcome are
 * resolved on the next start by asking the gateway, before anything else can act on the payment.
 * The sandbox runs outside the core here so that it outlives the core's restarts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { sibsSpg } from '../../electron/core/gateways/sibs-spg/index.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';
import { systemClock } from '../../electron/core/ports.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { refunded } from '../helpers/refund-outcome.ts';

let sandbox: SandboxServer;
let dataDir: string;
const keychainService = `payments-console-test-recovery-${process.pid}`;
let profileId = '';
const SETTLE_WINDOW_MS = 300;

/** Cores a failed test left open: closed after the tests, or their servers would keep this file's process alive. */
const openCores = new Set<TestCore['core']>();

async function startCore(): Promise<TestCore> {
  const t = await startTestCore({ dataDir, keychainService, sandbox: { enabled: false }, requestTimeoutMs: 2_000 });
  const close = t.core.close.bind(t.core);
  openCores.add(t.core);
  Object.assign(t.core, {
    close: async () => {
      openCores.delete(t.core);
      await close();
    },
  });
  return t;
}

async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await request(`${sandbox.baseUrl}/control/sibs-spg${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

before(async () => {
  sandbox = await createSandboxServer({ definitions: [sibsSpg], clock: systemClock, port: 0 });
  dataDir = mkdtempSync(join(tmpdir(), 'console-recovery-'));
  const t = await startCore();
  const generated = sandbox.emulator('sibs-spg').sandboxProfile();
  const profile = await t.value('profiles:create', {
    name: 'SIBS (external sandbox)',
    gatewayId: 'sibs-spg',
    environment: 'sandbox',
    baseUrl: `${sandbox.baseUrl}${generated.baseUrlPath}`,
    // The emulator records a request as it acts; a short settle window keeps the test quick.
    options: { ...generated.options, settleWindowMs: SETTLE_WINDOW_MS },
  });
  profileId = profile.id;
  for (const [field, value] of Object.entries(generated.credentials)) await t.value('credentials:set', { profileId, field, value });
  await t.core.close();
});

after(async () => {
  for (const core of openCores) await core.close().catch(() => undefined);
  const t = await startCore();
  await t.close();
  removeDir(dataDir);
  await sandbox.close();
});

test('a refund whose answer was lost is found applied on the next start, and never sent twice', async () => {
  let t = await startCore();
  const sale = await t.value('payments:createMoto', {
    profileId,
    kind: 'sale',
    money: { amount: '80.00', currency: 'EUR' },
    card: { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 1, holder: 'Rui Lopes' },
  });
  assert.equal(sale.paymentStatus, 'captured');

  // The emulator applies the refund, then drops the connection: the console cannot know. The
  // console's immediate lookup is dropped too, so only the next start can settle it.
  await control('POST', '/faults', { faults: [{ fault: 'reset', phase: 'after', pathIncludes: '/refund' }, { fault: 'reset', phase: 'before', method: 'GET' }] });
  const refund = refunded(await t.value('payments:refund', { paymentId: sale.paymentId, amount: '30.00', expectedRefundable: '80.00', reason: 'Lost answer' }));
  assert.equal(refund.state, 'unknown');
  assert.equal(refund.paymentStatus, 'unknown');
  const busy = await t.value('payments:get', { paymentId: sale.paymentId });
  assert.equal(busy.actions.refund, false, 'no new refund is offered while one is unresolved');
  assert.equal(busy.payment.refundable, '50.00', 'the unresolved refund stays reserved');
  await t.core.close();

  t = await startCore();
  const detail = await t.value('payments:get', { paymentId: sale.paymentId });
  const refunds = detail.operations.filter((op) => op.kind === 'refund');
  assert.equal(refunds.length, 1);
  assert.equal(refunds[0]?.state, 'succeeded');
  assert.equal(detail.payment.status, 'partially_refunded');
  assert.equal(detail.payment.refunded, '30.00');
  assert.ok(detail.statusHistory.some((event) => event.source === 'recovery'));

  const view = await control('GET', `/payments/${detail.payment.gatewayTransactionId}`);
  assert.equal(view.refunded, '30.00', 'the gateway refunded exactly once');
  assert.equal((view.operations as unknown[]).length, 1);
  await t.core.close();
});

test('a refund that never reached the gateway is marked failed once its settle window has passed, freeing the money', async () => {
  let t = await startCore();
  const sale = await t.value('payments:createMoto', {
    profileId,
    kind: 'sale',
    money: { amount: '15.00', currency: 'EUR' },
    card: { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 1, holder: 'Rui Lopes' },
  });
  await control('POST', '/faults', { faults: [{ fault: 'reset', phase: 'before', pathIncludes: '/refund' }] });
  const refund = refunded(await t.value('payments:refund', { paymentId: sale.paymentId, amount: '15.00', expectedRefundable: '15.00', reason: 'Connection dropped' }));
  assert.equal(refund.state, 'unknown');
  await t.core.close();

  // Within the settle window "not found" proves nothing: the refund stays unresolved and reserved.
  t = await startCore();
  const early = await t.value('payments:get', { paymentId: sale.paymentId });
  assert.equal(early.operations.find((op) => op.kind === 'refund')?.state, 'unknown');
  assert.equal(early.payment.refundable, '0.00');
  await t.core.close();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_WINDOW_MS + 100));

  t = await startCore();
  const detail = await t.value('payments:get', { paymentId: sale.paymentId });
  assert.equal(detail.operations.find((op) => op.kind === 'refund')?.state, 'failed');
  assert.equal(detail.payment.status, 'captured');
  assert.equal(detail.payment.refundable, '15.00');
  assert.equal(detail.actions.refund, true);
  await t.core.close();
});

test('an intent written just before a crash is closed as never sent', async () => {
  let t = await startCore();
  const sale = await t.value('payments:createMoto', {
    profileId,
    kind: 'sale',
    money: { amount: '7.00', currency: 'EUR' },
    card: { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 1, holder: 'Rui Lopes' },
  });
  // What the journal holds when the process dies between writing the intent and marking it sent.
  await t.core.internals.ledger.operations.insert({
    id: 'op_crashed_intent',
    paymentId: sale.paymentId,
    kind: 'refund',
    amountMinor: 700n,
    currency: 'EUR',
    merchantReference: 'RF-CRASHED-INTENT',
    reason: 'Crash',
    operator: 'test-operator',
    createdAt: new Date(),
  });
  await t.core.close();

  t = await startCore();
  const detail = await t.value('payments:get', { paymentId: sale.paymentId });
  const op = detail.operations.find((o) => o.id === 'op_crashed_intent');
  assert.equal(op?.state, 'failed');
  assert.equal(detail.payment.refunded, '0.00');
  assert.equal(detail.payment.status, 'captured');
  await t.core.close();
});
