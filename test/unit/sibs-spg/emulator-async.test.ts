/** The emulator's MB WAY, Multibanco, mandate, token and MIT wire, spoken to directly over HTTP. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sibsSpg } from '../../../electron/core/gateways/sibs-spg/index.ts';
import { documentedRetryDelayMs } from '../../../electron/core/gateways/sibs-spg/emulator/notifications.ts';
import { phoneBehaviour } from '../../../electron/core/gateways/sibs-spg/emulator/scenarios.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import { createSandboxServer, type SandboxServer } from '../../../electron/core/sandbox/sandbox-server.ts';

let sandbox: SandboxServer;
let api: string;
let merchant: { authToken: string; clientId: string; terminalId: number };

before(async () => {
  sandbox = await createSandboxServer({ definitions: [sibsSpg], clock: systemClock });
  api = `${sandbox.emulatorBaseUrl('sibs-spg')}/api/v2`;
  const profile = sandbox.emulator('sibs-spg').sandboxProfile();
  merchant = { authToken: profile.credentials['authToken'] ?? '', clientId: profile.credentials['clientId'] ?? '', terminalId: Number(profile.options['terminalId']) };
});
after(() => sandbox.close());

type Body = Record<string, unknown> & { returnStatus?: { statusCode: string; statusDescription?: string }; paymentStatus?: string; transactionID?: string };

async function send(path: string, authorization: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${api}${path}`, {
    method: 'POST',
    headers: { Authorization: authorization, 'X-IBM-Client-Id': merchant.clientId, 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

const bearer = () => `Bearer ${merchant.authToken}`;
const merchantBlock = () => ({ terminalId: merchant.terminalId, channel: 'web', merchantTransactionId: `T-${randomUUID()}` });

function checkout(paymentMethod: string[], extra: Record<string, unknown> = {}, transaction: Record<string, unknown> = {}) {
  return send('/payments', bearer(), {
    merchant: merchantBlock(),
    transaction: { transactionTimestamp: new Date().toISOString(), paymentType: 'PURS', amount: { value: 5.5, currency: 'EUR' }, paymentMethod, ...transaction },
    ...extra,
  });
}

const digest = (answer: { body: Body }) => `Digest ${String(answer.body['transactionSignature'])}`;

describe('SIBS emulator, asynchronous methods on the wire', () => {
  it('offers the methods a checkout asks for and refuses ones it does not know', async () => {
    const offered = await checkout(['MBWAY', 'REFERENCE'], {}, { paymentReference: { initialDatetime: new Date().toISOString(), finalDatetime: new Date(Date.now() + 86_400_000).toISOString(), maxAmount: { value: 5.5, currency: 'EUR' }, minAmount: { value: 5.5, currency: 'EUR' }, entity: '24000' } });
    assert.deepEqual(offered.body['paymentMethodList'], ['MBWAY', 'REFERENCE']);
    const blik = await checkout(['BLIK']);
    assert.equal(blik.body.returnStatus?.statusCode, 'E0101');
  });

  it('needs paymentReference for REFERENCE and a mandate for MANDATE', async () => {
    assert.match((await checkout(['REFERENCE'])).body.returnStatus?.statusDescription ?? '', /paymentReference/);
    assert.match((await checkout(['MANDATE', 'MBWAY'])).body.returnStatus?.statusDescription ?? '', /mandate/);
  });

  it('generates a reference with an empty body or {}, once per checkout', async () => {
    const reference = { initialDatetime: new Date().toISOString(), finalDatetime: new Date(Date.now() + 86_400_000).toISOString(), maxAmount: { value: 5.5, currency: 'EUR' }, minAmount: { value: 5.5, currency: 'EUR' }, entity: '11202' };
    const opened = await checkout(['REFERENCE'], {}, { paymentReference: reference });
    const generated = await send(`/payments/${String(opened.body.transactionID)}/service-reference/generate`, digest(opened));
    assert.equal(generated.body.paymentStatus, 'Pending');
    const block = generated.body['paymentReference'] as { entity: string; reference: string; status: string };
    assert.deepEqual([block.entity, /^\d{9}$/.test(block.reference), block.status], ['11202', true, 'UNPAID']);
    assert.equal((await send(`/payments/${String(opened.body.transactionID)}/service-reference/generate`, digest(opened), {})).status, 409);
  });

  it('takes an MB WAY request only on a checkout offering MBWAY, with a phone in 351#… form', async () => {
    const card = await checkout(['CARD'], { customer: { customerInfo: { customerName: 'Ana' } } });
    assert.equal((await send(`/payments/${String(card.body.transactionID)}/mbway-id/purchase`, digest(card), { customerPhone: '351#912345678' })).status, 400);
    const opened = await checkout(['MBWAY']);
    assert.equal((await send(`/payments/${String(opened.body.transactionID)}/mbway-id/purchase`, digest(opened), { customerPhone: '912345678' })).status, 400);
    const pending = await send(`/payments/${String(opened.body.transactionID)}/mbway-id/purchase`, digest(opened), { customerPhone: '351#912345678' });
    assert.deepEqual([pending.body.paymentStatus, pending.body['paymentMethod']], ['Pending', 'MBWAY']);
  });

  it('asks for the Mbway-ID header on a mandate inquiry and answers only for that customer', async () => {
    const created = await send('/mbway-mandates/creation', bearer(), { merchant: merchantBlock(), mandate: { mandateType: 'SUBSCRIPTION', aliasMBWAY: '351#912345678', customerName: 'Ana' } });
    const id = String(created.body['transactionId']);
    assert.equal((created.body['mandate'] as { mandateStatus: string }).mandateStatus, 'PEND');
    assert.equal((await send(`/mbway-mandates/${id}/inquiry-detail`, bearer(), {})).status, 400);
    assert.equal((await send(`/mbway-mandates/${id}/inquiry-detail`, bearer(), {}, { 'Mbway-ID': '351#919000000' })).status, 404);
    const found = await send(`/mbway-mandates/${id}/inquiry-detail`, bearer(), {}, { 'Mbway-ID': '351#912345678' });
    assert.equal((found.body['mandate'] as { transactionId: string }).transactionId, id);
    const cancelled = await send(`/mbway-mandates/${id}/cancel`, bearer(), { merchant: merchantBlock() }, { 'Mbway-ID': '351#912345678' });
    assert.equal((cancelled.body['mandate'] as { mandateStatus: string }).mandateStatus, 'CNCL');
    assert.equal((await send(`/mbway-mandates/${id}/cancel`, bearer(), { merchant: merchantBlock() }, { 'Mbway-ID': '351#912345678' })).status, 409);
  });

  it('charges a stored card by MIT with originalTransaction at the top level too, and by token purchase', async () => {
    const cit = await checkout(['CARD'], { customer: { customerInfo: { customerName: 'Ana' } }, tokenisation: { tokenisationRequest: { tokeniseCard: true } } });
    const paid = await send(`/payments/${String(cit.body.transactionID)}/card/purchase`, digest(cit), { cardInfo: { PAN: '5206361000001351', secureCode: '536', validationDate: '2031-12-31T00:00:00.000Z' } });
    const token = paid.body['tokenResponse'] as { value: string; maskedPAN: string };
    assert.equal(token.maskedPAN, '520636******1351');
    // The MIT stands on the CIT's id and date-time, beside `transaction` (QDOC D.2.2.3, PRX).
    const inside = await send(`/payments/${String(cit.body.transactionID)}/mit`, bearer(), {
      merchant: merchantBlock(),
      transaction: { transactionTimestamp: new Date().toISOString(), amount: { value: 2, currency: 'EUR' }, originalTransaction: { id: String(cit.body.transactionID), datetime: new Date().toISOString() } },
    });
    assert.deepEqual([inside.status, inside.body.returnStatus?.statusCode], [400, 'E0101']);
    assert.match(inside.body.returnStatus?.statusDescription ?? '', /originalTransaction/);
    const mit = await send(`/payments/${String(cit.body.transactionID)}/mit`, bearer(), {
      merchant: merchantBlock(),
      transaction: { transactionTimestamp: new Date().toISOString(), description: 'mit', amount: { value: 2, currency: 'EUR' } },
      originalTransaction: { id: String(cit.body.transactionID), datetime: new Date().toISOString() },
      merchantInitiatedTransaction: { type: 'UCOF' },
    });
    // Without a paymentType in the body the MIT authorises (setting mitDefaultPaymentType, QDOC's CIT → MIT → CAPTURE).
    assert.deepEqual([mit.body.paymentStatus, mit.body['paymentType']], ['Success', 'AUTH']);
    const again = await checkout(['CARD'], { customer: { customerInfo: { customerName: 'Ana' } } });
    const byToken = await send(`/payments/${String(again.body.transactionID)}/token/purchase`, digest(again), { tokenInfo: { value: token.value, tokenType: 'Card', secureCode: '536' } });
    assert.equal(byToken.body.paymentStatus, 'Success');
  });
});

describe('SIBS emulator rules', () => {
  it('follows SIBS\'s documented webhook retry tiers and gives up after the last', () => {
    const minute = 60_000;
    assert.deepEqual([0, 4, 5, 8, 9, 13, 14, 19, 20, 26, 27, 34, 35, 43].map(documentedRetryDelayMs), [
      5 * minute, 5 * minute, 60 * minute, 60 * minute, 120 * minute, 120 * minute, 240 * minute, 240 * minute, 360 * minute, 360 * minute, 720 * minute, 720 * minute, 1440 * minute, 1440 * minute,
    ]);
    assert.equal(documentedRetryDelayMs(44), null);
  });

  it('reads the MB WAY scenario from the end of the phone number', () => {
    assert.deepEqual(['351#912000011', '351#912000022', '351#919999999', '351#912345678'].map(phoneBehaviour), ['approve', 'decline', 'timeout-now', 'customer']);
  });
});
