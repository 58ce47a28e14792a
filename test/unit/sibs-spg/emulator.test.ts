/** The SIBS emulator's wire behaviour, spoken to directly over HTTP (no adapter in between). */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sibsSpg } from '../../../electron/core/gateways/sibs-spg/index.ts';
import { decideCard } from '../../../electron/core/gateways/sibs-spg/emulator/scenarios.ts';
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

interface Answer {
  status: number;
  body: Record<string, unknown> & { returnStatus?: { statusCode: string; statusDescription?: string }; paymentStatus?: string; transactionID?: string };
}

async function send(method: 'GET' | 'POST', path: string, authorization: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { Authorization: authorization, 'X-IBM-Client-Id': merchant.clientId, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const bearer = () => `Bearer ${merchant.authToken}`;

function checkoutBody(paymentType: 'PURS' | 'AUTH', value: number | string, merchantTransactionId = `T-${randomUUID()}`) {
  return {
    merchant: { terminalId: merchant.terminalId, channel: 'web', merchantTransactionId },
    transaction: { transactionTimestamp: new Date().toISOString(), description: 'test', moto: true, paymentType, amount: { value, currency: 'EUR' }, paymentMethod: ['CARD'] },
    customer: { customerInfo: { customerName: 'Ana' } },
  };
}

const cardBody = { cardInfo: { PAN: '4761340000000035', secureCode: '536', validationDate: '2031-12-31T00:00:00.000Z', cardholderName: 'Ana', createToken: false } };

async function paidCheckout(paymentType: 'PURS' | 'AUTH', value: number): Promise<string> {
  const checkout = await send('POST', '/payments', bearer(), checkoutBody(paymentType, value));
  const id = String(checkout.body.transactionID);
  const paid = await send('POST', `/payments/${id}/card/purchase`, `Digest ${String(checkout.body['transactionSignature'])}`, cardBody);
  assert.equal(paid.body.paymentStatus, 'Success');
  return id;
}

function backOffice(originalId: string, value: number, merchantTransactionId = `BO-${randomUUID()}`) {
  return {
    merchant: { terminalId: merchant.terminalId, channel: 'web', merchantTransactionId },
    transaction: { transactionTimestamp: new Date().toISOString(), description: 'bo', amount: { value, currency: 'EUR' }, originalTransaction: { id: originalId, datetime: new Date().toISOString() } },
  };
}

describe('SIBS emulator wire', () => {
  it('answers a checkout like SIBS: 20-char s2 id, signature, expiry, "000"', async () => {
    const checkout = await send('POST', '/payments', bearer(), checkoutBody('PURS', 5.5));
    assert.equal(checkout.status, 200);
    assert.match(String(checkout.body.transactionID), /^s2[A-Za-z0-9]{18}$/);
    assert.equal(checkout.body.returnStatus?.statusCode, '000');
    assert.ok(String(checkout.body['transactionSignature']).length > 40);
    assert.deepEqual(checkout.body['amount'], { value: 5.5, currency: 'EUR' });
  });

  it('accepts the amount as a decimal string too', async () => {
    assert.equal((await send('POST', '/payments', bearer(), checkoutBody('PURS', '5.50'))).status, 200);
  });

  it('refuses a body not declared as application/json with 415', async () => {
    const response = await fetch(`${api}/payments`, {
      method: 'POST',
      headers: { Authorization: bearer(), 'X-IBM-Client-Id': merchant.clientId, 'Content-Type': 'text/plain' },
      body: JSON.stringify(checkoutBody('PURS', 1)),
    });
    assert.equal(response.status, 415);
    assert.equal(((await response.json()) as Answer['body']).returnStatus?.statusCode, 'E0101');
  });

  it('refuses a wrong Bearer token with a SIBS-shaped 401', async () => {
    const answer = await send('POST', '/payments', 'Bearer wrong', checkoutBody('PURS', 1));
    assert.equal(answer.status, 401);
    assert.ok(answer.body.returnStatus !== undefined);
  });

  it('rejects an invalid body with 400 E0101 naming the field', async () => {
    const body = checkoutBody('PURS', 1) as { transaction: Record<string, unknown> };
    body.transaction['paymentType'] = 'SALE';
    const answer = await send('POST', '/payments', bearer(), body);
    assert.equal(answer.status, 400);
    assert.equal(answer.body.returnStatus?.statusCode, 'E0101');
    assert.match(answer.body.returnStatus?.statusDescription ?? '', /transaction\.paymentType/);
  });

  it('rejects a terminal that is not the client id\'s', async () => {
    const body = checkoutBody('PURS', 1);
    body.merchant.terminalId = merchant.terminalId + 1;
    const answer = await send('POST', '/payments', bearer(), body);
    assert.equal(answer.status, 400);
    assert.match(answer.body.returnStatus?.statusDescription ?? '', /merchant\.terminalId/);
  });

  it('accepts the card step only with Digest and that checkout\'s own signature', async () => {
    const first = await send('POST', '/payments', bearer(), checkoutBody('PURS', 1));
    const second = await send('POST', '/payments', bearer(), checkoutBody('PURS', 1));
    const target = `/payments/${String(first.body.transactionID)}/card/purchase`;
    assert.equal((await send('POST', target, `Digest ${String(second.body['transactionSignature'])}`, cardBody)).status, 401);
    assert.equal((await send('POST', target, bearer(), cardBody)).status, 401);
    const paid = await send('POST', target, `Digest ${String(first.body['transactionSignature'])}`, cardBody);
    assert.equal(paid.body.paymentStatus, 'Success');
    const again = await send('POST', target, `Digest ${String(first.body['transactionSignature'])}`, cardBody);
    assert.equal(again.status, 409);
  });

  it('finds payments and operations by their merchantTransactionId, and needs the parameter', async () => {
    const id = await paidCheckout('PURS', 10);
    const reference = `BO-${randomUUID()}`;
    const refund = await send('POST', `/payments/${id}/refund`, bearer(), backOffice(id, 4, reference));
    assert.equal(refund.body.paymentStatus, 'Success');
    const found = await send('GET', `/payments/status?merchantTransactionId=${encodeURIComponent(reference)}`, bearer());
    assert.equal(found.body.transactionID, refund.body.transactionID);
    assert.equal((await send('GET', '/payments/status', bearer())).status, 400);
    assert.equal((await send('GET', `/payments/status?merchantTransactionId=never-${randomUUID()}`, bearer())).status, 404);
  });

  it('accepts a refund against the capture id as well as the original', async () => {
    const id = await paidCheckout('AUTH', 20);
    const capture = await send('POST', `/payments/${id}/capture`, bearer(), backOffice(id, 20));
    const captureId = String(capture.body.transactionID);
    const refund = await send('POST', `/payments/${captureId}/refund`, bearer(), backOffice(captureId, 5));
    assert.equal(refund.body.paymentStatus, 'Success');
  });

  it('cancels the uncaptured remainder of a partly captured AUTH, and no more', async () => {
    const id = await paidCheckout('AUTH', 50);
    assert.equal((await send('POST', `/payments/${id}/capture`, bearer(), backOffice(id, 30))).status, 200);
    assert.equal((await send('POST', `/payments/${id}/cancellation`, bearer(), backOffice(id, 20.01))).status, 409);
    assert.equal((await send('POST', `/payments/${id}/cancellation`, bearer(), backOffice(id, 20))).status, 200);
    assert.equal((await send('POST', `/payments/${id}/capture`, bearer(), backOffice(id, 0.01))).status, 409);
  });

  it('refuses capture of a purchase and refund of an uncaptured AUTH', async () => {
    const sale = await paidCheckout('PURS', 10);
    assert.equal((await send('POST', `/payments/${sale}/capture`, bearer(), backOffice(sale, 1))).status, 409);
    const auth = await paidCheckout('AUTH', 10);
    const refused = await send('POST', `/payments/${auth}/refund`, bearer(), backOffice(auth, 1));
    assert.equal(refused.status, 409);
    assert.equal(refused.body.returnStatus?.statusCode, 'E0119');
  });

  it('admits credentials issued by an earlier run through the control API', async () => {
    const earlier = { authToken: `${'a'.repeat(34)}.${'b'.repeat(40)}`, clientId: randomUUID(), terminalId: 424242 };
    const admitted = await fetch(`${sandbox.baseUrl}/control/sibs-spg/merchants`, { method: 'POST', body: JSON.stringify(earlier) });
    assert.equal(admitted.status, 204);
    const response = await fetch(`${api}/payments/s2nothinghere0000000/status`, { headers: { Authorization: `Bearer ${earlier.authToken}`, 'X-IBM-Client-Id': earlier.clientId } });
    assert.equal(response.status, 404);
  });
});

describe('SIBS emulator acquirer decisions', () => {
  const now = new Date('2026-05-01T00:00:00Z');
  const card = (pan: string, cvv: string) => ({ pan, cvv, expiryMonth: 12, expiryYear: 2030 });

  it('approves the SIBS no-3DS cards and asks 3-D Secure of the others unless MOTO', () => {
    assert.equal(decideCard(card('4761340000000035', '536'), false, true, now).kind, 'approve');
    assert.equal(decideCard(card('5206361000001351', '536'), false, true, now).kind, 'approve');
    assert.deepEqual(decideCard(card('4176660000000100', '597'), false, true, now), { kind: 'three-ds', actionType: 'THREEDS_CHALLENGE' });
    assert.deepEqual(decideCard(card('5204740000001002', '100'), false, true, now), { kind: 'three-ds', actionType: 'THREEDS_METHOD' });
    assert.equal(decideCard(card('5185520050000010', '001'), true, true, now).kind, 'approve');
    assert.equal(decideCard(card('5185520050000010', '001'), true, false, now).kind, 'three-ds');
  });

  it('declines a wrong CVV on a test card, a Luhn-invalid number and a past expiry', () => {
    assert.deepEqual(decideCard(card('4761340000000035', '000'), true, true, now), { kind: 'decline', reason: 'Invalid security code' });
    assert.deepEqual(decideCard(card('4761340000000036', '536'), true, true, now), { kind: 'decline', reason: 'Invalid card number' });
    assert.deepEqual(decideCard({ ...card('4761340000000035', '536'), expiryMonth: 4, expiryYear: 2026 }, true, true, now), { kind: 'decline', reason: 'Expired card' });
    assert.equal(decideCard({ ...card('4761340000000035', '536'), expiryMonth: 5, expiryYear: 2026 }, true, true, now).kind, 'approve');
  });
});
