/**
 * The adapter's verbs against a 127.0.0.1 server that answers with the fact sheet's payloads
 * (fixtures/, or answers built from the sheet's field lists, named at each use) and records what
 * the adapter sent. The fixtures' links name backendapi.sayswitchgroup.com; tests point them at the
 * local server (tests only talk to 127.0.0.1), which is the one change made to them.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  DeserializationError,
  InvalidRequestError,
  NotFoundError,
  NotSupportedError,
  RateLimitedError,
  UnexpectedGatewayResponseError,
  ValidationError,
} from '../../../electron/core/errors.ts';
import { sayswitch } from '../../../electron/core/gateways/sayswitch/index.ts';
import { decryptSayswitchPayload, encryptSayswitchPayload, sayswitchPayloadKey } from '../../../electron/core/gateways/sayswitch/payload-crypto.ts';
import type { SayswitchAdapter } from '../../../electron/core/gateways/sayswitch/adapter.ts';
import type { CallProgress, GatewayData, PaymentRef, PaymentRequest } from '../../../electron/core/gateways/types.ts';
import { createHttpClient, type PooledHttpClient, type WireRecord } from '../../../electron/core/http/http-client.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import { fixture, fixtureText } from './fixtures.ts';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}
interface Canned {
  readonly status: number;
  readonly body: unknown;
  readonly contentType?: string;
}

const SECRET = 'sk_test_0123456789abcdef';
const AES_KEY = '0123456789abcdef0123456789abcdef';
const AES_IV = 'fedcba9876543210';
const CARD_BLOB = 'ab'.repeat(48);
let server: Server;
let base = '';
let http: PooledHttpClient;
const seen: Seen[] = [];
const wire: WireRecord[] = [];
let answers: Canned[] = [];

before(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      seen.push({ method: request.method ?? '', path: url.pathname, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? { status: 500, body: { success: false, message: 'no canned answer' } };
      response.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
      response.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  http = createHttpClient({ clock: systemClock, wireSink: { record: (entry) => void wire.push(entry) }, requestTimeoutMs: 3_000 });
});
after(async () => {
  await http.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
  wire.length = 0;
  answers = [];
});

function adapter(options: Record<string, string | number | boolean> = {}): SayswitchAdapter {
  const secrets: Record<string, string> = { secretKey: SECRET, encryptionKey: AES_KEY, encryptionIv: AES_IV };
  return sayswitch.createAdapter({
    profile: { id: 'p', name: 'Sayswitch', gatewayId: 'sayswitch', environment: 'test', baseUrl: `${base}/`, options },
    secret: async (field) => {
      const value = secrets[field];
      if (value === undefined) throw new AuthenticationError(`no ${field}`);
      return value;
    },
    http: http.withContext({ gatewayId: 'sayswitch', paymentId: 'pay_1', operationId: null }),
    clock: systemClock,
  });
}

function progress(): CallProgress & { recorded: Array<{ id: string; data: GatewayData }> } {
  const recorded: Array<{ id: string; data: GatewayData }> = [];
  return { recorded, recordGatewayReference: (id, data) => recorded.push({ id, data }) };
}

/** The fixture with its links pointed at the local server. */
function local(name: string): unknown {
  return JSON.parse(fixtureText(name).replaceAll('https://backendapi.sayswitchgroup.com', base));
}

const request: PaymentRequest = {
  kind: 'sale',
  amountMinor: 1_000n,
  currency: 'NGN',
  merchantReference: 'MOTO-20250301-ABCDEFGH',
  description: 'Phone order',
  card: { number: '5204730000002449', expiryMonth: 12, expiryYear: 2035, cvv: '244', holder: 'Ada Obi' },
  customer: { name: 'Ada Obi', email: 'ada@example.ng' },
  moto: true,
  storeCard: false,
};

function ref(gatewayData: GatewayData, amountMinor = 1_000n): PaymentRef {
  return { gatewayTransactionId: request.merchantReference, merchantReference: request.merchantReference, kind: 'sale', amountMinor, currency: 'NGN', gatewayData, createdAt: new Date() };
}

/** §4's verify answer, built from its field list with §9's sample amounts (10.00 + 0.12 fees = 10.12). */
function verifyAnswer(status: string, extra: Record<string, unknown> = {}) {
  return {
    success: true,
    message: 'Verification successful',
    data: { amount: '10.12', requested_amount: '10.00', fees: '0.12', currency: 'NGN', status, transaction_date: '2025-03-01 12:30:00', reference: request.merchantReference, domain: 'test', gateway_response: 'Approved', channel: 'card', ...extra },
    customer: { id: 1, customer_code: 'CUS_1', first_name: 'Ada', last_name: 'Obi', email: 'ada@example.ng' },
    card: { first6Digits: '520473', last4Digits: '2449', expiry: '1235', type: 'mastercard', token: null },
    log: { time_spent: 9, attempts: 1, authentication: '3ds2', errors: 0, success: true, channel: 'card', history: [] },
  };
}

describe('Sayswitch adapter: card charge on documented answers', () => {
  it('encrypts the card, initializes in naira, follows _links to 3-D Secure and hands over the hosted page (§2)', async () => {
    answers = [
      { status: 200, body: CARD_BLOB, contentType: 'text/plain' },
      { status: 200, body: local('factsheet-s2-initialize-3ds2-response.json') },
      { status: 200, body: local('factsheet-s2-3ds2auth-response.json') },
    ];
    const recorder = progress();
    const result = await adapter().purchase(request, recorder);
    assert.deepEqual(seen.map((entry) => `${entry.method} ${entry.path}`), ['POST /api/s2s/test/encryption', 'POST /api/s2s/transaction/initialize', 'POST /api/mrtyui876578a/3ds2auth']);
    assert.equal(seen[0]?.headers['authorization'], `Bearer ${SECRET}`);
    assert.deepEqual(JSON.parse(seen[0]?.body ?? ''), { data: { number: '5204730000002449', expiryMonth: '12', expiryYear: '35', cvv: '244' }, reference: 'MOTO-20250301-ABCDEFGH' });
    assert.deepEqual(JSON.parse(seen[1]?.body ?? ''), { amount: '10.00', card: CARD_BLOB, currency: 'NGN', email: 'ada@example.ng', reference: 'MOTO-20250301-ABCDEFGH' });
    assert.deepEqual(JSON.parse(seen[2]?.body ?? ''), { ref: 'MOTO-20250301-ABCDEFGH' });
    assert.deepEqual([result.outcome, result.status, result.gatewayTransactionId], ['pending', 'requires_action', 'MOTO-20250301-ABCDEFGH']);
    assert.equal(result.pendingAction?.type, 'OTP_PAGE');
    assert.equal(result.pendingAction?.url, `${base}/mrtyui876578a-payment/authpayer/{reference}`);
    assert.equal(result.pendingAction?.method, 'GET');
    assert.match(result.pendingAction?.message ?? '', /Proceed payer authentication.*send them this link/);
    assert.deepEqual(recorder.recorded, [{ id: 'MOTO-20250301-ABCDEFGH', data: { channel: 'card' } }]);
  });

  it('reads the older OTP flow (§3) and asks the agent for the code, with paymentid as the action id', async () => {
    answers = [
      { status: 200, body: CARD_BLOB, contentType: 'text/plain' },
      { status: 200, body: local('factsheet-s3-initialize-otp-response.json') },
    ];
    const result = await adapter().purchase({ ...request, card: { ...request.card, number: '4111111111111111' } }, progress());
    assert.equal(result.status, 'requires_action');
    assert.equal(result.pendingAction?.type, 'OTP');
    assert.equal(result.pendingAction?.id, '1933565739');
    assert.match(result.pendingAction?.message ?? '', /Kindly enter the OTP sent to 234706\*\*\*9927.*Ask the customer for the one-time code/);
    assert.equal(result.gatewayData['actionUrl'], `${base}/api/i5678930tyuhjns-cardotp`);
  });

  it('submits the OTP the customer read out as otp, ref and payid, then verifies (fees kept apart from our amount)', async () => {
    answers = [
      { status: 200, body: { status: true, message: 'Transaction successful' } },
      { status: 200, body: verifyAnswer('success') },
    ];
    const data = { channel: 'card', flow: 'otp', paymentId: '1933565739', actionType: 'OTP', actionUrl: `${base}/api/i5678930tyuhjns-cardotp`, actionId: '1933565739' };
    const result = await adapter().capabilities.customerSteps.continueAction(ref(data), { id: '1933565739', type: 'OTP', otp: '123456' });
    assert.deepEqual(JSON.parse(seen[0]?.body ?? ''), { otp: '123456', ref: 'MOTO-20250301-ABCDEFGH', payid: '1933565739' });
    assert.equal(seen[1]?.path, '/api/s2s/v1/transaction/verify/MOTO-20250301-ABCDEFGH');
    assert.deepEqual([result?.outcome, result?.status], ['succeeded', 'captured']);
    assert.equal(result?.gatewayData['fees'], '0.12');
    assert.equal(result?.gatewayData['chargedAmount'], '10.12');
    assert.match(result?.gatewayMessage ?? '', /Approved \(Sayswitch fees 0\.12 NGN; charged 10\.12\)/);
  });

  it('asks for the OTP again before sending anything when none was given', async () => {
    const data = { channel: 'card', actionType: 'OTP', actionUrl: `${base}/api/i5678930tyuhjns-cardotp`, paymentId: '1' };
    await assert.rejects(adapter().capabilities.customerSteps.continueAction(ref(data), { id: '1', type: 'OTP' }), ValidationError);
    assert.equal(seen.length, 0);
  });

  it('reads a 422 at initialize as a decline, not an error', async () => {
    answers = [
      { status: 200, body: CARD_BLOB, contentType: 'text/plain' },
      { status: 422, body: { status: false, message: 'Insufficient funds', error: 'Insufficient funds' } },
    ];
    const result = await adapter().purchase(request, progress());
    assert.deepEqual([result.outcome, result.status, result.gatewayCode, result.gatewayMessage], ['declined', 'declined', '422', 'Insufficient funds']);
  });

  it('never sends the secret key to a link outside Sayswitch', async () => {
    const foreign = JSON.parse(fixtureText('factsheet-s2-initialize-3ds2-response.json').replace('https://backendapi.sayswitchgroup.com', 'http://attacker.example')) as unknown;
    answers = [
      { status: 200, body: CARD_BLOB, contentType: 'text/plain' },
      { status: 200, body: foreign },
    ];
    await assert.rejects(adapter().purchase(request, progress()), UnexpectedGatewayResponseError);
    assert.equal(seen.length, 2);
  });

  it('hands over the issuer challenge form with its creq when the profile asks for it', async () => {
    const html = `<div><form method="POST" action="${base}/acs/R1"><input type="hidden" name="creq" value="eyJ4IjoxfQ"></form><iframe name="challengeFrame"></iframe></div>`;
    answers = [
      { status: 200, body: CARD_BLOB, contentType: 'text/plain' },
      { status: 200, body: local('factsheet-s2-initialize-3ds2-response.json') },
      { status: 200, body: { status: true, message: 'Proceed payer authentication', data: html, alt: `${base}/page` } },
    ];
    const result = await adapter({ authenticationPage: 'challenge-form' }).purchase(request, progress());
    assert.equal(result.pendingAction?.type, 'THREEDS');
    assert.equal(result.pendingAction?.url, `${base}/acs/R1`);
    assert.deepEqual(result.pendingAction?.parameters, [{ name: 'creq', value: 'eyJ4IjoxfQ' }]);
  });

  it('needs an e-mail: the customer\'s, or the profile\'s fallback', async () => {
    await assert.rejects(adapter().purchase({ ...request, customer: {} }, progress()), ValidationError);
    assert.equal(seen.length, 0);
    answers = [
      { status: 200, body: CARD_BLOB, contentType: 'text/plain' },
      { status: 200, body: local('factsheet-s3-initialize-otp-response.json') },
    ];
    await adapter({ fallbackCustomerEmail: 'orders@merchant.ng' }).purchase({ ...request, customer: {} }, progress());
    assert.equal(JSON.parse(seen[1]?.body ?? '{}').email, 'orders@merchant.ng');
  });

  it('refuses authorisations and currencies the card flow does not take', async () => {
    await assert.rejects(adapter().purchase({ ...request, kind: 'auth' }, progress()), NotSupportedError);
    await assert.rejects(adapter().purchase({ ...request, currency: 'GHS' }, progress()), ValidationError);
    assert.equal(adapter().capabilities.authorization, undefined);
  });
});

describe('Sayswitch adapter: verify, lookups and import', () => {
  it('syncs through verify: success is captured, pending with an open step stays requires_action', async () => {
    answers = [{ status: 200, body: verifyAnswer('success') }];
    const captured = await adapter().sync(ref({ channel: 'card' }));
    assert.deepEqual([captured.status, captured.final, captured.gatewayCode], ['captured', true, 'success']);
    answers = [{ status: 200, body: verifyAnswer('pending') }];
    const waiting = await adapter().sync(ref({ channel: 'card', actionType: 'OTP_PAGE', actionUrl: `${base}/page`, actionMethod: 'GET' }));
    assert.deepEqual([waiting.status, waiting.final, waiting.pendingAction?.url], ['requires_action', false, `${base}/page`]);
  });

  it('maps failed to declined and cancelled to failed', async () => {
    answers = [{ status: 200, body: verifyAnswer('failed') }];
    assert.equal((await adapter().sync(ref({ channel: 'card' }))).status, 'declined');
    answers = [{ status: 200, body: verifyAnswer('cancelled') }];
    assert.equal((await adapter().sync(ref({ channel: 'card' }))).status, 'failed');
  });

  it('treats an unknown status as unexpected, never as success', async () => {
    answers = [{ status: 200, body: verifyAnswer('reversed') }];
    await assert.rejects(adapter().sync(ref({ channel: 'card' })), UnexpectedGatewayResponseError);
  });

  it('uses the v1 verify path for bank transfers by default and the s2s one for cards', async () => {
    answers = [{ status: 200, body: verifyAnswer('pending', { channel: 'bank_transfer' }) }];
    await adapter().sync(ref({ channel: 'bank_transfer' }));
    assert.equal(seen[0]?.path, '/api/v1/transaction/verify/MOTO-20250301-ABCDEFGH');
    answers = [{ status: 200, body: verifyAnswer('pending', { channel: 'bank_transfer' }) }];
    await adapter({ transferVerifyEndpoint: 's2s' }).sync(ref({ channel: 'bank_transfer' }));
    assert.equal(seen[1]?.path, '/api/s2s/v1/transaction/verify/MOTO-20250301-ABCDEFGH');
  });

  it('reads the documented not-found answer: sync throws, a purchase lookup says it never happened', async () => {
    answers = [{ status: 404, body: fixture('factsheet-s4-verify-not-found.json') }];
    await assert.rejects(adapter().sync(ref({})), NotFoundError);
    answers = [{ status: 404, body: fixture('factsheet-s4-verify-not-found.json') }];
    assert.equal(await adapter().lookupOperation('purchase', request.merchantReference, ref({})), null);
  });

  it('proves the key with a verify of a reference that cannot exist', async () => {
    answers = [{ status: 404, body: fixture('factsheet-s4-verify-not-found.json') }];
    assert.deepEqual(await adapter().testCredentials(), { ok: true, message: 'Sayswitch accepted the secret key' });
    answers = [{ status: 401, body: { success: false, message: 'Unauthorized' } }];
    const refused = await adapter().testCredentials();
    assert.equal(refused.ok, false);
    assert.match(refused.message, /HTTP 401/);
  });

  it('imports a transaction by reference with its card and the requested amount, not the charged one', async () => {
    answers = [{ status: 200, body: verifyAnswer('success', { id: 1933565739, created_at: '2025-03-01 12:30:00' }) }];
    const found = await adapter().capabilities.imports.fetchTransaction({ merchantReference: request.merchantReference });
    assert.equal(found?.amountMinor, 1_000n);
    assert.equal(found?.currency, 'NGN');
    assert.deepEqual(found?.card, { brand: 'mastercard', bin: '520473', last4: '2449', expiryMonth: 12, expiryYear: 2035, holder: 'Ada Obi' });
    assert.equal(found?.createdAt.toISOString(), '2025-03-01T11:30:00.000Z');
    assert.equal(found?.gatewayData['transactionId'], '1933565739');
    assert.equal(seen[0]?.path, '/api/v1/transaction/verify/MOTO-20250301-ABCDEFGH');
  });

  it('reads kobo amounts when the profile says answers are in minor units', async () => {
    answers = [{ status: 200, body: verifyAnswer('success', { amount: '1012', requested_amount: '1000', fees: '12' }) }];
    const found = await adapter({ responseAmountUnit: 'minor' }).capabilities.imports.fetchTransaction({ merchantReference: request.merchantReference });
    assert.equal(found?.amountMinor, 1_000n);
  });
});

describe('Sayswitch adapter: bank transfer and refund', () => {
  it('opens a virtual account and returns it as bank-transfer instructions (§5, fields as listed)', async () => {
    answers = [{ status: 200, body: { status: true, message: 'Account generated', data: { account_name: 'SAYSWITCH', account_number: '9912345678', bank_name: 'Wema Bank' } } }];
    const result = await adapter().capabilities.bankTransfer.request({ amountMinor: 250_000n, currency: 'NGN', merchantReference: 'BT-1', description: undefined, customer: { email: 'ada@example.ng' } }, progress());
    assert.deepEqual(JSON.parse(seen[0]?.body ?? ''), { email: 'ada@example.ng', amount: '2500.00', currency: 'NGN', reference: 'BT-1' });
    assert.equal(seen[0]?.path, '/api/s2s/banktransfer/initialize');
    assert.deepEqual([result?.outcome, result?.status, result?.method], ['pending', 'pending', 'bank_transfer']);
    assert.deepEqual(result?.instructions, { type: 'bank_transfer', bankName: 'Wema Bank', accountNumber: '9912345678', accountName: 'SAYSWITCH', amountMinor: 250_000n, currency: 'NGN', expiresAt: null });
  });

  it('refunds the whole payment by reference and reads the pending refund (§5, fields as listed)', async () => {
    answers = [{ status: 200, body: { success: true, message: 'Refund submitted and in progress', data: { refund_id: 12, reference: 'RF_ABC', status: 'pending' } } }];
    const result = await adapter().refund({ payment: ref({ channel: 'card' }), kind: 'refund', amountMinor: 1_000n, currency: 'NGN', merchantReference: 'RF-1', reason: undefined });
    assert.deepEqual(JSON.parse(seen[0]?.body ?? ''), { reference: 'MOTO-20250301-ABCDEFGH' });
    assert.deepEqual(result, { outcome: 'pending', gatewayOperationId: 'RF_ABC', gatewayCode: 'pending', gatewayMessage: 'Refund submitted and in progress' });
  });

  it('refuses a partial refund without calling Sayswitch', async () => {
    await assert.rejects(adapter().refund({ payment: ref({ channel: 'card' }), kind: 'refund', amountMinor: 400n, currency: 'NGN', merchantReference: 'RF-2', reason: undefined }), NotSupportedError);
    assert.equal(seen.length, 0);
  });

  it('finds a refund of the payment in the refund list by Sayswitch\'s transaction id', async () => {
    // §5's refund list fields.
    answers = [{ status: 200, body: { success: true, data: [{ id: 1, transaction_id: 99, refund_reference: 'RF_OTHER', status: 'success' }, { id: 2, transaction_id: 1933565739, refund_reference: 'RF_ABC', status: 'success', created_at: '2025-03-02 10:00:00' }], meta: { total: 2 } } }];
    const found = await adapter().lookupOperation('refund', 'RF-1', ref({ channel: 'card', transactionId: '1933565739' }));
    assert.deepEqual([found?.outcome, found?.gatewayOperationId], ['succeeded', 'RF_ABC']);
  });
});

describe('Sayswitch adapter: HTTP answers (§1 status table)', () => {
  const sync = () => adapter().sync(ref({ channel: 'card' }));
  it('401 and 403 are credential errors', async () => {
    answers = [{ status: 401, body: { success: false, message: 'Unauthorized' } }];
    await assert.rejects(sync(), AuthenticationError);
    answers = [{ status: 403, body: { success: false, message: 'Test key on live' } }];
    await assert.rejects(sync(), /HTTP 403; a test key on live/);
  });
  it('400 is a malformed request, 409 a duplicate, 429 the rate limit, 5xx the platform', async () => {
    answers = [{ status: 400, body: { success: false, message: 'Validation error', error: 'amount is required' } }];
    await assert.rejects(sync(), (error) => error instanceof InvalidRequestError && /amount is required/.test(error.message));
    answers = [{ status: 409, body: { status: false, message: 'Duplicate transaction reference' } }];
    await assert.rejects(sync(), ConflictError);
    answers = [{ status: 429, body: { success: false, message: 'Too many requests' } }];
    await assert.rejects(sync(), RateLimitedError);
    answers = [{ status: 502, body: '<html>Bad gateway</html>', contentType: 'text/html' }];
    await assert.rejects(sync(), ConnectionError);
  });
  it('an unreadable 200 is a deserialization error', async () => {
    answers = [{ status: 200, body: '<html>maintenance</html>', contentType: 'text/html' }];
    await assert.rejects(sync(), DeserializationError);
    answers = [{ status: 200, body: { success: true, data: { amount: '10' } } }];
    await assert.rejects(sync(), DeserializationError);
  });
});

describe('Sayswitch adapter: payload encryption on', () => {
  const key = sayswitchPayloadKey(AES_KEY, AES_IV);

  it('sends S2S bodies as {"data": hex}, reads encrypted answers, and leaves /api/v1 calls in clear', async () => {
    answers = [
      { status: 200, body: { data: encryptSayswitchPayload(CARD_BLOB, key) } },
      { status: 200, body: { data: encryptSayswitchPayload(fixtureText('factsheet-s3-initialize-otp-response.json').replaceAll('https://backendapi.sayswitchgroup.com', base), key) } },
    ];
    const result = await adapter({ payloadEncryption: true }).purchase(request, progress());
    assert.equal(result.pendingAction?.type, 'OTP');
    const sent = JSON.parse(seen[1]?.body ?? '') as { data: string };
    assert.deepEqual(Object.keys(sent), ['data']);
    assert.match(sent.data, /^[0-9a-f]+$/);
    assert.deepEqual(JSON.parse(decryptSayswitchPayload(sent.data, key)), { amount: '10.00', card: CARD_BLOB, currency: 'NGN', email: 'ada@example.ng', reference: 'MOTO-20250301-ABCDEFGH' });
    assert.ok(wire.every((entry) => !(entry.requestBody ?? '').includes('5204730000002449')));
    assert.equal(wire[1]?.requestBody, '{"data":"[ENCRYPTED]"}');

    answers = [{ status: 200, body: { success: true, message: 'Refund submitted and in progress', data: { refund_id: 1, reference: 'RF_1', status: 'pending' } } }];
    await adapter({ payloadEncryption: true }).refund({ payment: ref({}), kind: 'refund', amountMinor: 1_000n, currency: 'NGN', merchantReference: 'RF-3', reason: undefined });
    assert.equal(seen[2]?.body, '{"reference":"MOTO-20250301-ABCDEFGH"}');
  });

  it('reports an answer encrypted with another key as unreadable', async () => {
    const other = sayswitchPayloadKey('ffffffffffffffffffffffffffffffff', AES_IV);
    answers = [{ status: 200, body: { data: encryptSayswitchPayload(JSON.stringify(verifyAnswer('success')), other) } }];
    await assert.rejects(adapter({ payloadEncryption: true }).sync(ref({ channel: 'card' })), DeserializationError);
  });
});
