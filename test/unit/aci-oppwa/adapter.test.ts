/**
 * The adapter's verbs against a 127.0.0.1 server that answers with the fact sheet's payloads
 * (fixtures/, or the §2 answer changed as the sheet describes, named at each use) and records
 * what the adapter sent.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AuthenticationError,
  ConnectionError,
  DeserializationError,
  InvalidRequestError,
  RateLimitedError,
  UnexpectedGatewayResponseError,
} from '../../../electron/core/errors.ts';
import { aciOppwa } from '../../../electron/core/gateways/aci-oppwa/index.ts';
import type { CallProgress, GatewayAdapter, GatewayData, PaymentRef, PaymentRequest } from '../../../electron/core/gateways/types.ts';
import { createHttpClient, type PooledHttpClient } from '../../../electron/core/http/http-client.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import { fixture } from './fixtures.ts';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly form: URLSearchParams;
}
interface Canned {
  readonly status: number;
  readonly body: unknown;
}

const ENTITY = '8ac7a4c890fc748b0190fe6ad56b0241';
let server: Server;
let base = '';
let http: PooledHttpClient;
const seen: Seen[] = [];
let answers: Canned[] = [];

before(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      seen.push({ method: request.method ?? '', path: url.pathname, query: url.searchParams, headers: request.headers, form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) });
      const answer = answers.shift() ?? { status: 500, body: { result: { code: '999.999.999' } } };
      response.writeHead(answer.status, { 'content-type': 'application/json;charset=UTF-8' });
      response.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  http = createHttpClient({ clock: systemClock, wireSink: { record: () => undefined }, requestTimeoutMs: 3_000 });
});
after(async () => {
  await http.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
  answers = [];
});

function adapter(options: Record<string, string | number | boolean> = {}): GatewayAdapter {
  return aciOppwa.createAdapter({
    profile: { id: 'p', name: 'Westpay', gatewayId: 'aci-oppwa', environment: 'test', baseUrl: base, options: { entityId: ENTITY, ...options } },
    shopperResultUrl: 'http://127.0.0.1:9/return/p',
    secret: async (field) => `${field}-value`,
    http: http.withContext({ gatewayId: 'aci-oppwa', paymentId: null, operationId: null }),
    clock: systemClock,
  });
}

function progress(): CallProgress & { recorded: Array<{ id: string; data: GatewayData }> } {
  const recorded: Array<{ id: string; data: GatewayData }> = [];
  return { recorded, recordGatewayReference: (id, data) => recorded.push({ id, data }) };
}

const request: PaymentRequest = {
  kind: 'sale',
  amountMinor: 10_000n,
  currency: 'EUR',
  merchantReference: 'P175',
  description: 'Phone order',
  card: { number: '4200000000000042', expiryMonth: 2, expiryYear: 2027, cvv: '123', holder: 'John Smith' },
  customer: { name: 'John Smith', email: 'john@example.com' },
  moto: true,
  storeCard: false,
};

const success = () => fixture('factsheet-s2-debit-success.json');
const paymentRef = (kind: 'sale' | 'auth'): PaymentRef => ({
  gatewayTransactionId: '8ac7a4a192b3b5060192b471c0d82dfb',
  merchantReference: 'P175',
  kind,
  amountMinor: 10_000n,
  currency: 'EUR',
  gatewayData: { paymentType: kind === 'auth' ? 'PA' : 'DB' },
  createdAt: new Date(),
});
const operation = (kind: 'sale' | 'auth', op: 'capture' | 'refund' | 'void' | 'rebill', amountMinor = 4_000n) => ({
  payment: paymentRef(kind),
  kind: op,
  amountMinor,
  currency: 'EUR',
  merchantReference: `${op}-1`,
  reason: undefined,
});

describe('OPPWA adapter on documented answers', () => {
  it('debits with a form of dotted keys and reads the §2 success as captured', async () => {
    answers = [{ status: 200, body: success() }];
    const recorder = progress();
    const result = await adapter({ testMode: 'EXTERNAL' }).purchase(request, recorder);
    assert.deepEqual([result.outcome, result.status, result.gatewayTransactionId, result.gatewayCode], ['succeeded', 'captured', '8ac7a4a192b3b5060192b471c0d82dfb', '000.100.112']);
    assert.deepEqual(recorder.recorded, [{ id: '8ac7a4a192b3b5060192b471c0d82dfb', data: { paymentType: 'DB' } }]);
    const sent = seen[0];
    assert.ok(sent);
    assert.equal(sent.method, 'POST');
    assert.equal(sent.path, '/v1/payments');
    assert.equal(sent.query.size, 0, 'POST parameters never go in the URL');
    assert.equal(sent.headers['authorization'], 'Bearer accessToken-value');
    assert.equal(sent.headers['content-type'], 'application/x-www-form-urlencoded;charset=UTF-8');
    assert.deepEqual(Object.fromEntries(sent.form), {
      entityId: ENTITY,
      testMode: 'EXTERNAL',
      amount: '100.00',
      currency: 'EUR',
      paymentType: 'DB',
      paymentBrand: 'VISA',
      'card.number': '4200000000000042',
      'card.holder': 'John Smith',
      'card.expiryMonth': '02',
      'card.expiryYear': '2027',
      'card.cvv': '123',
      merchantTransactionId: 'P175',
      'customer.givenName': 'John',
      'customer.surname': 'Smith',
      'customer.email': 'john@example.com',
      shopperResultUrl: 'http://127.0.0.1:9/return/p',
    });
  });

  it('reads a decline (HTTP 400, the §2 answer without amount and descriptor, §9) as declined data', async () => {
    const { amount: _amount, descriptor: _descriptor, ...decline } = success();
    answers = [{ status: 400, body: { ...decline, result: { code: '800.100.153', description: 'transaction declined (invalid CVV)' } } }];
    const result = await adapter().authorize(request, progress());
    assert.deepEqual([result.outcome, result.status, result.gatewayCode, result.gatewayMessage], ['declined', 'declined', '800.100.153', 'transaction declined (invalid CVV)']);
    assert.equal(result.token, null);
  });

  it('turns the §5.4 validation error into InvalidRequestError with parameterErrors as fields', async () => {
    answers = [{ status: 400, body: fixture('factsheet-s5-validation-error.json') }];
    await assert.rejects(adapter().purchase(request, progress()), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestError);
      assert.equal(error.gatewayCode, '200.300.404');
      assert.deepEqual(error.fields, { amount: 'must match ^[0-9]{1,12}(\\.[0-9]{2})?$' });
      return true;
    });
  });

  it('reads 000.200.000 with the §6 redirect as requires_action with a REDIRECT pending action', async () => {
    answers = [{ status: 200, body: { ...success(), paymentType: 'PA', result: { code: '000.200.000', description: 'transaction pending' }, redirect: fixture('factsheet-s6-redirect.json') } }];
    const result = await adapter().authorize(request, progress());
    assert.deepEqual([result.outcome, result.status], ['pending', 'requires_action']);
    assert.deepEqual(result.pendingAction, {
      id: null,
      type: 'REDIRECT',
      url: 'https://…',
      method: 'POST',
      parameters: [
        { name: 'TermUrl', value: '…' },
        { name: 'PaReq', value: '…' },
        { name: 'MD', value: '…' },
      ],
      message: 'The cardholder must complete 3-D Secure at the card issuer; the payment completes when they return',
    });
  });

  it('asks for a registration on a stored card and returns the token with what an MIT needs', async () => {
    answers = [{ status: 200, body: { ...success(), registrationId: 'c'.repeat(32) } }];
    const result = await adapter().purchase({ ...request, storeCard: true }, progress());
    assert.deepEqual(result.token, { value: 'c'.repeat(32), brand: 'visa', last4: '0042', expiryMonth: 2, expiryYear: 2027 });
    assert.deepEqual(result.gatewayData, { paymentType: 'DB', registrationId: 'c'.repeat(32), initialTransactionId: '8ac7a4a192b3b5060192b471c0d82dfb' });
    const form = seen[0]?.form;
    assert.deepEqual(
      ['createRegistration', 'standingInstruction.mode', 'standingInstruction.type', 'standingInstruction.source'].map((key) => form?.get(key)),
      ['true', 'INITIAL', 'UNSCHEDULED', 'CIT'],
    );
  });

  it('charges a registration as an MIT referencing the initial CIT', async () => {
    answers = [{ status: 200, body: { ...success(), id: 'd'.repeat(32), registrationId: 'c'.repeat(32) } }];
    const result = await adapter().chargeStored?.(
      { kind: 'auth', amountMinor: 2_500n, currency: 'EUR', merchantReference: 'MIT-1', description: undefined, credential: { type: 'card-token', value: 'c'.repeat(32), gatewayData: { initialTransactionId: 'a'.repeat(32) } }, recurrence: 'recurring' },
      progress(),
    );
    assert.equal(result?.outcome, 'succeeded');
    assert.equal(seen[0]?.path, `/v1/registrations/${'c'.repeat(32)}/payments`);
    assert.deepEqual(Object.fromEntries(seen[0]?.form ?? []), {
      entityId: ENTITY,
      amount: '25.00',
      currency: 'EUR',
      paymentType: 'PA',
      merchantTransactionId: 'MIT-1',
      'standingInstruction.mode': 'REPEATED',
      'standingInstruction.source': 'MIT',
      'standingInstruction.type': 'RECURRING',
      'standingInstruction.initialTransactionId': 'a'.repeat(32),
    });
  });

  it('captures with CP on the PA (§3: the answer adds referencedId)', async () => {
    answers = [{ status: 200, body: { ...success(), id: 'e'.repeat(32), paymentType: 'CP', amount: '40.00', referencedId: '8ac7a4a192b3b5060192b471c0d82dfb' } }];
    const result = await adapter().capture(operation('auth', 'capture'));
    assert.deepEqual(result, { outcome: 'succeeded', gatewayOperationId: 'e'.repeat(32), gatewayCode: '000.100.112', gatewayMessage: "Request successfully processed in 'Merchant in Connector Test Mode'" });
    assert.equal(seen[0]?.path, '/v1/payments/8ac7a4a192b3b5060192b471c0d82dfb');
    assert.deepEqual(Object.fromEntries(seen[0]?.form ?? []), { entityId: ENTITY, paymentType: 'CP', merchantTransactionId: 'capture-1', amount: '40.00', currency: 'EUR' });
  });

  it('refunds an authorisation on its capture, found in the query envelope of linked transactions', async () => {
    const capture = { ...success(), id: 'e'.repeat(32), paymentType: 'CP', referencedId: '8ac7a4a192b3b5060192b471c0d82dfb' };
    answers = [
      { status: 200, body: { result: { code: '000.000.100' }, payments: [capture] } },
      { status: 200, body: { ...success(), id: 'f'.repeat(32), paymentType: 'RF', referencedId: 'e'.repeat(32) } },
    ];
    const result = await adapter().refund(operation('auth', 'refund'));
    assert.equal(result.outcome, 'succeeded');
    assert.equal(seen[0]?.path, '/v1/query/8ac7a4a192b3b5060192b471c0d82dfb');
    assert.deepEqual(Object.fromEntries(seen[0]?.query ?? []), { entityId: ENTITY, includeLinkedTransactions: 'true', paymentTypes: 'CP' });
    assert.equal(seen[1]?.path, `/v1/payments/${'e'.repeat(32)}`);
    assert.equal(seen[1]?.form.get('paymentType'), 'RF');
  });

  it('reverses with RV and no amount, and reads a 700.* refusal as a declined operation', async () => {
    answers = [{ status: 400, body: { id: 'f'.repeat(32), paymentType: 'RV', referencedId: '8ac7a4a192b3b5060192b471c0d82dfb', result: { code: '700.400.300', description: 'cannot reverse' } } }];
    const result = await adapter().void(operation('sale', 'void'));
    assert.deepEqual([result.outcome, result.gatewayCode], ['declined', '700.400.300']);
    assert.deepEqual(Object.fromEntries(seen[0]?.form ?? []), { entityId: ENTITY, paymentType: 'RV', merchantTransactionId: 'void-1' });
  });

  it('syncs through the unlimited query by default and reads the query envelope by merchantTransactionId', async () => {
    answers = [{ status: 200, body: success() }];
    const status = await adapter().sync(paymentRef('sale'));
    assert.deepEqual([status.status, status.final], ['captured', true]);
    assert.equal(seen[0]?.path, '/v1/query/8ac7a4a192b3b5060192b471c0d82dfb');
    assert.equal(seen[0]?.query.get('entityId'), ENTITY);

    answers = [{ status: 200, body: { result: { code: '000.000.100' }, payments: [success()] } }];
    const found = await adapter().lookupOperation('purchase', 'P175', { ...paymentRef('sale'), gatewayTransactionId: null });
    assert.deepEqual([found?.outcome, found?.gatewayTransactionId], ['succeeded', '8ac7a4a192b3b5060192b471c0d82dfb']);
    assert.equal(seen[1]?.path, '/v1/query');
    assert.equal(seen[1]?.query.get('merchantTransactionId'), 'P175');
  });

  it('reads "cannot find transaction" on a lookup as no record, with HTTP 404 or 200', async () => {
    answers = [
      { status: 404, body: { result: { code: '700.400.580', description: 'cannot find transaction' } } },
      { status: 200, body: { result: { code: '700.400.580', description: 'cannot find transaction' } } },
    ];
    assert.equal(await adapter().lookupOperation('refund', 'R1', paymentRef('sale')), null);
    assert.equal(await adapter().lookupOperation('refund', 'R1', paymentRef('sale')), null);
  });

  it('maps HTTP statuses and unreadable answers to typed errors', async () => {
    answers = [
      { status: 401, body: { result: { code: '800.900.300' } } },
      { status: 403, body: '' },
      { status: 429, body: '' },
      { status: 502, body: '<html>Bad gateway</html>' },
      { status: 200, body: '<html>not json</html>' },
      { status: 200, body: { ...success(), result: { code: '123.456.789', description: 'brand new' } } },
    ];
    await assert.rejects(adapter().purchase(request, progress()), AuthenticationError);
    await assert.rejects(adapter().purchase(request, progress()), AuthenticationError);
    await assert.rejects(adapter().purchase(request, progress()), RateLimitedError);
    await assert.rejects(adapter().purchase(request, progress()), ConnectionError);
    await assert.rejects(adapter().purchase(request, progress()), DeserializationError);
    await assert.rejects(adapter().purchase(request, progress()), (error: unknown) => error instanceof UnexpectedGatewayResponseError && error.gatewayCode === '123.456.789');
  });

  it('refuses a profile without a 32-hex entity id, and testMode on production', async () => {
    await assert.rejects(adapter({ entityId: 'abc' }).purchase(request, progress()), /entity id/);
    const production = aciOppwa.createAdapter({
      profile: { id: 'p', name: 'Live', gatewayId: 'aci-oppwa', environment: 'production', baseUrl: base, options: { entityId: ENTITY, testMode: 'INTERNAL' } },
      secret: async (field) => `${field}-value`,
      http: http.withContext({ gatewayId: 'aci-oppwa', paymentId: null, operationId: null }),
      clock: systemClock,
    });
    await assert.rejects(production.purchase(request, progress()), /testMode/);
    assert.equal(seen.length, 0);
  });
});
