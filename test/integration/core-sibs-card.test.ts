/**
 * The core against the SIBS sandbox over real HTTP, with the real keychain and a real SQLite file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { startTestCore, removeDir, type TestCore } from '../helpers/test-core.ts';
import { scanForCardData } from '../helpers/card-data-scanner.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { wireCallsOf, wireLogOf } from '../helpers/wire-log.ts';

const PROFILE = sandboxProfileId('sibs-spg');
const VISA_NO_3DS = { number: '4761 3400 0000 0035', cvv: '536' };
const DECLINE = { number: '4000000000000002', cvv: '123' };
const WITHHELD_ANSWER = { number: '4000000000004087', cvv: '123' };

function moto(kind: 'sale' | 'auth', amount: string, card = VISA_NO_3DS, extra: Record<string, unknown> = {}) {
  return {
    profileId: PROFILE,
    kind,
    money: { amount, currency: 'EUR' },
    card: { number: card.number, cvv: card.cvv, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' },
    customer: { email: 'ana@example.pt' },
    ...extra,
  } as const;
}

async function emulatorView(t: TestCore, gatewayTransactionId: string): Promise<Record<string, unknown>> {
  const base = t.core.info.sandboxBaseUrl;
  const response = await request(`${base}/control/sibs-spg/payments/${gatewayTransactionId}`);
  return (await response.body.json()) as Record<string, unknown>;
}

describe('core with the SIBS sandbox', () => {
  let t: TestCore;
  before(async () => {
    t = await startTestCore({ requestTimeoutMs: 2_000 });
  });
  after(async () => {
    await t.close();
    removeDir(t.dataDir);
  });

  test('creates the sandbox profile with its credentials in the keychain on first start', async () => {
    const profiles = await t.value('profiles:list', {});
    const sibs = profiles.find((p) => p.id === PROFILE);
    assert.ok(sibs, 'sandbox SIBS profile exists');
    assert.equal(sibs.environment, 'sandbox');
    assert.ok(Object.values(sibs.credentials).every(Boolean), 'every credential field is set');
    assert.ok('webhookSecret' in sibs.credentials);
    assert.equal(JSON.stringify(profiles).includes('authToken":"'), false, 'no secret value crosses the contract');
    const test = await t.value('credentials:test', { profileId: PROFILE });
    assert.equal(test.ok, true, test.message);
  });

  test('keys a MOTO sale that is captured and found by last 4', async () => {
    const outcome = await t.value('payments:createMoto', moto('sale', '25.00'));
    assert.equal(outcome.state, 'succeeded');
    assert.equal(outcome.paymentStatus, 'captured');
    const found = await t.value('payments:search', { text: '0035' });
    assert.ok(found.rows.some((row) => row.id === outcome.paymentId));
    const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
    assert.equal(detail.payment.card?.last4, '0035');
    assert.equal(detail.payment.card?.bin, '476134');
    assert.equal(detail.payment.refundable, '25.00');
    assert.equal(detail.actions.refund, true);
    assert.equal(detail.actions.capture, false);
    const wire = await wireLogOf(t, detail.payment.id);
    assert.ok(wire.length >= 2, 'checkout and card step are in the wire log');
    assert.equal(detail.wireEntries, wire.length, 'the detail counts the entries it no longer carries');
  });

  test('authorises, captures part, refunds twice and refuses an over-refund before any HTTP call', async () => {
    const auth = await t.value('payments:createMoto', moto('auth', '100.00'));
    assert.equal(auth.paymentStatus, 'authorized');
    const capture = await t.value('payments:capture', { paymentId: auth.paymentId, amount: '60.00', expectedCapturable: '100.00' });
    assert.equal(capture.state, 'succeeded');
    assert.equal(capture.paymentStatus, 'partially_captured');

    const first = await t.value('payments:refund', { paymentId: auth.paymentId, amount: '20.00', expectedRefundable: '60.00', reason: 'Customer returned one item' });
    assert.equal(first.paymentStatus, 'partially_refunded');
    const second = await t.value('payments:refund', { paymentId: auth.paymentId, amount: '30.00', expectedRefundable: '40.00', reason: 'Second item returned' });
    assert.equal(second.state, 'succeeded');

    const before = await t.value('payments:get', { paymentId: auth.paymentId });
    const callsBefore = await wireCallsOf(t, auth.paymentId);
    assert.equal(before.payment.refundable, '10.00');
    const over = await t.call('payments:refund', { paymentId: auth.paymentId, amount: '10.01', expectedRefundable: '10.00', reason: 'Too much' });
    assert.equal(over.ok, false);
    assert.equal(!over.ok && over.error.kind, 'validation');
    const stale = await t.call('payments:refund', { paymentId: auth.paymentId, amount: '5.00', expectedRefundable: '40.00', reason: 'Stale form' });
    assert.equal(!stale.ok && stale.error.kind, 'conflict');
    const afterwards = await t.value('payments:get', { paymentId: auth.paymentId });
    assert.equal(await wireCallsOf(t, auth.paymentId), callsBefore, 'no HTTP call was made for the refused refunds');
    assert.equal(afterwards.operations.length, before.operations.length, 'nothing was journaled');

    const view = await emulatorView(t, before.payment.gatewayTransactionId!);
    assert.equal(JSON.stringify(view).includes('"refunded"'), true);
    assert.equal(afterwards.payment.captured, '60.00');
    assert.equal(afterwards.payment.refunded, '50.00');
  });

  test('cancels an authorisation', async () => {
    const auth = await t.value('payments:createMoto', moto('auth', '40.00'));
    const cancelled = await t.value('payments:void', { paymentId: auth.paymentId, expectedCapturable: '40.00' });
    assert.equal(cancelled.state, 'succeeded');
    assert.equal(cancelled.paymentStatus, 'voided');
    const detail = await t.value('payments:get', { paymentId: auth.paymentId });
    const { capture, void: cancel, refund, sync } = detail.actions;
    assert.deepEqual({ capture, void: cancel, refund, sync }, { capture: false, void: false, refund: false, sync: true });
  });

  test('records a declined test card as declined with the gateway’s reason', async () => {
    const outcome = await t.value('payments:createMoto', moto('sale', '12.00', DECLINE));
    assert.equal(outcome.state, 'declined');
    assert.equal(outcome.paymentStatus, 'declined');
    assert.ok(outcome.gatewayMessage && outcome.gatewayMessage.length > 0);
    const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
    assert.equal(detail.actions.refund, false);
  });

  test('rejects a card that fails Luhn in the core, before any payment is recorded', async () => {
    const before = await t.value('payments:search', { limit: 500 });
    const bad = await t.call('payments:createMoto', moto('sale', '10.00', { number: '4761340000000036', cvv: '536' }));
    assert.equal(!bad.ok && bad.error.kind, 'validation');
    assert.ok(!bad.ok && bad.error.fields?.['card.number']);
    const afterwards = await t.value('payments:search', { limit: 500 });
    assert.equal(afterwards.rows.length, before.rows.length);
  });

  test('resolves a sale whose answer never came back, by asking the gateway', async () => {
    const outcome = await t.value('payments:createMoto', moto('sale', '33.00', WITHHELD_ANSWER));
    // The emulator withholds the card-step answer until the client times out, then the core asks
    // by merchant reference and learns it was authorised.
    assert.equal(outcome.paymentStatus, 'captured');
    const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
    const sources = detail.statusHistory.map((e) => `${e.source}:${e.to}`);
    assert.ok(sources.includes('operation:unknown') || sources.includes('recovery:captured'), sources.join(','));
  });

  test('keeps the audit chain intact and no card data in the data folder', async () => {
    const verification = await t.value('audit:verify', {});
    assert.equal(verification.ok, true);
    assert.ok(verification.checked > 10);
    const findings = scanForCardData(t.dataDir, ['4761340000000035', '4000000000000002', '4000000000004087'], ['536']);
    assert.deepEqual(findings, []);
  });
});

describe('core with wrong credentials', () => {
  test('gives a clear authentication error and records nothing as paid', async () => {
    const t = await startTestCore();
    try {
      await t.value('credentials:set', { profileId: PROFILE, field: 'authToken', value: 'not-the-token' });
      const test = await t.value('credentials:test', { profileId: PROFILE });
      assert.equal(test.ok, false);
      const result = await t.call('payments:createMoto', moto('sale', '9.99'));
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.error.kind, 'authentication');
      const rows = (await t.value('payments:search', {})).rows;
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.status, 'failed');
      assert.equal(rows[0]?.captured, '0.00');
    } finally {
      await t.close();
      removeDir(t.dataDir);
    }
  });
});
