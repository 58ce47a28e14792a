/**
 * SIBS's asynchronous flows through the core, against the sandbox over HTTP: MB WAY, Multibanco,
 * mandates, stored cards and MIT, and the webhook receiver (decrypt, dedupe, never backwards).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { request } from 'undici';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import type { PaymentStatus } from '../../shared/domain/schemas.ts';

const PROFILE = sandboxProfileId('sibs-spg');
let t: TestCore;

async function waitForStatus(paymentId: string, wanted: PaymentStatus, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const detail = await t.value('payments:get', { paymentId });
    last = detail.payment.status;
    if (last === wanted) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`payment ${paymentId} stayed ${last}, expected ${wanted}`);
}

async function waitForMandate(mandateId: string, wanted: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await t.value('mandates:list', {})).find((m) => m.id === mandateId)?.status ?? 'missing';
    if (last === wanted) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`mandate ${mandateId} stayed ${last}, expected ${wanted}`);
}

/** The documented SIBS webhook encryption (AES-256-GCM, Base64 body, IV and tag headers). */
function encryptWebhook(secretBase64: string, payload: unknown, tamper = false) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(secretBase64, 'base64'), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  if (tamper) tag[0] = (tag[0] ?? 0) ^ 0xff;
  return { body: body.toString('base64'), headers: { 'x-initialization-vector': iv.toString('base64'), 'x-authentication-tag': tag.toString('base64'), 'content-type': 'text/plain' } };
}

async function deliver(payload: unknown, tamper = false) {
  const secret = await t.core.internals.vault.get(`${PROFILE}/webhookSecret`);
  assert.ok(secret, 'the sandbox profile has a webhook secret in the keychain');
  const encrypted = encryptWebhook(secret, payload, tamper);
  const info = await t.value('app:info', {});
  const response = await request(`${info.notifications.baseUrl}/notifications/${PROFILE}`, { method: 'POST', headers: encrypted.headers, body: encrypted.body });
  return { status: response.statusCode, body: await response.body.text() };
}

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000 });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

describe('MB WAY', () => {
  test('a request approved by the customer becomes captured through the webhook', async () => {
    const outcome = await t.value('payments:requestMbway', { profileId: PROFILE, money: { amount: '15.90', currency: 'EUR' }, phone: '+351 912 345 678' });
    assert.equal(outcome.state, 'pending');
    assert.equal(outcome.paymentStatus, 'pending');
    const act = await t.value('sandbox:act', { action: 'mbway.approve', targetId: outcome.paymentId });
    assert.equal(act.ok, true, act.message);
    await waitForStatus(outcome.paymentId, 'captured');
    const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
    assert.equal(detail.payment.method, 'mbway');
    assert.ok(detail.statusHistory.some((e) => e.source === 'notification' || e.source === 'sync'));
  });

  test('a request the customer declines is declined', async () => {
    const outcome = await t.value('payments:requestMbway', { profileId: PROFILE, money: { amount: '4.00', currency: 'EUR' }, phone: '912345678' });
    await t.value('sandbox:act', { action: 'mbway.decline', targetId: outcome.paymentId });
    await waitForStatus(outcome.paymentId, 'declined');
  });

  test('refuses a landline before anything is recorded', async () => {
    const result = await t.call('payments:requestMbway', { profileId: PROFILE, money: { amount: '4.00', currency: 'EUR' }, phone: '212345678' });
    assert.equal(!result.ok && result.error.kind, 'validation');
  });
});

describe('Multibanco', () => {
  test('a reference shows entity, reference, amount and expiry, and is captured when paid', async () => {
    const outcome = await t.value('payments:createMultibancoReference', { profileId: PROFILE, money: { amount: '5.10', currency: 'EUR' }, validForHours: 48 });
    assert.equal(outcome.paymentStatus, 'pending');
    const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
    const instructions = detail.payment.instructions;
    assert.ok(instructions && instructions.type === 'multibanco');
    assert.match(instructions.entity, /^\d{5}$/);
    assert.match(instructions.reference, /^\d{9}$/);
    assert.equal(instructions.amount, '5.10');
    assert.ok(instructions.expiresAt && Date.parse(instructions.expiresAt) > Date.now() + 47 * 3_600_000);
    await t.value('sandbox:act', { action: 'reference.pay', targetId: outcome.paymentId });
    await waitForStatus(outcome.paymentId, 'captured');
  });
});

describe('stored cards and MIT', () => {
  test('a card stored on a MOTO sale can be charged again without the customer, and not after it is deleted', async () => {
    const sale = await t.value('payments:createMoto', {
      profileId: PROFILE,
      kind: 'sale',
      money: { amount: '30.00', currency: 'EUR' },
      storeCard: true,
      card: { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Joana Reis' },
    });
    assert.equal(sale.paymentStatus, 'captured');
    const token = (await t.value('tokens:list', { profileId: PROFILE })).find((tok) => tok.originPaymentId === sale.paymentId);
    assert.ok(token, 'the token is in the ledger');
    assert.equal(token.last4, '0035');
    const mit = await t.value('payments:chargeStored', { tokenId: token.id, money: { amount: '9.99', currency: 'EUR' }, recurrence: 'recurring', reason: 'Monthly subscription' });
    assert.equal(mit.state, 'succeeded');
    assert.equal(mit.paymentStatus, 'captured');
    const mitDetail = await t.value('payments:get', { paymentId: mit.paymentId });
    assert.equal(mitDetail.operations[0]?.kind, 'mit');
    assert.equal(mitDetail.payment.card?.last4, '0035');

    assert.deepEqual(await t.value('tokens:delete', { tokenId: token.id }), { deleted: true });
    const refused = await t.call('payments:chargeStored', { tokenId: token.id, money: { amount: '9.99', currency: 'EUR' }, recurrence: 'recurring', reason: 'After deletion' });
    assert.equal(!refused.ok && refused.error.kind, 'not_found');
  });
});

describe('MB WAY mandates', () => {
  test('create, approve, collect within the limit, refuse over it, cancel, then refuse to collect', async () => {
    const mandate = await t.value('mandates:create', { profileId: PROFILE, phone: '936543210', customerName: 'Rita Alves', mandateType: 'SUBSCRIPTION' });
    assert.equal(mandate.status, 'pending');
    await t.value('sandbox:act', { action: 'mandate.approve', targetId: mandate.id });
    await waitForMandate(mandate.id, 'active'); // the webhook brings the approval
    const synced = await t.value('mandates:sync', { mandateId: mandate.id });
    assert.equal(synced.status, 'active');
    assert.ok(synced.limit, 'the customer set a limit');

    const collection = await t.value('mandates:charge', { mandateId: mandate.id, money: { amount: '10.00', currency: 'EUR' } });
    assert.notEqual(collection.state, 'declined');
    await waitForStatus(collection.paymentId, 'captured');

    const over = await t.call('mandates:charge', { mandateId: mandate.id, money: { amount: '100000.00', currency: 'EUR' } });
    assert.equal(!over.ok && over.error.kind, 'validation');

    const cancelled = await t.value('mandates:cancel', { mandateId: mandate.id });
    assert.equal(cancelled.status, 'cancelled');
    const afterCancel = await t.call('mandates:charge', { mandateId: mandate.id, money: { amount: '1.00', currency: 'EUR' } });
    assert.equal(!afterCancel.ok && afterCancel.error.kind, 'conflict');
  });
});

describe('the webhook receiver', () => {
  test('refuses a delivery with a wrong tag, audits it, and changes nothing', async () => {
    const outcome = await t.value('payments:requestMbway', { profileId: PROFILE, money: { amount: '2.00', currency: 'EUR' }, phone: '912345678' });
    const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
    const forged = await deliver(
      { returnStatus: { statusCode: '000', statusMsg: 'Success' }, paymentStatus: 'Success', paymentMethod: 'MBWAY', transactionID: detail.payment.gatewayTransactionId, transactionDateTime: new Date().toISOString(), amount: { currency: 'EUR', value: 2 }, merchant: { transactionId: detail.payment.merchantReference }, paymentType: 'PURS', notificationID: randomBytes(8).toString('hex') },
      true,
    );
    assert.equal(forged.status, 401);
    assert.equal((await t.value('payments:get', { paymentId: outcome.paymentId })).payment.status, 'pending');
    const audit = await t.value('audit:list', { limit: 20 });
    assert.ok(audit.some((entry) => entry.action === 'notification.rejected'));
  });

  test('applies a delivery once, ignores its duplicate, and never lets an older event move the payment back', async () => {
    const outcome = await t.value('payments:requestMbway', { profileId: PROFILE, money: { amount: '3.00', currency: 'EUR' }, phone: '912345678' });
    const { payment } = await t.value('payments:get', { paymentId: outcome.paymentId });
    const base = { returnStatus: { statusCode: '000', statusMsg: 'Success' }, paymentMethod: 'MBWAY', transactionID: payment.gatewayTransactionId, amount: { currency: 'EUR', value: 3 }, merchant: { transactionId: payment.merchantReference }, paymentType: 'PURS' };
    const now = Date.now();
    const success = { ...base, paymentStatus: 'Success', transactionDateTime: new Date(now).toISOString(), notificationID: randomBytes(8).toString('hex') };
    const olderPending = { ...base, paymentStatus: 'Pending', transactionDateTime: new Date(now - 60_000).toISOString(), notificationID: randomBytes(8).toString('hex') };

    const first = await deliver(success);
    assert.equal(first.status, 200);
    assert.ok(first.body.includes(success.notificationID), 'the acknowledgement echoes the notificationID');
    await waitForStatus(outcome.paymentId, 'captured');
    const duplicate = await deliver(success);
    assert.equal(duplicate.status, 200);
    const late = await deliver(olderPending);
    assert.equal(late.status, 200);

    const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
    assert.equal(detail.payment.status, 'captured');
    assert.equal(detail.statusHistory.filter((e) => e.to === 'captured').length, 1, 'the change was applied once');
    const audit = await t.value('audit:list', { limit: 50 });
    assert.ok(audit.some((entry) => entry.action === 'notification.received' && entry.outcome === 'duplicate'));
  });
});

describe('3-D Secure on a card payment', () => {
  test('is shown as requiring action, never as success or failure, and completes when continued', async () => {
    const outcome = await t.value('payments:createMoto', {
      profileId: PROFILE,
      kind: 'sale',
      money: { amount: '44.00', currency: 'EUR' },
      // Sandbox scenario card that asks for 3-D Secure even on a MOTO checkout.
      card: { number: '4000000000003220', cvv: '123', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 1, holder: 'Tiago Sousa' },
    });
    assert.equal(outcome.state, 'pending');
    assert.equal(outcome.paymentStatus, 'requires_action');
    assert.ok(outcome.pendingAction?.type.startsWith('THREEDS'));
    const before = await t.value('payments:get', { paymentId: outcome.paymentId });
    assert.equal(before.actions.continueAction, true);
    assert.equal(before.actions.refund, false);

    await t.value('sandbox:act', { action: 'threeds.complete', targetId: outcome.paymentId });
    const continued = await t.value('payments:continueAction', { paymentId: outcome.paymentId });
    assert.equal(continued.paymentStatus, 'captured');
    const after = await t.value('payments:get', { paymentId: outcome.paymentId });
    assert.equal(after.payment.pendingAction, null);
    assert.equal(after.actions.refund, true);
  });
});
