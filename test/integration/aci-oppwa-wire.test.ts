/**
 * The OPPWA emulator's wire, spoken to directly over HTTP: authentication, form validation,
 * the §3 booking rules that the adapter cannot reach, registrations, the status rate limit and
 * the query envelopes, as the fact sheet documents them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aciOppwa } from '../../electron/core/gateways/aci-oppwa/index.ts';
import { systemClock } from '../../electron/core/ports.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';

let server: SandboxServer;
let base = '';
let entityId = '';
let token = '';

before(async () => {
  server = await createSandboxServer({ definitions: [aciOppwa], clock: systemClock, port: 0 });
  const generated = server.emulator('aci-oppwa').sandboxProfile();
  base = `${server.baseUrl}${generated.baseUrlPath}`;
  entityId = String(generated.options['entityId']);
  token = generated.credentials['accessToken'] ?? '';
});
after(async () => {
  await server.close();
});

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function call(method: 'GET' | 'POST' | 'DELETE', path: string, form: Record<string, string> = {}, bearer = token): Promise<Answer> {
  const query = method === 'POST' ? '' : `?${new URLSearchParams({ entityId, ...form }).toString()}`;
  const response = await fetch(`${base}${path}${query}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    ...(method === 'POST' ? { body: new URLSearchParams({ entityId, ...form }).toString() } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

const cardForm = { paymentBrand: 'VISA', 'card.number': '4200000000000000', 'card.holder': 'Ana Lopes', 'card.expiryMonth': '05', 'card.expiryYear': '2034', 'card.cvv': '123' };
const debit = (extra: Record<string, string> = {}) => call('POST', '/v1/payments', { amount: '92.00', currency: 'EUR', paymentType: 'DB', ...cardForm, ...extra });
const codeOf = (answer: Answer) => (answer.body['result'] as { code?: string } | undefined)?.code;

describe('OPPWA emulator wire', () => {
  it('answers a debit with the documented formats of ids, timestamps, buildNumber, ndc and shortId', async () => {
    const answer = await debit({ merchantTransactionId: 'W-1' });
    assert.equal(answer.status, 200);
    assert.match(String(answer.body['id']), /^[0-9a-f]{32}$/);
    assert.equal(answer.body['amount'], '92.00');
    assert.match(String(answer.body['timestamp']), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+0000$/);
    assert.match(String(answer.body['buildNumber']), /^[0-9a-f]{40}@\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000$/);
    assert.match(String(answer.body['ndc']), new RegExp(`^${entityId}_[0-9a-f]{32}$`));
    assert.match(String(answer.body['shortId']), /^\d{4}\.\d{4}\.\d{4}$/);
    assert.equal(answer.body['descriptor'], `${String(answer.body['shortId'])} SandboxChannel `);
    assert.deepEqual(answer.body['card'], { bin: '420000', last4Digits: '0000', holder: 'Ana Lopes', expiryMonth: '05', expiryYear: '2034' });
    assert.equal(codeOf(answer), '000.100.110', 'INTERNAL is the default when testMode is absent');
    assert.equal(codeOf(await debit({ testMode: 'EXTERNAL' })), '000.100.112');
  });

  it('refuses a bad token with 401 and a foreign entity with the configured status', async () => {
    assert.equal((await call('POST', '/v1/payments', {}, 'bm9wZQ==')).status, 401);
    const foreign = await fetch(`${base}/v1/query?entityId=${'0'.repeat(32)}&merchantTransactionId=x`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(foreign.status, 403);
  });

  it('validates the form: every problem as a parameterError under 200.300.404, HTTP 400, no id, no card number echoed', async () => {
    const answer = await call('POST', '/v1/payments', { amount: '-20.20', currency: 'EUR', paymentType: 'XX', paymentBrand: 'VISA', 'card.number': '42', 'card.expiryMonth': '13', 'card.expiryYear': '2034' });
    assert.equal(answer.status, 400);
    assert.equal(answer.body['id'], undefined);
    const result = answer.body['result'] as { code: string; parameterErrors: Array<{ name: string; value?: string; message: string }> };
    assert.equal(result.code, '200.300.404');
    const byName = Object.fromEntries(result.parameterErrors.map((error) => [error.name, error]));
    assert.deepEqual(byName['amount'], { name: 'amount', value: '-20.20', message: 'must match ^[0-9]{1,12}(\\.[0-9]{2})?$' });
    assert.equal(byName['paymentType']?.message, 'must be one of [PA, DB, CD, PA.CP]');
    assert.equal(byName['card.number']?.value, undefined);
    assert.ok(byName['card.expiryMonth']);
  });

  it('refuses POST parameters in the URL', async () => {
    const response = await fetch(`${base}/v1/payments?entityId=${entityId}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new URLSearchParams({ entityId }).toString() });
    assert.equal(response.status, 400);
  });

  it('applies the documented test switches: invalid card, forced code, frictionless 3-D Secure', async () => {
    assert.equal(codeOf(await debit({ 'card.number': '4444444444444444' })), '100.100.101');
    assert.equal(codeOf(await debit({ 'customParameters[forceResultCode]': '800.100.151' })), '800.100.151');
    assert.equal(codeOf(await debit({ 'card.holder': '000.000.000' })), '000.100.110', 'a 000.* holder name is not a forced result');
    const frictionless = await debit({ 'customParameters[3DS2_enrolled]': 'true', 'customParameters[3DS2_flow]': 'frictionless' });
    assert.equal(codeOf(frictionless), '000.400.110');
    assert.deepEqual(frictionless.body['customParameters'], { '3DS2_enrolled': 'true', '3DS2_flow': 'frictionless' });
  });

  it('lets only the platform book chargebacks and receipts', async () => {
    const id = String((await debit()).body['id']);
    assert.equal(codeOf(await call('POST', `/v1/payments/${id}`, { paymentType: 'CB', amount: '1.00', currency: 'EUR' })), '700.400.402');
    assert.equal(codeOf(await call('POST', `/v1/payments/${id}`, { paymentType: 'RC', amount: '1.00', currency: 'EUR' })), '700.400.562');
    assert.equal(codeOf(await call('POST', `/v1/payments/${id}`, { paymentType: 'RF', amount: '1.00', currency: 'USD' })), '700.100.500');
    assert.equal(codeOf(await call('POST', `/v1/payments/${id}`, { paymentType: 'CP', amount: '1.00', currency: 'EUR' })), '700.400.510');
  });

  it('registers a card stand-alone, pays with it, deletes it, and refuses it afterwards', async () => {
    const registration = await call('POST', '/v1/registrations', cardForm);
    assert.equal(registration.status, 200);
    const id = String(registration.body['id']);
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(registration.body['paymentType'], undefined);
    assert.equal((await call('POST', '/v1/registrations', { ...cardForm, paymentType: 'DB' })).status, 400);
    const paid = await call('POST', `/v1/registrations/${id}/payments`, { amount: '10.00', currency: 'EUR', paymentType: 'DB', 'card.cvv': '123' });
    assert.equal(codeOf(paid), '000.100.110');
    assert.equal(paid.body['registrationId'], id);
    assert.equal((await call('DELETE', `/v1/registrations/${id}`)).status, 200);
    assert.equal(codeOf(await call('DELETE', `/v1/registrations/${id}`)), '100.150.202');
    assert.equal(codeOf(await call('POST', `/v1/registrations/${id}/payments`, { amount: '10.00', currency: 'EUR', paymentType: 'DB' })), '100.150.202');
    assert.equal(codeOf(await call('POST', `/v1/registrations/${'9'.repeat(32)}/payments`, { amount: '10.00', currency: 'EUR', paymentType: 'DB' })), '100.150.200');
    assert.equal(codeOf(await call('POST', '/v1/registrations/not-an-id/payments', { amount: '10.00', currency: 'EUR', paymentType: 'DB' })), '100.150.101');
  });

  it('answers the third status call of a transaction within a minute with 429; queries stay unlimited', async () => {
    const id = String((await debit()).body['id']);
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await call('GET', `/v1/payments/${id}`)).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    for (let attempt = 0; attempt < 5; attempt += 1) assert.equal((await call('GET', `/v1/query/${id}`)).status, 200);
  });

  it('queries by merchantTransactionId into a payments envelope, and answers 700.400.580 without a match', async () => {
    await debit({ merchantTransactionId: 'ORDER-9' });
    await debit({ merchantTransactionId: 'ORDER-9' });
    const found = await call('GET', '/v1/query', { merchantTransactionId: 'ORDER-9' });
    assert.equal((found.body['payments'] as unknown[]).length, 2);
    const none = await call('GET', '/v1/query', { merchantTransactionId: 'ORDER-NONE' });
    assert.deepEqual([none.status, codeOf(none)], [404, '700.400.580']);
    const codes = await fetch(`${base}/v1/resultcodes`);
    assert.ok(((await codes.json()) as { resultCodes: unknown[] }).resultCodes.length > 50);
  });
});
