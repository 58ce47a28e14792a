/**
 * Sayswitch through the core against the sandbox over HTTP: OTP and hosted 3-D Secure card
 * charges, bank transfer, full refunds only, key checks and signed webhooks.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import type { PaymentStatus } from '../../shared/domain/schemas.ts';
import { refunded } from '../helpers/refund-outcome.ts';

const PROFILE = sandboxProfileId('sayswitch');
let t: TestCore;

function card(number: string, cvv = '123') {
  return { number, cvv, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3, holder: 'Chidi Okafor' };
}

async function waitForStatus(paymentId: string, wanted: PaymentStatus, sync = false, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (sync) await t.call('payments:sync', { paymentId });
    last = (await t.value('payments:get', { paymentId })).payment.status;
    if (last === wanted) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  assert.fail(`payment ${paymentId} stayed ${last}, expected ${wanted}`);
}

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000 });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

describe('card charges on Sayswitch', () => {
  test('an OTP read out by the customer completes the charge; fees do not change the amount', async () => {
    const outcome = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '5000.00', currency: 'NGN' }, customer: { email: 'chidi@example.ng' }, card: card('4111111111111111') });
    assert.equal(outcome.paymentStatus, 'requires_action');
    assert.equal(outcome.pendingAction?.type, 'OTP');
    const done = await t.value('payments:continueAction', { paymentId: outcome.paymentId, otp: '123456' });
    assert.equal(done.paymentStatus, 'captured');
    const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
    assert.equal(detail.payment.amount, '5000.00');
    assert.equal(detail.payment.captured, '5000.00');
  });

  test('a wrong OTP declines the charge', async () => {
    const outcome = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '1500.00', currency: 'NGN' }, customer: { email: 'chidi@example.ng' }, card: card('4111111111111111') });
    const wrong = await t.value('payments:continueAction', { paymentId: outcome.paymentId, otp: '000000' });
    assert.ok(['declined', 'failed'].includes(wrong.paymentStatus), wrong.paymentStatus);
  });

  test('a hosted 3-D Secure page finished by the customer is settled by verify', async () => {
    const outcome = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '2500.00', currency: 'NGN' }, customer: { email: 'chidi@example.ng' }, card: card('4242424242424242') });
    assert.equal(outcome.paymentStatus, 'requires_action');
    assert.ok(outcome.pendingAction?.url, 'the page to finish out of band is shown');
    await t.value('sandbox:act', { action: 'otp.complete', targetId: outcome.paymentId });
    await waitForStatus(outcome.paymentId, 'captured', true);
  });

  test('refunds only in full, and says why', async () => {
    const outcome = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '800.00', currency: 'NGN' }, customer: { email: 'chidi@example.ng' }, card: card('4111111111111111') });
    await t.value('payments:continueAction', { paymentId: outcome.paymentId, otp: '123456' });
    const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
    assert.equal(detail.refundPolicy.partial, false);
    assert.ok(detail.refundPolicy.note);
    const partial = await t.call('payments:refund', { paymentId: outcome.paymentId, amount: '100.00', expectedRefundable: '800.00', reason: 'Partial' });
    assert.equal(!partial.ok && partial.error.kind, 'not_supported');
    const full = refunded(await t.value('payments:refund', { paymentId: outcome.paymentId, amount: '800.00', expectedRefundable: '800.00', reason: 'Order cancelled' }));
    assert.ok(['succeeded', 'pending'].includes(full.state), full.state);
    await t.value('sandbox:act', { action: 'refund.settle', targetId: outcome.paymentId }).catch(() => undefined);
    await waitForStatus(outcome.paymentId, 'refunded', true);
  });
});

describe('card charges whose 3-D Secure step cannot be used', () => {
  async function emulatorSettings(patch: Record<string, unknown>): Promise<void> {
    const { baseUrl } = await t.value('sandbox:info', {});
    const response = await request(`${baseUrl ?? ''}/control/sayswitch/settings`, { method: 'POST', body: JSON.stringify(patch) });
    assert.equal(response.statusCode, 200);
    await response.body.dump();
  }

  test('are recorded pending and followed by verify, never failed, while Sayswitch holds them', async () => {
    // Sayswitch reads the link step in plaintext while this profile encrypts it: the step is refused.
    await emulatorSettings({ payloadEncryption: true, encryptedLinkSteps: false });
    await t.value('profiles:update', { id: PROFILE, options: { payloadEncryption: true, encryptLinkSteps: true } });
    try {
      const outcome = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '3000.00', currency: 'NGN' }, customer: { email: 'chidi@example.ng' }, card: card('5204730000002449', '244') });
      assert.notEqual(outcome.state, 'failed');
      assert.ok(['pending', 'unknown'].includes(outcome.paymentStatus), outcome.paymentStatus);
      const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
      assert.notEqual(detail.payment.status, 'failed');
    } finally {
      await t.value('profiles:update', { id: PROFILE, options: { payloadEncryption: false, encryptLinkSteps: false } });
      await emulatorSettings({ payloadEncryption: false });
    }
  });
});

describe('bank transfer on Sayswitch', () => {
  test('shows the virtual account to read out and is captured when the customer pays', async () => {
    const outcome = await t.value('payments:requestBankTransfer', { profileId: PROFILE, money: { amount: '12000.00', currency: 'NGN' }, customer: { email: 'ada@example.ng', name: 'Ada Eze' } });
    assert.equal(outcome.paymentStatus, 'pending');
    const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
    const instructions = detail.payment.instructions;
    assert.ok(instructions && instructions.type === 'bank_transfer');
    assert.match(instructions.accountNumber, /^\d{10}$/);
    assert.equal(instructions.amount, '12000.00');
    await t.value('sandbox:act', { action: 'transfer.pay', targetId: outcome.paymentId });
    await waitForStatus(outcome.paymentId, 'captured');
  });
});

describe('USSD on Sayswitch', () => {
  test('lists the banks, shows the code to read out, and follows the payment to captured', async () => {
    const banks = await t.value('payments:ussdBanks', { profileId: PROFILE });
    const gtb = banks.find((bank) => bank.code === 'GTB');
    assert.ok(gtb, 'the gateway lists GTBank');
    const outcome = await t.value('payments:requestUssd', { profileId: PROFILE, money: { amount: '7500.00', currency: 'NGN' }, bankCode: gtb.code, customer: { email: 'ada@example.ng' } });
    assert.deepEqual([outcome.state, outcome.paymentStatus], ['pending', 'pending']);
    const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
    assert.equal(detail.payment.method, 'ussd');
    const instructions = detail.payment.instructions;
    assert.ok(instructions?.type === 'ussd');
    assert.match(instructions.code, /^\*737\*000\*\d{4}#$/);
    assert.deepEqual([instructions.bankName, instructions.amount, instructions.currency], ['Guaranty Trust Bank', '7500.00', 'NGN']);
    assert.ok(instructions.expiresAt);
    await t.value('sandbox:act', { action: 'ussd.pay', targetId: outcome.paymentId });
    await waitForStatus(outcome.paymentId, 'captured', true);
  });

  test('refuses a bank the gateway does not list, and a gateway without USSD, recording nothing', async () => {
    const ids = async () => (await t.value('payments:search', {})).rows.map((row) => row.id).join();
    const before = await ids();
    const unknownBank = await t.call('payments:requestUssd', { profileId: PROFILE, money: { amount: '100.00', currency: 'NGN' }, bankCode: 'NOPE', customer: { email: 'ada@example.ng' } });
    assert.equal(!unknownBank.ok && unknownBank.error.kind, 'validation');
    const dollars = await t.call('payments:requestUssd', { profileId: PROFILE, money: { amount: '100.00', currency: 'USD' }, bankCode: 'GTB', customer: { email: 'ada@example.ng' } });
    assert.equal(!dollars.ok && dollars.error.kind, 'validation');
    const other = await t.call('payments:ussdBanks', { profileId: sandboxProfileId('sibs-spg') });
    assert.equal(!other.ok && other.error.kind, 'not_supported');
    assert.equal(await ids(), before, 'no payment was recorded');
  });
});

describe('keys and webhooks', () => {
  test('refuses a live key on a sandbox profile', async () => {
    const refused = await t.call('credentials:set', { profileId: PROFILE, field: 'secretKey', value: `sk_live_${'a'.repeat(40)}` });
    assert.equal(!refused.ok && refused.error.kind, 'validation');
    assert.equal((await t.value('credentials:test', { profileId: PROFILE })).ok, true, 'the stored test key still works');
  });

  test('refuses a webhook with a bad signature and audits it', async () => {
    const info = await t.value('app:info', {});
    const response = await request(`${info.notifications.baseUrl}/notifications/${PROFILE}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', payloadsignature: 'f'.repeat(128) },
      body: JSON.stringify({ event: 'charge.success', data: { reference: 'NOPE', status: 'success' } }),
    });
    assert.equal(response.statusCode, 401);
    await response.body.dump();
    const audit = await t.value('audit:list', { limit: 20 });
    assert.ok(audit.some((entry) => entry.action === 'notification.rejected' && entry.targetId === PROFILE));
  });
});
