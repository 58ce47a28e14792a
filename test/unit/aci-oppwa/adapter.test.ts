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
  AnswerMismatchError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  DeserializationError,
  InvalidRequestError,
  leavesOutcomeUnknown,
  RateLimitedError,
  UnexpectedGatewayResponseError,
} from '../../../electron/core/errors.ts';
import { aciOppwa } from '../../../electron/core/gateways/aci-oppwa/index.ts';
import type { OppwaAdapter } from '../../../electron/core/gateways/aci-oppwa/adapter.ts';
import type { CallProgress, GatewayData, PaymentRef, PaymentRequest } from '../../../electron/core/gateways/types.ts';
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

function adapter(options: Record<string, string | number | boolean> = {}): OppwaAdapter {
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
    answers = [{ status: 400, body: { ...decline, paymentType: 'PA', result: { code: '800.100.153', description: 'transaction declined (invalid CVV)' } } }];
    const result = await adapter().capabilities.authorization.authorize(request, progress());
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
    const result = await adapter().capabilities.authorization.authorize(request, progress());
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
    answers = [{ status: 200, body: { ...success(), id: 'd'.repeat(32), paymentType: 'PA', amount: '25.00', merchantTransactionId: 'MIT-1', registrationId: 'c'.repeat(32) } }];
    const result = await adapter().capabilities.storedCredentials.charge(
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
    answers = [{ status: 200, body: { ...success(), id: 'e'.repeat(32), paymentType: 'CP', amount: '40.00', merchantTransactionId: 'capture-1', referencedId: '8ac7a4a192b3b5060192b471c0d82dfb' } }];
    const result = await adapter().capabilities.authorization.capture(operation('auth', 'capture'));
    assert.deepEqual(result, { outcome: 'succeeded', gatewayOperationId: 'e'.repeat(32), gatewayCode: '000.100.112', gatewayMessage: "Request successfully processed in 'Merchant in Connector Test Mode'" });
    assert.equal(seen[0]?.path, '/v1/payments/8ac7a4a192b3b5060192b471c0d82dfb');
    assert.deepEqual(Object.fromEntries(seen[0]?.form ?? []), { entityId: ENTITY, paymentType: 'CP', merchantTransactionId: 'capture-1', amount: '40.00', currency: 'EUR' });
  });

  it('refunds an authorisation on its capture, found in the query envelope of linked transactions', async () => {
    const capture = { ...success(), id: 'e'.repeat(32), paymentType: 'CP', referencedId: '8ac7a4a192b3b5060192b471c0d82dfb' };
    answers = [
      { status: 200, body: { result: { code: '000.000.100' }, payments: [capture] } },
      { status: 200, body: { ...success(), id: 'f'.repeat(32), paymentType: 'RF', amount: '40.00', merchantTransactionId: 'refund-1', referencedId: 'e'.repeat(32) } },
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
    const result = await adapter().capabilities.void.void(operation('sale', 'void'));
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

const PAYMENT_ID = '8ac7a4a192b3b5060192b471c0d82dfb';
const OTHER_ID = 'b'.repeat(32);
/** The §2 success as a back-office answer to `operation(…)`: a new id, the type, the echoes §3 lists. */
function backOfficeAnswer(type: 'CP' | 'RF' | 'RV' | 'RB', merchantTransactionId: string, code = '000.100.112', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...success(), id: 'e'.repeat(32), paymentType: type, amount: '40.00', merchantTransactionId, referencedId: PAYMENT_ID, result: { code, description: 'as sent' }, ...extra };
}

describe('OPPWA adapter: throttling and platform errors on money-moving calls', () => {
  it('leaves a reversal answered 429 (the sandbox body, 800.120.100) unknown: OPPWA may have acted', async () => {
    answers = [{ status: 429, body: { result: { code: '800.120.100', description: 'Rejected by Throttling.' } } }];
    await assert.rejects(adapter().capabilities.void.void(operation('sale', 'void')), (error: unknown) => error instanceof RateLimitedError && !error.notProcessed && leavesOutcomeUnknown(error));
  });

  it('keeps 800.120.100 in a processed answer the decline OPPWA records (a documented rejection), as a lookup would read it', async () => {
    answers = [
      { status: 400, body: backOfficeAnswer('RV', 'void-1', '800.120.100') },
      { status: 200, body: { result: { code: '000.000.100' }, payments: [backOfficeAnswer('RV', 'void-1', '800.120.100')] } },
    ];
    assert.equal((await adapter().capabilities.void.void(operation('sale', 'void'))).outcome, 'declined');
    assert.equal((await adapter().lookupOperation('void', 'void-1', paymentRef('sale')))?.outcome, 'declined');
  });

  it('leaves a refund, capture and debit answered with a communication or system rejection unknown, never failed', async () => {
    answers = [
      { status: 400, body: backOfficeAnswer('RF', 'refund-1', '999.999.999') },
      { status: 200, body: backOfficeAnswer('CP', 'capture-1', '900.100.600') },
      { status: 400, body: { ...success(), result: { code: '800.800.800', description: 'The payment system is currently unavailable' } } },
    ];
    await assert.rejects(adapter().refund(operation('sale', 'refund')), (error: unknown) => error instanceof ConnectionError && leavesOutcomeUnknown(error));
    await assert.rejects(adapter().capabilities.authorization.capture(operation('auth', 'capture')), (error: unknown) => error instanceof ConnectionError && leavesOutcomeUnknown(error));
    const recorder = progress();
    await assert.rejects(adapter().purchase(request, recorder), (error: unknown) => error instanceof ConnectionError && leavesOutcomeUnknown(error));
    assert.deepEqual(recorder.recorded.map((entry) => entry.id), [PAYMENT_ID], 'the id of the transaction the answer names is kept for the lookup');
  });

  it('leaves a capture whose answer is 900.100.300 "timeout, uncertain result" for review, never failed', async () => {
    answers = [{ status: 400, body: backOfficeAnswer('CP', 'capture-1', '900.100.300') }];
    await assert.rejects(adapter().capabilities.authorization.capture(operation('auth', 'capture')), (error: unknown) => error instanceof UnexpectedGatewayResponseError && leavesOutcomeUnknown(error));
  });

  it('reads an HTTP status §5.4 gives no meaning, without a result code, as unknown rather than a refused request', async () => {
    answers = [
      { status: 409, body: { message: 'conflict' } },
      { status: 408, body: { message: 'request timeout' } },
      { status: 400, body: { message: 'bad request' } },
    ];
    await assert.rejects(adapter().refund(operation('sale', 'refund')), (error: unknown) => error instanceof DeserializationError && leavesOutcomeUnknown(error));
    await assert.rejects(adapter().refund(operation('sale', 'refund')), (error: unknown) => error instanceof DeserializationError && leavesOutcomeUnknown(error));
    await assert.rejects(adapter().refund(operation('sale', 'refund')), InvalidRequestError);
  });
});

describe('OPPWA adapter: an answer must belong to its request', () => {
  it('refuses another transaction\'s success for a debit, and binds none of its ids', async () => {
    answers = [{ status: 200, body: { ...success(), id: OTHER_ID, merchantTransactionId: 'P999', amount: '12.00' } }];
    const recorder = progress();
    await assert.rejects(adapter().purchase(request, recorder), (error: unknown) => {
      assert.ok(error instanceof AnswerMismatchError);
      assert.ok(leavesOutcomeUnknown(error));
      assert.deepEqual(error.mismatches, ['merchantTransactionId "P999" instead of "P175"', 'amount "1200" instead of "10000"']);
      return true;
    });
    assert.deepEqual(recorder.recorded, []);
  });

  it('refuses a success of another payment type or currency, and accepts the same amount written differently', async () => {
    answers = [
      { status: 200, body: { ...success(), paymentType: 'PA' } },
      { status: 200, body: { ...success(), currency: 'USD' } },
      { status: 200, body: { ...success(), amount: '100.0' } },
    ];
    await assert.rejects(adapter().purchase(request, progress()), AnswerMismatchError);
    await assert.rejects(adapter().purchase(request, progress()), AnswerMismatchError);
    assert.equal((await adapter().purchase(request, progress())).outcome, 'succeeded');
  });

  it('refuses a registration payment answered for another registration', async () => {
    answers = [{ status: 200, body: { ...success(), id: 'd'.repeat(32), paymentType: 'PA', amount: '25.00', merchantTransactionId: 'MIT-1', registrationId: 'f'.repeat(32) } }];
    const result = adapter().capabilities.storedCredentials.charge(
      { kind: 'auth', amountMinor: 2_500n, currency: 'EUR', merchantReference: 'MIT-1', description: undefined, credential: { type: 'card-token', value: 'c'.repeat(32), gatewayData: { initialTransactionId: 'a'.repeat(32) } }, recurrence: 'recurring' },
      progress(),
    );
    await assert.rejects(Promise.resolve(result), AnswerMismatchError);
  });

  it('refuses a refund, capture, reversal or rebill answer that references another payment or another order', async () => {
    answers = [
      { status: 200, body: backOfficeAnswer('RF', 'refund-1', '000.100.112', { referencedId: OTHER_ID }) },
      { status: 200, body: backOfficeAnswer('CP', 'capture-9', '000.100.112') },
      { status: 200, body: backOfficeAnswer('RV', 'void-1', '000.100.112', { paymentType: 'RF' }) },
      { status: 200, body: backOfficeAnswer('RB', 'rebill-1', '000.100.112', { amount: '41.00' }) },
    ];
    await assert.rejects(adapter().refund(operation('sale', 'refund')), AnswerMismatchError);
    await assert.rejects(adapter().capabilities.authorization.capture(operation('auth', 'capture')), AnswerMismatchError);
    await assert.rejects(adapter().capabilities.void.void(operation('sale', 'void')), AnswerMismatchError);
    await assert.rejects(adapter().capabilities.rebill.rebill(operation('sale', 'rebill')), AnswerMismatchError);
  });

  it('still takes a matching back-office answer, a reversal answering with the amount it reversed', async () => {
    answers = [
      { status: 200, body: backOfficeAnswer('RF', 'refund-1') },
      { status: 200, body: backOfficeAnswer('RV', 'void-1', '000.100.112', { amount: '100.00' }) },
    ];
    assert.equal((await adapter().refund(operation('sale', 'refund'))).outcome, 'succeeded');
    assert.equal((await adapter().capabilities.void.void(operation('sale', 'void'))).outcome, 'succeeded');
  });

  it('refunds an authorisation only on a capture that names it as its referencedId', async () => {
    answers = [{ status: 200, body: { result: { code: '000.000.100' }, payments: [{ ...success(), id: 'e'.repeat(32), paymentType: 'CP' }] } }];
    await assert.rejects(adapter().refund(operation('auth', 'refund')), ConflictError);
    assert.deepEqual(seen.map((entry) => entry.method), ['GET'], 'no refund was sent');
  });

  it('refuses a status answer about another transaction, order or amount', async () => {
    answers = [
      { status: 200, body: { ...success(), id: OTHER_ID } },
      { status: 200, body: { result: { code: '000.000.100' }, payments: [{ ...success(), id: OTHER_ID }] } },
      { status: 200, body: { ...success(), merchantTransactionId: 'P999' } },
      { status: 200, body: { ...success(), amount: '99.00' } },
    ];
    for (let i = 0; i < 4; i += 1) await assert.rejects(adapter().sync(paymentRef('sale')), AnswerMismatchError);
  });

  it('refuses a lookup answer listing another order\'s transaction instead of reading it as "no record"', async () => {
    answers = [
      { status: 200, body: { result: { code: '000.000.100' }, payments: [backOfficeAnswer('RF', 'refund-2')] } },
      { status: 200, body: { result: { code: '000.000.100' }, payments: [{ ...success(), merchantTransactionId: 'P999', id: OTHER_ID }] } },
      { status: 200, body: { result: { code: '000.000.100' }, payments: [{ ...success(), amount: '12.00' }] } },
      { status: 200, body: { result: { code: '000.000.100' }, payments: [backOfficeAnswer('RF', 'refund-1', '000.100.112', { referencedId: OTHER_ID })] } },
    ];
    await assert.rejects(adapter().lookupOperation('refund', 'refund-1', paymentRef('sale')), AnswerMismatchError);
    await assert.rejects(adapter().lookupOperation('purchase', 'P175', { ...paymentRef('sale'), gatewayTransactionId: null }), AnswerMismatchError);
    await assert.rejects(adapter().lookupOperation('purchase', 'P175', { ...paymentRef('sale'), gatewayTransactionId: null }), AnswerMismatchError);
    await assert.rejects(adapter().lookupOperation('refund', 'refund-1', paymentRef('sale')), AnswerMismatchError);
  });
});

describe('OPPWA adapter: following a back-office operation to its end', () => {
  const cases: ReadonlyArray<readonly ['capture' | 'refund' | 'void' | 'rebill', 'CP' | 'RF' | 'RV' | 'RB', 'sale' | 'auth']> = [
    ['capture', 'CP', 'auth'],
    ['refund', 'RF', 'sale'],
    ['void', 'RV', 'auth'],
    ['rebill', 'RB', 'sale'],
  ];
  for (const [kind, type, paymentKind] of cases) {
    it(`reports a ${kind} (${type}) pending while OPPWA says so, then its final outcome`, async () => {
      const reference = `${kind}-1`;
      const listed = (code: string) => ({ status: 200, body: { result: { code: '000.000.100' }, payments: [backOfficeAnswer(type, reference, code)] } });
      answers = [listed('000.200.000'), listed('800.400.500'), listed('100.400.500'), listed('000.000.000'), listed('800.100.152'), listed('700.400.300'), listed('999.999.999')];
      const outcomes: string[] = [];
      for (let i = 0; i < 7; i += 1) outcomes.push((await adapter().lookupOperation(kind, reference, paymentRef(paymentKind)))?.outcome ?? 'none');
      assert.deepEqual(outcomes, ['pending', 'pending', 'pending', 'succeeded', 'declined', 'declined', 'failed']);
      assert.ok(seen.every((entry) => entry.path === '/v1/query' && entry.query.get('merchantTransactionId') === reference));
    });
  }

  it('keeps an operation whose record says "timeout, uncertain result" unresolved for review', async () => {
    answers = [{ status: 200, body: { result: { code: '000.000.100' }, payments: [backOfficeAnswer('RF', 'refund-1', '900.100.300')] } }];
    await assert.rejects(adapter().lookupOperation('refund', 'refund-1', paymentRef('sale')), (error: unknown) => error instanceof UnexpectedGatewayResponseError && leavesOutcomeUnknown(error));
  });
});

describe('OPPWA adapter: a status line that contradicts the body', () => {
  const disagrees = (error: unknown) => error instanceof UnexpectedGatewayResponseError && /status line and the body disagree/.test(error.message) && leavesOutcomeUnknown(error);

  for (const status of [400, 404, 409, 422]) {
    it(`leaves a debit, capture, refund, MIT and status answered HTTP ${status} with a success body unknown, never succeeded`, async () => {
      answers = [
        { status, body: success() },
        { status, body: backOfficeAnswer('CP', 'capture-1') },
        { status, body: backOfficeAnswer('RF', 'refund-1') },
        { status, body: { ...success(), id: 'd'.repeat(32), paymentType: 'PA', amount: '25.00', merchantTransactionId: 'MIT-1' } },
        { status, body: success() },
      ];
      const recorder = progress();
      await assert.rejects(adapter().purchase(request, recorder), disagrees);
      await assert.rejects(adapter().capabilities.authorization.capture(operation('auth', 'capture')), disagrees);
      await assert.rejects(adapter().refund(operation('sale', 'refund')), disagrees);
      const mit = adapter().capabilities.storedCredentials.charge(
        { kind: 'auth', amountMinor: 2_500n, currency: 'EUR', merchantReference: 'MIT-1', description: undefined, credential: { type: 'card-token', value: 'c'.repeat(32), gatewayData: { initialTransactionId: 'a'.repeat(32) } }, recurrence: 'recurring' },
        progress(),
      );
      await assert.rejects(Promise.resolve(mit), disagrees);
      await assert.rejects(adapter().sync(paymentRef('sale')), disagrees);
      assert.deepEqual(recorder.recorded, [], 'no id of a contradictory answer is bound');
    });
  }

  it('reads a pending or review code under a 4xx as a contradiction too, and a decline under a 4xx as the decline it is', async () => {
    answers = [
      { status: 400, body: { ...success(), result: { code: '000.200.000', description: 'transaction pending' } } },
      { status: 422, body: { ...success(), result: { code: '000.400.010', description: 'review manually (AVS)' } } },
      { status: 400, body: { ...success(), result: { code: '800.100.152', description: 'transaction declined by authorization system' } } },
    ];
    await assert.rejects(adapter().purchase(request, progress()), disagrees);
    await assert.rejects(adapter().purchase(request, progress()), disagrees);
    assert.equal((await adapter().purchase(request, progress())).outcome, 'declined');
  });
});

describe('OPPWA adapter: a payment answer must name its transaction', () => {
  const { id: _id, ...withoutId } = success();

  it('leaves a debit or an MIT answered with a success but no id unknown, and binds nothing', async () => {
    answers = [
      { status: 200, body: withoutId },
      { status: 200, body: { ...withoutId, paymentType: 'PA', amount: '25.00', merchantTransactionId: 'MIT-1' } },
    ];
    const recorder = progress();
    await assert.rejects(adapter().purchase(request, recorder), (error: unknown) => error instanceof DeserializationError && leavesOutcomeUnknown(error));
    const mit = adapter().capabilities.storedCredentials.charge(
      { kind: 'auth', amountMinor: 2_500n, currency: 'EUR', merchantReference: 'MIT-1', description: undefined, credential: { type: 'card-token', value: 'c'.repeat(32), gatewayData: { initialTransactionId: 'a'.repeat(32) } }, recurrence: 'recurring' },
      recorder,
    );
    await assert.rejects(Promise.resolve(mit), DeserializationError);
    assert.deepEqual(recorder.recorded, []);
  });

  it('still reads a decline without an id as the decline: nothing moved, nothing to manage', async () => {
    answers = [{ status: 400, body: { ...withoutId, result: { code: '800.100.152', description: 'transaction declined by authorization system' } } }];
    assert.equal((await adapter().purchase(request, progress())).outcome, 'declined');
  });

  it('refuses a payment lookup whose record has another id than the payment\'s, or none at all', async () => {
    answers = [
      { status: 200, body: { result: { code: '000.000.100' }, payments: [{ ...success(), id: OTHER_ID }] } },
      { status: 200, body: { result: { code: '000.000.100' }, payments: [withoutId] } },
      { status: 200, body: { result: { code: '000.000.100' }, payments: [withoutId] } },
    ];
    await assert.rejects(adapter().lookupOperation('purchase', 'P175', paymentRef('sale')), AnswerMismatchError);
    await assert.rejects(adapter().lookupOperation('purchase', 'P175', paymentRef('sale')), DeserializationError);
    await assert.rejects(adapter().lookupOperation('purchase', 'P175', { ...paymentRef('sale'), gatewayTransactionId: null }), DeserializationError);
  });

  it('refuses a status by order whose record names no id', async () => {
    answers = [{ status: 200, body: { result: { code: '000.000.100' }, payments: [withoutId] } }];
    await assert.rejects(adapter().sync({ ...paymentRef('sale'), gatewayTransactionId: null }), DeserializationError);
  });
});

describe('OPPWA adapter: a lookup answer that cannot say "nothing"', () => {
  it('reads a query answer without its payments, or listing one without a paymentType, as unreadable rather than "no record"', async () => {
    const { paymentType: _type, ...untyped } = backOfficeAnswer('RF', 'refund-1');
    answers = [
      { status: 200, body: { result: { code: '000.000.100', description: 'successful request' } } },
      { status: 200, body: { result: { code: '000.000.100' }, payments: [untyped] } },
      { status: 200, body: { result: { code: '000.000.100', description: 'successful request' } } },
    ];
    await assert.rejects(adapter().lookupOperation('refund', 'refund-1', paymentRef('sale')), DeserializationError);
    await assert.rejects(adapter().lookupOperation('refund', 'refund-1', paymentRef('sale')), DeserializationError);
    await assert.rejects(adapter().sync(paymentRef('sale')), DeserializationError);
  });

  it('refuses an operation record of another amount than the journal\'s; a reversal shows what it reversed', async () => {
    const listed = (answer: Record<string, unknown>) => ({ status: 200, body: { result: { code: '000.000.100' }, payments: [answer] } });
    answers = [listed(backOfficeAnswer('RF', 'refund-1')), listed(backOfficeAnswer('RF', 'refund-1')), listed(backOfficeAnswer('RV', 'void-1', '000.100.112', { amount: '100.00' }))];
    await assert.rejects(adapter().lookupOperation('refund', 'refund-1', paymentRef('sale'), { amountMinor: 4_100n }), AnswerMismatchError);
    assert.equal((await adapter().lookupOperation('refund', 'refund-1', paymentRef('sale'), { amountMinor: 4_000n }))?.outcome, 'succeeded');
    assert.equal((await adapter().lookupOperation('void', 'void-1', paymentRef('sale'), { amountMinor: 10_000n }))?.outcome, 'succeeded');
  });
});

describe('OPPWA adapter: deleting a stored card (§4 DELETE /v1/registrations/{id})', () => {
  const REGISTRATION = '8ac7a4a192b3b5060192b471c0d82e11';
  const card = { type: 'card-token' as const, value: REGISTRATION, gatewayData: {} };
  const envelope = { buildNumber: 'b', timestamp: '2024-10-22 13:36:46+0000', ndc: `${ENTITY}_1` };

  it('sends DELETE with the entityId in the query and accepts the confirmation', async () => {
    answers = [{ status: 200, body: { id: REGISTRATION, result: { code: '000.000.000', description: 'Transaction succeeded' }, ...envelope } }];
    await adapter().capabilities.unstore.unstore(card);
    assert.equal(seen[0]?.method, 'DELETE');
    assert.equal(seen[0]?.path, `/v1/registrations/${REGISTRATION}`);
    assert.equal(seen[0]?.query.get('entityId'), ENTITY);
    assert.equal(seen[0]?.form.toString(), '', 'no body on a DELETE');
  });

  for (const code of ['100.150.200', '100.150.202']) {
    it(`takes ${code} (no such registration) as deleted`, async () => {
      answers = [{ status: 400, body: { result: { code }, ...envelope } }];
      await adapter().capabilities.unstore.unstore(card);
    });
  }

  it('does not take a registration that is not confirmed yet as deleted', async () => {
    answers = [{ status: 400, body: { result: { code: '100.150.201', description: 'registration is not confirmed yet' }, ...envelope } }];
    await assert.rejects(adapter().capabilities.unstore.unstore(card) ?? Promise.resolve(), (error) => error instanceof ConflictError && /100\.150\.201/.test(error.message));
  });

  it('refuses a confirmation that names another registration', async () => {
    answers = [{ status: 200, body: { id: '8ac7a4a192b3b5060192b471c0d8ffff', result: { code: '000.000.000' }, ...envelope } }];
    await assert.rejects(adapter().capabilities.unstore.unstore(card) ?? Promise.resolve(), AnswerMismatchError);
  });

  it('leaves the card stored when the platform fails', async () => {
    answers = [{ status: 503, body: { result: { code: '900.100.600' } } }];
    await assert.rejects(adapter().capabilities.unstore.unstore(card) ?? Promise.resolve(), ConnectionError);
  });
});

describe('OPPWA adapter: importing a payment made elsewhere', () => {
  const ID = '8ac7a4a192b3b5060192b471c0d82dfb';

  it('reads the §2 debit as a captured sale, with its card, amount and time', async () => {
    answers = [{ status: 200, body: success() }];
    const found = await adapter({ statusEndpoint: 'payments' }).capabilities.imports.fetchTransaction({ gatewayTransactionId: ID });
    assert.equal(seen[0]?.path, `/v1/query/${ID}`, 'without the ledger budget only the unlimited query is read');
    assert.equal(found?.kind, 'sale');
    assert.equal(found?.outcome, 'succeeded');
    assert.equal(found?.amountMinor, 10_000n);
    assert.equal(found?.merchantReference, 'P175');
    assert.deepEqual(found?.card, { brand: 'visa', bin: '420000', last4: '0042', expiryMonth: 2, expiryYear: 2027, holder: 'John Smith' });
    assert.deepEqual(found?.createdAt, new Date('2024-10-22T13:36:46Z'));
  });

  it('refuses an answer about another transaction', async () => {
    answers = [{ status: 200, body: success() }];
    await assert.rejects(adapter().capabilities.imports.fetchTransaction({ gatewayTransactionId: '8ac7a4a192b3b5060192b471c0d8aaaa' }) ?? Promise.resolve(), AnswerMismatchError);
  });

  it('cannot import a decline that dropped its amount (§9)', async () => {
    const declined: Record<string, unknown> = { ...(success() as Record<string, unknown>), result: { code: '800.100.151', description: 'invalid card' } };
    delete declined['amount'];
    answers = [{ status: 200, body: declined }];
    await assert.rejects(adapter().capabilities.imports.fetchTransaction({ gatewayTransactionId: ID }) ?? Promise.resolve(), DeserializationError);
  });

  it('answers null when the order is unknown (700.400.580)', async () => {
    answers = [{ status: 200, body: { result: { code: '700.400.580', description: 'cannot find transaction' } } }];
    assert.equal(await adapter().capabilities.imports.fetchTransaction({ merchantReference: 'nowhere' }), null);
    assert.equal(seen[0]?.query.get('merchantTransactionId'), 'nowhere');
  });
});
