/**
 * The status poller with a controllable clock (no real sleeping), the SIBS sandbox outside the
 * core so that it outlives restarts, and no webhooks unless a test turns them on: the poller is
 * then the only way a payment settles.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { sibsSpg } from '../../electron/core/gateways/sibs-spg/index.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { manualClock, type ManualClock } from '../helpers/manual-clock.ts';
import { wireCallsOf, wireLogOf } from '../helpers/wire-log.ts';

let clock: ManualClock;
let sandbox: SandboxServer;
const keychainService = `payments-console-test-poller-${process.pid}`;
const opened: TestCore[] = [];

async function consoleOn(dataDir: string, profileId?: string, options: { webhooks?: boolean } = {}): Promise<{ t: TestCore; profileId: string }> {
  const t = await startTestCore({ dataDir, keychainService, clock, sandbox: { enabled: false }, notifications: { enabled: options.webhooks ?? false }, requestTimeoutMs: 3_000 });
  opened.push(t);
  if (profileId) return { t, profileId };
  const generated = sandbox.emulator('sibs-spg').sandboxProfile();
  const profile = await t.value('profiles:create', { name: 'SIBS (poller)', gatewayId: 'sibs-spg', environment: 'sandbox', baseUrl: `${sandbox.baseUrl}${generated.baseUrlPath}`, options: generated.options });
  for (const [field, value] of Object.entries(generated.credentials)) await t.value('credentials:set', { profileId: profile.id, field, value });
  return { t, profileId: profile.id };
}

async function control(path: string, body: unknown): Promise<void> {
  const response = await request(`${sandbox.baseUrl}/control/sibs-spg${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.body.dump();
  assert.ok(response.statusCode < 300, `control ${path} answered ${response.statusCode}`);
}

async function passUntil(t: TestCore, done: () => boolean | Promise<boolean>, stepMs: number, maxSteps: number): Promise<number> {
  for (let step = 0; step < maxSteps; step++) {
    if (await done()) return step;
    clock.advance(stepMs);
    await t.core.internals.poller.pass();
  }
  return (await done()) ? maxSteps : -1;
}

async function statusOf(t: TestCore, paymentId: string): Promise<string> {
  return (await t.core.internals.ledger.payments.get(paymentId))?.status ?? 'missing';
}

before(async () => {
  clock = manualClock();
  sandbox = await createSandboxServer({ definitions: [sibsSpg], clock, port: 0 });
});
after(async () => {
  for (const t of opened) await t.core.close().catch(() => undefined);
  await createKeytarVault(keychainService).delete('x').catch(() => false);
  for (const t of opened) removeDir(t.dataDir);
  await sandbox.close();
});

describe('the status poller on SIBS', () => {
  test('a request that stays pending is asked again and again: the same answer is one wire entry with its count, and the payment\'s page does not grow', async () => {
    const { t, profileId } = await consoleOn(mkdtempSync(join(tmpdir(), 'poller-')));
    const outcome = await t.value('payments:requestMbway', { profileId, money: { amount: '4.20', currency: 'EUR' }, phone: '912345678' });
    await new Promise((resolve) => setImmediate(resolve));
    const polled = async () => (await wireLogOf(t, outcome.paymentId)).filter((entry) => entry.method === 'GET');
    await passUntil(t, async () => (await polled()).length > 0, 20_000, 10);
    const first = await t.value('payments:get', { paymentId: outcome.paymentId });
    const repeatsBefore = (await polled()).reduce((sum, entry) => sum + entry.repeats, 0);
    await passUntil(t, async () => (await polled()).reduce((sum, entry) => sum + entry.repeats, 0) >= repeatsBefore + 4, 20_000, 40);
    assert.equal(await statusOf(t, outcome.paymentId), 'pending');
    const checks = await polled();
    assert.equal(checks.length, 1, `one entry for the unchanged answer: ${JSON.stringify(checks.map((entry) => entry.responseBody))}`);
    assert.ok((checks[0]?.repeats ?? 0) >= repeatsBefore + 4, `counted: ${checks[0]?.repeats}`);
    assert.ok(checks[0]?.lastAt !== null && Date.parse(checks[0]?.lastAt ?? '') > Date.parse(checks[0]?.at ?? ''), 'the last repeat\'s time is kept');
    const later = await t.value('payments:get', { paymentId: outcome.paymentId });
    assert.equal(later.wireEntries, first.wireEntries, 'the page counts entries, and none was added');
    assert.equal('wire' in later, false, 'the page carries no wire entries: they are read a page at a time');
  });

  test('settles an MB WAY request within its approval window, then stops polling it and says so', async () => {
    const { t, profileId } = await consoleOn(mkdtempSync(join(tmpdir(), 'poller-')));
    const settled: string[] = [];
    t.core.door.subscribe((event, payload) => {
      if (event === 'payment:settled') settled.push((payload as { paymentId: string }).paymentId);
    });
    const started = clock.now().getTime();
    const outcome = await t.value('payments:requestMbway', { profileId, money: { amount: '9.90', currency: 'EUR' }, phone: '912345678' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok((await t.core.internals.ledger.schedule.get('payment', outcome.paymentId)), 'the pending request is on the schedule');
    clock.advance(20_000);
    const gatewayId = (await t.core.internals.ledger.payments.get(outcome.paymentId))!.gatewayTransactionId!;
    assert.equal((await sandbox.emulator('sibs-spg').performCustomerAction!('mbway.approve', gatewayId)).ok, true);
    const steps = await passUntil(t, async () => (await statusOf(t, outcome.paymentId)) === 'captured', 5_000, 20);
    assert.ok(steps >= 0, `still ${await statusOf(t, outcome.paymentId)}`);
    assert.ok(clock.now().getTime() - started < 4 * 60_000, 'settled within the 4-minute approval window');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal((await t.core.internals.ledger.schedule.get('payment', outcome.paymentId)), null);
    assert.deepEqual(settled, [outcome.paymentId]);
  });

  test('stops polling a Multibanco reference at its expiry', async () => {
    const { t, profileId } = await consoleOn(mkdtempSync(join(tmpdir(), 'poller-')));
    const outcome = await t.value('payments:createMultibancoReference', { profileId, money: { amount: '20.00', currency: 'EUR' }, validForHours: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    const entry = await t.core.internals.ledger.schedule.get('payment', outcome.paymentId);
    assert.ok(entry);
    assert.ok(entry.nextCheckAt.getTime() - clock.now().getTime() >= 8 * 60_000, 'a reference is looked at rarely');
    await passUntil(t, async () => (await t.core.internals.ledger.schedule.get('payment', outcome.paymentId)) === null, 5 * 60_000, 20);
    assert.ok(clock.now().getTime() >= Date.parse((await t.value('payments:get', { paymentId: outcome.paymentId })).payment.instructions!.expiresAt!), 'not before expiry');
    assert.ok(['expired', 'failed', 'needs_review'].includes(await statusOf(t, outcome.paymentId)), await statusOf(t, outcome.paymentId));
    const calls = await wireCallsOf(t, outcome.paymentId);
    clock.advance(24 * 3_600_000);
    await t.core.internals.poller.pass();
    assert.equal(await wireCallsOf(t, outcome.paymentId), calls, 'no call after expiry');
  });

  test('backs off on transport errors without losing the entry', async () => {
    const { t, profileId } = await consoleOn(mkdtempSync(join(tmpdir(), 'poller-')));
    const outcome = await t.value('payments:requestMbway', { profileId, money: { amount: '3.00', currency: 'EUR' }, phone: '912345678' });
    await new Promise((resolve) => setImmediate(resolve));
    await control('/faults', { faults: [{ fault: 'http-503', count: 3, pathIncludes: '/status' }] });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const entry = (await t.core.internals.ledger.schedule.get('payment', outcome.paymentId))!;
      clock.advance(entry.nextCheckAt.getTime() - clock.now().getTime());
      await t.core.internals.poller.pass();
      const after = await t.core.internals.ledger.schedule.get('payment', outcome.paymentId);
      assert.ok(after, 'the entry is kept');
      assert.equal(after.failures, i + 1);
      assert.ok(after.lastError);
      delays.push(after.nextCheckAt.getTime() - clock.now().getTime());
    }
    assert.ok(delays[2]! > delays[0]!, `backoff grows: ${delays.join(', ')}`);
    const entry = (await t.core.internals.ledger.schedule.get('payment', outcome.paymentId))!;
    clock.advance(entry.nextCheckAt.getTime() - clock.now().getTime());
    await t.core.internals.poller.pass();
    assert.equal((await t.core.internals.ledger.schedule.get('payment', outcome.paymentId))?.failures, 0, 'an answer resets the failures');
  });

  test('keeps the schedule across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'poller-'));
    const first = await consoleOn(dataDir);
    const outcome = await first.t.value('payments:requestMbway', { profileId: first.profileId, money: { amount: '4.00', currency: 'EUR' }, phone: '912345678' });
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(10_000);
    await first.t.core.internals.poller.pass();
    const before = await first.t.core.internals.ledger.schedule.get('payment', outcome.paymentId);
    assert.ok(before);
    await first.t.core.close();
    const second = await consoleOn(dataDir, first.profileId);
    assert.deepEqual(await second.t.core.internals.ledger.schedule.get('payment', outcome.paymentId), before);
  });

  test('moves a payment that never gets an answer to needs review after the horizon', async () => {
    const { t, profileId } = await consoleOn(mkdtempSync(join(tmpdir(), 'poller-')));
    const outcome = await t.value('payments:requestMbway', { profileId, money: { amount: '6.00', currency: 'EUR' }, phone: '912345678' });
    await new Promise((resolve) => setImmediate(resolve));
    await control('/faults', { faults: [{ fault: 'http-503', count: 1000, pathIncludes: '/status' }] });
    await passUntil(t, async () => (await statusOf(t, outcome.paymentId)) === 'needs_review', 60_000, 30);
    await control('/faults', { faults: [] });
    assert.equal(await statusOf(t, outcome.paymentId), 'needs_review');
    assert.equal((await t.core.internals.ledger.schedule.get('payment', outcome.paymentId)), null);
    const audit = await t.value('audit:list', { limit: 50 });
    assert.ok(audit.some((entry) => entry.action === 'payment.poll-horizon'));
  });
});

describe('a webhook and a poll answer in either order', () => {
  function encrypt(secretBase64: string, payload: unknown) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(secretBase64, 'base64'), iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return { body: body.toString('base64'), headers: { 'x-initialization-vector': iv.toString('base64'), 'x-authentication-tag': cipher.getAuthTag().toString('base64') } };
  }

  async function scenario(order: 'webhook-first' | 'poll-first'): Promise<{ status: string; capturedTransitions: number }> {
    const { t, profileId } = await consoleOn(mkdtempSync(join(tmpdir(), 'poller-')), undefined, { webhooks: true });
    const outcome = await t.value('payments:requestMbway', { profileId, money: { amount: '7.00', currency: 'EUR' }, phone: '912345678' });
    const payment = (await t.core.internals.ledger.payments.get(outcome.paymentId))!;
    await sandbox.emulator('sibs-spg').performCustomerAction!('mbway.approve', payment.gatewayTransactionId!);
    const secret = (await t.core.internals.vault.get(`${profileId}/webhookSecret`))!;
    const deliver = async () => {
      const encrypted = encrypt(secret, {
        returnStatus: { statusCode: '000', statusMsg: 'Success' },
        paymentStatus: 'Success',
        paymentMethod: 'MBWAY',
        transactionID: payment.gatewayTransactionId,
        transactionDateTime: clock.now().toISOString(),
        amount: { currency: 'EUR', value: 7 },
        merchant: { transactionId: payment.merchantReference },
        paymentType: 'PURS',
        notificationID: randomBytes(8).toString('hex'),
      });
      const response = await request(t.core.internals.notifications!.urlFor(profileId), { method: 'POST', headers: encrypted.headers, body: encrypted.body });
      await response.body.dump();
      assert.equal(response.statusCode, 200);
    };
    const poll = async () => {
      clock.advance(20_000);
      await t.core.internals.poller.pass();
    };
    if (order === 'webhook-first') {
      await deliver();
      await poll();
    } else {
      await poll();
      await deliver();
    }
    const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
    return { status: detail.payment.status, capturedTransitions: detail.statusHistory.filter((e) => e.to === 'captured').length };
  }

  test('give the same final state, applied once', async () => {
    const webhookFirst = await scenario('webhook-first');
    const pollFirst = await scenario('poll-first');
    assert.deepEqual(webhookFirst, { status: 'captured', capturedTransitions: 1 });
    assert.deepEqual(pollFirst, webhookFirst);
  });
});

describe('sync now from the queue', () => {
  test('counts as a check: attempts go up and the next automatic check is spaced from it', async () => {
    const { t, profileId } = await consoleOn(mkdtempSync(join(tmpdir(), 'poller-')));
    const outcome = await t.value('payments:requestMbway', { profileId, money: { amount: '2.50', currency: 'EUR' }, phone: '912345678' });
    await new Promise((resolve) => setImmediate(resolve));
    const before = (await t.core.internals.ledger.schedule.get('payment', outcome.paymentId))!;
    const result = await t.value('poller:syncNow', { paymentIds: [outcome.paymentId] });
    assert.deepEqual(result.results.map((r) => [r.ok, r.status]), [[true, 'pending']]);
    const after = (await t.core.internals.ledger.schedule.get('payment', outcome.paymentId))!;
    assert.equal(after.attempts, before.attempts + 1);
    assert.ok(after.lastCheckedAt && after.nextCheckAt.getTime() > after.lastCheckedAt.getTime());
    const queue = await t.value('poller:queue', {});
    assert.equal(queue.entries.find((e) => e.subjectId === outcome.paymentId)?.attempts, after.attempts);
  });
});
