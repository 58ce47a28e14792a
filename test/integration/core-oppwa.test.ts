/**
 * ACI OPPWA through the core against the sandbox over HTTP: single capture, refunds and the
 * reversal rules, registrations and MIT, chargebacks learnt from webhooks, rebill, and 3-D Secure
 * redirects resolved by status.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import type { PaymentStatus } from '../../shared/domain/schemas.ts';
import { wireCallsOf, wireLogOf } from '../helpers/wire-log.ts';

const PROFILE = sandboxProfileId('aci-oppwa');
const VISA = { number: '4200000000000000', cvv: '123' };
let t: TestCore;

function card(c = VISA, holder = 'Lena Berg') {
  return { number: c.number, cvv: c.cvv, expiryMonth: 5, expiryYear: new Date().getUTCFullYear() + 2, holder };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** Plans the sandbox OPPWA emulator's faults; an empty plan clears them. */
async function faults(plan: unknown[]): Promise<void> {
  const { baseUrl } = await t.value('sandbox:info', {});
  const response = await fetch(`${baseUrl ?? ''}/control/aci-oppwa/faults`, { method: 'POST', body: JSON.stringify({ faults: plan }) });
  assert.equal(response.status, 200);
}

async function statusOf(paymentId: string): Promise<PaymentStatus> {
  return (await t.value('payments:get', { paymentId })).payment.status;
}

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000 });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

describe('card payments on OPPWA', () => {
  test('an authorisation is captured once: a partial capture releases the rest, and a reversal is then refused', async () => {
    const auth = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'auth', money: { amount: '80.00', currency: 'EUR' }, card: card() });
    assert.equal(auth.paymentStatus, 'authorized');
    const capture = await t.value('payments:capture', { paymentId: auth.paymentId, amount: '50.00', expectedCapturable: '80.00' });
    assert.equal(capture.paymentStatus, 'captured');
    const detail = await t.value('payments:get', { paymentId: auth.paymentId });
    assert.equal(detail.payment.capturable, '0.00');
    assert.equal(detail.actions.capture, false);
    assert.equal(detail.actions.void, false);
    const refund = await t.value('payments:refund', { paymentId: auth.paymentId, amount: '20.00', expectedRefundable: '50.00', reason: 'Partial return' });
    assert.equal(refund.paymentStatus, 'partially_refunded');
    const reverse = await t.call('payments:void', { paymentId: auth.paymentId, expectedCapturable: '0.00' });
    assert.equal(reverse.ok, false);
  });

  test('a debit is refunded in parts and an over-refund is refused before any call', async () => {
    const sale = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '30.00', currency: 'EUR' }, card: card() });
    assert.equal(sale.paymentStatus, 'captured');
    await t.value('payments:refund', { paymentId: sale.paymentId, amount: '10.00', expectedRefundable: '30.00', reason: 'First' });
    await t.value('payments:refund', { paymentId: sale.paymentId, amount: '15.00', expectedRefundable: '20.00', reason: 'Second' });
    const before = await wireCallsOf(t, sale.paymentId);
    const over = await t.call('payments:refund', { paymentId: sale.paymentId, amount: '5.01', expectedRefundable: '5.00', reason: 'Too much' });
    assert.equal(!over.ok && over.error.kind, 'validation');
    assert.equal(await wireCallsOf(t, sale.paymentId), before);
  });

  test('a holder name set to a result code forces that rejection', async () => {
    const declined = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '9.00', currency: 'EUR' }, card: card(VISA, '800.100.153') });
    assert.equal(declined.paymentStatus, 'declined');
    assert.equal(declined.gatewayCode, '800.100.153');
  });
});

describe('throttling after OPPWA acted', () => {
  test('a reversal answered 429 after the platform reversed it ends voided, never failed', async () => {
    const sale = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'auth', money: { amount: '20.00', currency: 'EUR' }, card: card() });
    assert.equal(sale.paymentStatus, 'authorized');
    await faults([{ fault: 'http-429', phase: 'after', method: 'POST', pathIncludes: '/v1/payments/' }]);
    try {
      const reversal = await t.value('payments:void', { paymentId: sale.paymentId, expectedCapturable: '20.00' });
      assert.notEqual(reversal.state, 'failed');
      await waitFor(async () => {
        await t.value('payments:sync', { paymentId: sale.paymentId });
        return (await statusOf(sale.paymentId)) === 'voided';
      }, 'the reversal to be found by lookup');
      const voids = (await t.value('payments:get', { paymentId: sale.paymentId })).operations.filter((op) => op.kind === 'void');
      assert.deepEqual(voids.map((op) => op.state), ['succeeded']);
    } finally {
      await faults([]);
    }
  });
});

describe('registrations and MIT on OPPWA', () => {
  test('a stored card is charged again as an MIT, and not after its registration is deleted', async () => {
    const sale = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', storeCard: true, money: { amount: '12.00', currency: 'EUR' }, card: card() });
    const token = (await t.value('tokens:list', { profileId: PROFILE })).find((tok) => tok.originPaymentId === sale.paymentId);
    assert.ok(token);
    const mit = await t.value('payments:chargeStored', { tokenId: token.id, money: { amount: '12.00', currency: 'EUR' }, recurrence: 'recurring', reason: 'Monthly plan' });
    assert.equal(mit.paymentStatus, 'captured');
    assert.deepEqual(await t.value('tokens:delete', { tokenId: token.id }), { deleted: true });
    const refused = await t.call('payments:chargeStored', { tokenId: token.id, money: { amount: '12.00', currency: 'EUR' }, recurrence: 'recurring', reason: 'After deletion' });
    assert.equal(refused.ok, false);
  });
});

/** A call to the sandbox's OPPWA wire with the sandbox profile's own token and entity, as another client of the platform would make. */
async function atGateway(method: 'POST' | 'DELETE', path: string, form: Record<string, string> = {}): Promise<{ status: number; code: string; id: string }> {
  const { baseUrl } = await t.value('sandbox:info', {});
  const { accessToken } = await t.core.internals.profiles.readCredentials(PROFILE);
  const entityId = String(t.core.internals.profiles.get(PROFILE).options['entityId']);
  const headers = { authorization: `Bearer ${accessToken ?? ''}`, 'content-type': 'application/x-www-form-urlencoded' };
  const url = `${baseUrl ?? ''}/aci-oppwa${path}${method === 'DELETE' ? `?entityId=${entityId}` : ''}`;
  const response = await fetch(url, { method, headers, ...(method === 'POST' ? { body: new URLSearchParams({ entityId, ...form }).toString() } : {}) });
  const body = (await response.json()) as { id?: string; result: { code: string } };
  return { status: response.status, code: body.result.code, id: body.id ?? '' };
}

async function storedCard(amount: string) {
  const sale = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', storeCard: true, money: { amount, currency: 'EUR' }, card: card() });
  const token = (await t.value('tokens:list', { profileId: PROFILE })).find((tok) => tok.originPaymentId === sale.paymentId);
  assert.ok(token);
  const registrationId = (await t.core.internals.ledger.tokens.get(token.id))?.tokenValue ?? '';
  return { tokenId: token.id, registrationId, paymentId: sale.paymentId };
}

const listed = async (tokenId: string) => (await t.value('tokens:list', { profileId: PROFILE })).some((tok) => tok.id === tokenId);

describe('deleting a stored card on OPPWA', () => {
  test('deregisters the card at OPPWA before forgetting it, so nobody can charge it there any more', async () => {
    const stored = await storedCard('7.00');
    assert.deepEqual(await t.value('tokens:delete', { tokenId: stored.tokenId }), { deleted: true });
    assert.equal(await listed(stored.tokenId), false);
    const deletion = (await wireLogOf(t, stored.paymentId)).find((entry) => entry.method === 'DELETE');
    assert.match(deletion?.url ?? '', /\/v1\/registrations\//);
    assert.equal(deletion?.url.includes(stored.registrationId), false, 'the registration id charges the card: the wire log never shows it');
    assert.equal(deletion?.responseStatus, 200);
    const charge = await atGateway('POST', `/v1/registrations/${stored.registrationId}/payments`, { amount: '7.00', currency: 'EUR', paymentType: 'DB' });
    assert.equal(charge.code, '100.150.202', 'OPPWA answers "already deregistered"');
  });

  test('keeps the card stored and says why when OPPWA cannot confirm the deletion', async () => {
    const stored = await storedCard('8.00');
    await faults([{ fault: 'http-503', phase: 'before', method: 'DELETE', pathIncludes: '/v1/registrations/' }]);
    try {
      const refused = await t.call('tokens:delete', { tokenId: stored.tokenId });
      assert.equal(refused.ok, false);
      assert.match(!refused.ok ? refused.error.message : '', /HTTP 503/);
      assert.equal(await listed(stored.tokenId), true, 'the card stays stored');
    } finally {
      await faults([]);
    }
    const charge = await atGateway('POST', `/v1/registrations/${stored.registrationId}/payments`, { amount: '8.00', currency: 'EUR', paymentType: 'DB' });
    assert.equal(charge.status, 200, 'OPPWA still holds the registration');
    assert.deepEqual(await t.value('tokens:delete', { tokenId: stored.tokenId }), { deleted: true });
  });

  test('forgets a card whose registration OPPWA no longer holds', async () => {
    const stored = await storedCard('9.00');
    assert.equal((await atGateway('DELETE', `/v1/registrations/${stored.registrationId}`)).status, 200);
    assert.deepEqual(await t.value('tokens:delete', { tokenId: stored.tokenId }), { deleted: true });
    assert.equal(await listed(stored.tokenId), false);
  });
});

describe('importing a payment made elsewhere on OPPWA', () => {
  const elsewhere = (paymentType: 'PA' | 'DB', merchantTransactionId: string, amount = '41.50') =>
    atGateway('POST', '/v1/payments', {
      amount,
      currency: 'EUR',
      paymentType,
      paymentBrand: 'VISA',
      'card.number': VISA.number,
      'card.holder': 'Mia Holm',
      'card.expiryMonth': '05',
      'card.expiryYear': String(new Date().getUTCFullYear() + 2),
      'card.cvv': VISA.cvv,
      merchantTransactionId,
    });

  test('imports a debit by its OPPWA id, with amount, card and status, and it can then be refunded', async () => {
    const made = await elsewhere('DB', `SHOP-${Date.now().toString(36)}`);
    assert.equal(made.status, 200);
    const imported = await t.value('payments:import', { profileId: PROFILE, gatewayTransactionId: made.id });
    assert.equal(imported.payment.imported, true);
    assert.equal(imported.payment.amount, '41.50');
    assert.deepEqual(imported.payment.card && { brand: imported.payment.card.brand, bin: imported.payment.card.bin, last4: imported.payment.card.last4, holder: imported.payment.card.holder }, { brand: 'visa', bin: '420000', last4: '0000', holder: 'Mia Holm' });
    assert.equal(imported.payment.gatewayTransactionId, made.id);
    await waitFor(async () => {
      await t.value('payments:sync', { paymentId: imported.payment.id });
      return (await statusOf(imported.payment.id)) === 'captured';
    }, 'the imported debit to show captured');
    const refund = await t.value('payments:refund', { paymentId: imported.payment.id, amount: '1.50', expectedRefundable: '41.50', reason: 'Imported, then refunded' });
    assert.equal(refund.state, 'succeeded');
    const again = await t.value('payments:import', { profileId: PROFILE, gatewayTransactionId: made.id });
    assert.equal(again.payment.id, imported.payment.id, 'a second import finds the same payment');
  });

  test('imports an authorisation by its merchantTransactionId', async () => {
    const order = `SHOP-PA-${Date.now().toString(36)}`;
    const made = await elsewhere('PA', order, '12.00');
    const imported = await t.value('payments:import', { profileId: PROFILE, merchantReference: order });
    assert.equal(imported.payment.gatewayTransactionId, made.id);
    assert.equal(imported.payment.kind, 'auth');
    assert.equal(imported.payment.merchantReference, order);
  });

  test('says OPPWA has no such payment, and refuses to import a refund as a payment', async () => {
    const missing = await t.call('payments:import', { profileId: PROFILE, gatewayTransactionId: '0123456789abcdef0123456789abcdef' });
    assert.equal(!missing.ok && missing.error.kind, 'not_found');
    const sale = await elsewhere('DB', `SHOP-RF-${Date.now().toString(36)}`, '5.00');
    const refund = await atGateway('POST', `/v1/payments/${sale.id}`, { amount: '5.00', currency: 'EUR', paymentType: 'RF' });
    assert.equal(refund.status, 200);
    const refused = await t.call('payments:import', { profileId: PROFILE, gatewayTransactionId: refund.id });
    assert.equal(!refused.ok && refused.error.kind, 'validation');
    assert.match(!refused.ok ? refused.error.message : '', new RegExp(sale.id));
  });
});

describe('chargebacks and rebill', () => {
  test('a chargeback booked by the platform shows on the payment, reduces what can be refunded, and a rebill follows', async () => {
    const sale = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '60.00', currency: 'EUR' }, card: card() });
    const act = await t.value('sandbox:act', { action: 'chargeback.book', targetId: sale.paymentId });
    assert.equal(act.ok, true, act.message);
    await waitFor(async () => (await t.value('payments:get', { paymentId: sale.paymentId })).operations.some((op) => op.kind === 'chargeback'), 'the chargeback webhook');
    const detail = await t.value('payments:get', { paymentId: sale.paymentId });
    assert.equal(detail.payment.chargedBack, '60.00');
    assert.equal(detail.payment.refundable, '0.00');
    assert.equal(detail.actions.rebill, true);
    const rebill = await t.value('payments:rebill', { paymentId: sale.paymentId, amount: '60.00', reason: 'Customer agreed to pay again' });
    assert.equal(rebill.state, 'succeeded');
  });
});

describe('3-D Secure redirect on OPPWA', () => {
  test('asks for a redirect, never mistakes it for success, and resolves by status once the shopper completes it', async () => {
    const outcome = await t.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '25.00', currency: 'EUR' }, card: card({ number: '4711100000000000', cvv: '123' }) });
    assert.equal(outcome.paymentStatus, 'requires_action');
    assert.ok(outcome.pendingAction?.url, 'the redirect URL is shown');
    await t.value('sandbox:act', { action: 'threeds.complete', targetId: outcome.paymentId });
    await waitFor(async () => {
      await t.value('payments:sync', { paymentId: outcome.paymentId });
      return (await statusOf(outcome.paymentId)) === 'captured';
    }, 'the payment to settle');
  });
});
