/**
 * The adapter's verbs against a 127.0.0.1 server playing the primary (`/p`) and the fallback
 * (`/f`) host, answering with the fact sheet's payloads (fixtures/, or the §5 success answer with
 * the changes the sheet describes, named at each use) and recording what the adapter sent.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AnswerMismatchError,
  AuthenticationError,
  ConnectionError,
  DeserializationError,
  InvalidRequestError,
  leavesOutcomeUnknown,
  RateLimitedError,
  UnexpectedGatewayResponseError,
  ValidationError,
} from '../../../electron/core/errors.ts';
import { createAdapter, type Be2billAdapter } from '../../../electron/core/gateways/be2bill/adapter.ts';
import { hasValidBe2billHash } from '../../../electron/core/gateways/be2bill/signing.ts';
import { decodeBe2billRequest, type Be2billParams } from '../../../electron/core/gateways/be2bill/wire.ts';
import type { CallProgress, GatewayData, PaymentRef, PaymentRequest } from '../../../electron/core/gateways/types.ts';
import { createHttpClient, type PooledHttpClient } from '../../../electron/core/http/http-client.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import { fixture } from './fixtures.ts';

const PASSWORD = 'sandbox-password';
const IDENTIFIER = 'MERCHANT-1';

interface Seen {
  readonly host: 'p' | 'f';
  readonly path: string;
  readonly method: string | null;
  readonly params: Be2billParams;
}
interface Canned {
  readonly status?: number;
  readonly body: unknown;
}

let server: Server;
let origin = '';
let http: PooledHttpClient;
const seen: Seen[] = [];
const answers: Record<'p' | 'f', Canned[]> = { p: [], f: [] };

before(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const host = url.pathname.startsWith('/f/') ? 'f' : 'p';
      const decoded = decodeBe2billRequest(Buffer.concat(chunks).toString('utf8'));
      seen.push({ host, path: url.pathname.slice(2), method: decoded.method, params: decoded.params });
      const answer = answers[host].shift() ?? { status: 500, body: 'no canned answer' };
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      response.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  http = createHttpClient({ clock: systemClock, wireSink: { record: () => undefined }, requestTimeoutMs: 3_000 });
});
after(async () => {
  await http.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
  answers.p = [];
  answers.f = [];
});

function adapter(options: Record<string, string | number | boolean> = {}, baseUrl = `${origin}/p`): Be2billAdapter {
  return createAdapter({
    profile: { id: 'p', name: 'Be2bill', gatewayId: 'be2bill', environment: 'test', baseUrl, options: { identifier: IDENTIFIER, fallbackBaseUrl: '/f', ...options } },
    secret: async (field) => {
      if (field !== 'password') throw new AuthenticationError(`No ${field}`);
      return PASSWORD;
    },
    http: http.withContext({ gatewayId: 'be2bill', paymentId: null, operationId: null }),
    clock: systemClock,
  });
}

function progress(): CallProgress & { recorded: Array<{ id: string; data: GatewayData }> } {
  const recorded: Array<{ id: string; data: GatewayData }> = [];
  return { recorded, recordGatewayReference: (id, data) => recorded.push({ id, data }) };
}

const success = fixture('factsheet-s5-payment-success.json');
/** §5's success answer with another code and message (the §6 table), as the sheet describes declines. */
function withCode(code: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { ALIAS: _alias, ...rest } = success;
  return { ...rest, EXECCODE: code, MESSAGE: message, ...extra };
}

function paymentRequest(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  return {
    kind: 'sale',
    amountMinor: 1_000n,
    currency: 'EUR',
    merchantReference: 'ORDER-1',
    description: 'Phone order',
    card: { number: '5555556778250000', expiryMonth: 12, expiryYear: 2031, cvv: '123', holder: 'JOHN SNOW' },
    customer: { name: 'John Snow', email: 'john@example.com' },
    moto: true,
    storeCard: false,
    ...overrides,
  };
}

function ref(overrides: Partial<PaymentRef> = {}): PaymentRef {
  return { gatewayTransactionId: 'A189063', merchantReference: 'ORDER-1', kind: 'sale', amountMinor: 1_000n, currency: 'EUR', gatewayData: { clientIdent: 'c-1' }, createdAt: new Date(), ...overrides };
}

function lastSent(): Seen {
  const last = seen.at(-1);
  assert.ok(last);
  return last;
}

describe('Be2bill adapter: payments', () => {
  it('sends a signed card payment in cents and reads the documented success with its ALIAS', async () => {
    answers.p.push({ body: success });
    const recorded = progress();
    const result = await adapter().purchase(paymentRequest({ storeCard: true }), recorded);
    const sent = lastSent();
    assert.equal(sent.path, '/front/service/rest/process');
    assert.equal(sent.method, 'payment');
    assert.equal(hasValidBe2billHash(PASSWORD, sent.params), true);
    assert.equal(sent.params['OPERATIONTYPE'], 'payment');
    assert.equal(sent.params['IDENTIFIER'], IDENTIFIER);
    assert.equal(sent.params['VERSION'], '3.0');
    assert.equal(sent.params['AMOUNT'], '1000');
    assert.equal(sent.params['CARDVALIDITYDATE'], '12-31');
    assert.equal(sent.params['CREATEALIAS'], 'yes');
    assert.equal(sent.params['ORDERID'], 'ORDER-1');
    assert.equal(sent.params['3DSECURE'], undefined);
    assert.equal(result.outcome, 'succeeded');
    assert.equal(result.status, 'captured');
    assert.equal(result.gatewayTransactionId, 'A189063');
    assert.equal(result.gatewayMessage, 'The transaction has been accepted.');
    assert.deepEqual(result.token, { value: 'A189063', brand: 'mastercard', last4: '0000', expiryMonth: 12, expiryYear: 2031 });
    assert.equal(result.gatewayData['alias'], 'A189063');
    assert.match(result.gatewayData['clientIdent'] ?? '', /^c-[0-9a-f]{24}$/);
    assert.deepEqual(recorded.recorded.map((entry) => entry.id), ['A189063']);
  });

  it('sends an authorization as OPERATIONTYPE authorization and reads its success as authorised', async () => {
    answers.p.push({ body: { ...success, OPERATIONTYPE: 'authorization' } });
    const result = await adapter({ version: '2.0' }).capabilities.authorization.authorize(paymentRequest({ kind: 'auth' }), progress());
    assert.equal(lastSent().method, 'authorization');
    assert.equal(lastSent().params['VERSION'], '2.0');
    assert.equal(result.status, 'authorized');
  });

  it('sends an N-times plan as AMOUNTS[date]=cents and keeps the schedule id', async () => {
    answers.p.push({ body: success });
    const schedule = [
      { date: '2030-01-10', amountMinor: 400n },
      { date: '2030-02-10', amountMinor: 300n },
      { date: '2030-03-10', amountMinor: 300n },
    ];
    const result = await adapter().purchase(paymentRequest({ schedule }), progress());
    assert.deepEqual(JSON.parse(JSON.stringify(lastSent().params['AMOUNTS'])), { '2030-01-10': '400', '2030-02-10': '300', '2030-03-10': '300' });
    assert.equal(lastSent().params['AMOUNT'], undefined);
    assert.equal(result.gatewayData['scheduleId'], 'A189063');
    await assert.rejects(adapter().capabilities.authorization.authorize(paymentRequest({ kind: 'auth', schedule }), progress()), ValidationError);
    await assert.rejects(adapter().purchase(paymentRequest({ schedule: schedule.slice(1) }), progress()), ValidationError);
  });

  it('refuses a currency other than the account\'s before sending anything', async () => {
    await assert.rejects(adapter().purchase(paymentRequest({ currency: 'USD' }), progress()), ValidationError);
    assert.equal(seen.length, 0);
  });

  it('reads 0001 with 3DSECUREHTML as an action whose form says where the browser goes', async () => {
    const page = '<html><body><form method="post" action="https://acs.example/3ds?a=1&amp;b=2"><input type="hidden" name="PaReq" value="eJxV"><input type=hidden name=MD value="A1"><input type="submit" value="Go"></form></body></html>';
    answers.p.push({ body: withCode('0001', 'The card holder must authenticate.', { '3DSECUREHTML': Buffer.from(page).toString('base64') }) });
    const result = await adapter({ threeDSecure: true }).purchase(paymentRequest(), progress());
    assert.equal(lastSent().params['3DSECURE'], 'yes');
    assert.equal(lastSent().params['3DSECUREDISPLAYMODE'], 'main');
    assert.equal(result.outcome, 'pending');
    assert.equal(result.status, 'requires_action');
    assert.equal(result.pendingAction?.type, 'THREEDS_HTML');
    assert.equal(result.pendingAction?.url, 'https://acs.example/3ds?a=1&b=2');
    assert.equal(result.pendingAction?.method, 'POST');
    assert.deepEqual(result.pendingAction?.parameters, [
      { name: 'PaReq', value: 'eJxV' },
      { name: 'MD', value: 'A1' },
    ]);
  });

  it('reads 0002 with REDIRECTHTML as a redirect action', async () => {
    const page = "<form action='https://wallet.example/pay' method='get'><input name='token' value='t-1'></form>";
    answers.p.push({ body: withCode('0002', 'Redirect.', { REDIRECTHTML: Buffer.from(page).toString('base64') }) });
    const result = await adapter().purchase(paymentRequest(), progress());
    assert.deepEqual([result.status, result.pendingAction?.type, result.pendingAction?.url, result.pendingAction?.method], ['requires_action', 'REDIRECT', 'https://wallet.example/pay', 'GET']);
  });

  it('keeps a bank refusal (4001, the message §5 quotes) as a declined result, without a token', async () => {
    answers.p.push({ body: withCode('4001', 'The bank refused the transaction.') });
    const result = await adapter().purchase(paymentRequest({ storeCard: true }), progress());
    assert.deepEqual([result.outcome, result.status, result.gatewayCode, result.token], ['declined', 'declined', '4001', null]);
    assert.equal(seen.filter((entry) => entry.host === 'f').length, 0);
  });

  it('reads 0003 and 5004 as pending, and 6004 as declined', async () => {
    answers.p.push({ body: withCode('0003', 'In progress.') }, { body: withCode('5004', 'Timeout.') }, { body: withCode('6004', 'Refused by rules.') });
    assert.equal((await adapter().purchase(paymentRequest(), progress())).status, 'pending');
    assert.equal((await adapter().purchase(paymentRequest(), progress())).status, 'pending');
    assert.equal((await adapter().purchase(paymentRequest(), progress())).status, 'declined');
  });

  it('throws the documented missing-parameter answer as an InvalidRequestError', async () => {
    answers.p.push({ body: fixture('factsheet-s5-missing-parameter.json') });
    await assert.rejects(adapter().purchase(paymentRequest(), progress()), (error: unknown) => error instanceof InvalidRequestError && error.gatewayCode === '1001' && /CARDCODE/.test(error.message));
  });

  it('throws a HASH error (1003) and a disabled account (3001) as authentication errors', async () => {
    answers.p.push({ body: withCode('1003', 'HASH error.') }, { body: withCode('3001', 'Account disabled.') });
    await assert.rejects(adapter().purchase(paymentRequest(), progress()), AuthenticationError);
    await assert.rejects(adapter().purchase(paymentRequest(), progress()), AuthenticationError);
  });

  it('sends an unknown EXECCODE to review', async () => {
    answers.p.push({ body: withCode('9999', 'New.') });
    await assert.rejects(adapter().purchase(paymentRequest(), progress()), UnexpectedGatewayResponseError);
  });

  it('charges a stored ALIAS as a subscription (MIT) with the CLIENTIDENT it was created for', async () => {
    answers.p.push({ body: withCode('0000', 'The transaction has been accepted.', { TRANSACTIONID: 'A200' }) });
    const result = await adapter().capabilities.storedCredentials.charge(
      { kind: 'sale', amountMinor: 250n, currency: 'EUR', merchantReference: 'MIT-1', description: undefined, credential: { type: 'card-token', value: 'A189063', gatewayData: { clientIdent: 'c-abc' } }, recurrence: 'recurring' },
      progress(),
    );
    const sent = lastSent().params;
    assert.deepEqual([sent['ALIAS'], sent['ALIASMODE'], sent['CLIENTIDENT'], sent['AMOUNT'], sent['CARDCODE']], ['A189063', 'subscription', 'c-abc', '250', undefined]);
    assert.equal(result.status, 'captured');
  });
});

describe('Be2bill adapter: operations and lookups', () => {
  it('captures and refunds the referenced TRANSACTIONID with the operation\'s own ORDERID and AMOUNT', async () => {
    answers.p.push({ body: withCode('0000', 'ok', { OPERATIONTYPE: 'capture', TRANSACTIONID: 'A300' }) }, { body: withCode('2008', 'Invalid refund amount.', { OPERATIONTYPE: 'refund' }) });
    const capture = await adapter().capabilities.authorization.capture({ payment: ref({ kind: 'auth' }), kind: 'capture', amountMinor: 600n, currency: 'EUR', merchantReference: 'CAP-1', reason: undefined });
    assert.deepEqual([seen[0]?.params['TRANSACTIONID'], seen[0]?.params['ORDERID'], seen[0]?.params['AMOUNT'], seen[0]?.method], ['A189063', 'CAP-1', '600', 'capture']);
    assert.deepEqual([capture.outcome, capture.gatewayOperationId], ['succeeded', 'A300']);
    const refund = await adapter().refund({ payment: ref(), kind: 'refund', amountMinor: 9_000n, currency: 'EUR', merchantReference: 'REF-1', reason: 'Too much' });
    assert.equal(lastSent().params['DESCRIPTION'], 'Too much');
    assert.deepEqual([refund.outcome, refund.gatewayCode], ['declined', '2008']);
  });

  it('has no void', async () => {
    assert.equal(adapter().capabilities.void, undefined);
  });

  it('stops a schedule by its SCHEDULEID, and reads "already interrupted" as declined', async () => {
    answers.p.push({ body: { OPERATIONTYPE: 'stopntimes', EXECCODE: '0000', MESSAGE: 'ok' } }, { body: { OPERATIONTYPE: 'stopntimes', EXECCODE: '2011', MESSAGE: 'Schedule already interrupted.' } });
    assert.equal((await adapter().capabilities.schedules.stop(ref({ gatewayData: { scheduleId: 'A189063' } }))).outcome, 'succeeded');
    assert.deepEqual([lastSent().method, lastSent().params['SCHEDULEID'], lastSent().params['OPERATIONTYPE']], ['stopntimes', 'A189063', 'stopntimes']);
    assert.equal(hasValidBe2billHash(PASSWORD, lastSent().params), true);
    assert.equal((await adapter().capabilities.schedules.stop(ref())).outcome, 'declined');
  });

  const row = { TRANSACTIONID: 'A189063', ORDERID: 'ORDER-1', OPERATIONTYPE: 'payment', EXECCODE: '0000', MESSAGE: 'The transaction has been accepted.', AMOUNT: '1000', CARDCODE: 'XXXXXXXXXXXX0000', CARDTYPE: 'MASTERCARD', CARDVALIDITYDATE: '12-31', CARDFULLNAME: 'JOHN SNOW', DATE: '2030-01-10 10:00:00' };

  it('syncs by TRANSACTIONID through getTransactions on the export path, inline DATA', async () => {
    answers.p.push({ body: { OPERATIONTYPE: 'getTransactions', EXECCODE: '0000', MESSAGE: 'ok', DATA: [row] } });
    const status = await adapter().sync(ref());
    assert.deepEqual([lastSent().path, lastSent().method, lastSent().params['TRANSACTIONID']], ['/front/service/rest/export', 'getTransactions', 'A189063']);
    assert.deepEqual([status.status, status.final, status.gatewayCode], ['captured', true, '0000']);
  });

  it('looks an operation up by its ORDERID, and answers null when Be2bill has none', async () => {
    answers.p.push({ body: { EXECCODE: '0000', DATA: [{ ...row, TRANSACTIONID: 'A301', ORDERID: 'REF-1', OPERATIONTYPE: 'refund' }] } }, { body: { EXECCODE: '0000', DATA: [] } });
    const found = await adapter().lookupOperation('refund', 'REF-1', ref());
    assert.equal(lastSent().params['ORDERID'], 'REF-1');
    assert.deepEqual([found?.outcome, found?.gatewayOperationId], ['succeeded', 'A301']);
    assert.equal(await adapter().lookupOperation('capture', 'CAP-X', ref()), null);
  });

  it('imports a payment made elsewhere from its row, with the masked card', async () => {
    answers.p.push({ body: { EXECCODE: '0000', DATA: [row] } });
    const fetched = await adapter().capabilities.imports.fetchTransaction({ merchantReference: 'ORDER-1' });
    assert.equal(fetched?.amountMinor, 1_000n);
    assert.equal(fetched?.kind, 'sale');
    assert.deepEqual(fetched?.card, { brand: 'mastercard', bin: '', last4: '0000', expiryMonth: 12, expiryYear: 2031, holder: 'JOHN SNOW' });
    assert.equal(fetched?.createdAt.toISOString(), '2030-01-10T10:00:00.000Z');
  });

  it('proves the credentials with a lookup, and says so when the HASH is refused', async () => {
    answers.p.push({ body: { EXECCODE: '0000', DATA: [] } }, { body: { EXECCODE: '1003', MESSAGE: 'HASH error.' } });
    assert.equal((await adapter().testCredentials()).ok, true);
    assert.equal((await adapter().testCredentials()).ok, false);
  });
});

describe('Be2bill adapter: failover', () => {
  it('resends on the fallback when the primary answers 5001 or 5003', async () => {
    answers.p.push({ body: withCode('5003', 'Maintenance.') });
    answers.f.push({ body: success });
    const result = await adapter().purchase(paymentRequest(), progress());
    assert.deepEqual(seen.map((entry) => [entry.host, entry.method, entry.params['ORDERID']]), [['p', 'payment', 'ORDER-1'], ['f', 'payment', 'ORDER-1']]);
    assert.equal(result.outcome, 'succeeded');
  });

  it('asks the fallback for the ORDERID before resending after a non-200, and uses what it finds', async () => {
    answers.p.push({ status: 502, body: '<html>Bad gateway</html>' });
    answers.f.push({ body: { EXECCODE: '0000', DATA: [{ TRANSACTIONID: 'A777', ORDERID: 'ORDER-1', OPERATIONTYPE: 'payment', EXECCODE: '0000', MESSAGE: 'ok' }] } });
    const result = await adapter().purchase(paymentRequest(), progress());
    assert.deepEqual(seen.map((entry) => [entry.host, entry.method]), [['p', 'payment'], ['f', 'getTransactions']]);
    assert.deepEqual([result.outcome, result.gatewayTransactionId], ['succeeded', 'A777']);
  });

  it('resends after a non-200 when the fallback has no transaction with the ORDERID', async () => {
    answers.p.push({ status: 503, body: 'down' });
    answers.f.push({ body: { EXECCODE: '0000', DATA: [] } }, { body: success });
    await adapter().purchase(paymentRequest(), progress());
    assert.deepEqual(seen.map((entry) => [entry.host, entry.method]), [['p', 'payment'], ['f', 'getTransactions'], ['f', 'payment']]);
  });

  it('resends at once when the primary cannot be reached at all', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    answers.f.push({ body: success });
    const result = await adapter({ fallbackBaseUrl: `${origin}/f` }, `http://127.0.0.1:${port}/p`).purchase(paymentRequest(), progress());
    assert.equal(result.outcome, 'succeeded');
    assert.deepEqual(seen.map((entry) => [entry.host, entry.method]), [['f', 'payment']]);
  });

  it('never fails over on a decline, and reports a failed primary without a fallback as a connection error', async () => {
    answers.p.push({ body: withCode('4002', 'Insufficient funds.') }, { status: 503, body: 'down' });
    assert.equal((await adapter().purchase(paymentRequest(), progress())).outcome, 'declined');
    await assert.rejects(adapter({ fallbackBaseUrl: '' }).purchase(paymentRequest(), progress()), ConnectionError);
    assert.equal(seen.filter((entry) => entry.host === 'f').length, 0);
  });

  it('refuses a plain-HTTP fallback host that is not loopback', async () => {
    await assert.rejects(adapter({ fallbackBaseUrl: 'http://secure-magenta2.be2bill.com' }).purchase(paymentRequest(), progress()), ValidationError);
  });
});

const captureRequest = (overrides: Partial<{ amountMinor: bigint; merchantReference: string }> = {}) => ({
  payment: ref({ kind: 'auth' as const }),
  kind: 'capture' as const,
  amountMinor: 600n,
  currency: 'EUR',
  merchantReference: 'CAP-1',
  reason: undefined,
  ...overrides,
});
const refundRequest = { payment: ref(), kind: 'refund' as const, amountMinor: 400n, currency: 'EUR', merchantReference: 'REF-1', reason: undefined };

describe('Be2bill adapter: OPERATIONTYPE on every call', () => {
  it('sends OPERATIONTYPE equal to the method on lookups and stopntimes too, inside the HASH', async () => {
    answers.p.push(
      { body: { OPERATIONTYPE: 'getTransactions', EXECCODE: '0000', DATA: [] } },
      { body: { OPERATIONTYPE: 'stopntimes', EXECCODE: '0000', MESSAGE: 'ok' } },
      { body: withCode('0000', 'ok', { OPERATIONTYPE: 'refund', TRANSACTIONID: 'A301', AMOUNT: '400' }) },
    );
    await adapter().lookupOperation('refund', 'REF-1', ref());
    await adapter().capabilities.schedules.stop(ref({ gatewayData: { scheduleId: 'A189063' } }));
    await adapter().refund(refundRequest);
    assert.deepEqual(
      seen.map((entry) => [entry.method, entry.params['OPERATIONTYPE']]),
      [
        ['getTransactions', 'getTransactions'],
        ['stopntimes', 'stopntimes'],
        ['refund', 'refund'],
      ],
    );
    for (const entry of seen) assert.equal(hasValidBe2billHash(PASSWORD, entry.params), true);
  });
});

describe('Be2bill adapter: throttling, platform errors and failover answers', () => {
  it('leaves a capture answered 3004 (transaction rate limit exceeded) unknown instead of declined', async () => {
    answers.p.push({ body: withCode('3004', 'Transaction rate limit exceeded.', { OPERATIONTYPE: 'capture' }) });
    await assert.rejects(adapter().capabilities.authorization.capture(captureRequest()), (error: unknown) => error instanceof RateLimitedError && !error.notProcessed && leavesOutcomeUnknown(error));
    assert.equal(seen.filter((entry) => entry.host === 'f').length, 0, 'a throttled request is not resent');
  });

  it('leaves a payment answered 5005 or 5002 unknown instead of failed', async () => {
    answers.p.push({ body: withCode('5005', '3-D Secure module display error.') }, { body: withCode('5002', 'Bank network error.') });
    await assert.rejects(adapter().purchase(paymentRequest(), progress()), (error: unknown) => error instanceof ConnectionError && leavesOutcomeUnknown(error));
    await assert.rejects(adapter().purchase(paymentRequest(), progress()), (error: unknown) => error instanceof ConnectionError && leavesOutcomeUnknown(error));
  });

  it('leaves a refund answered HTTP 429 by a single host unknown', async () => {
    answers.p.push({ status: 429, body: '<html>Too Many Requests</html>' });
    await assert.rejects(adapter({ fallbackBaseUrl: '' }).refund(refundRequest), (error: unknown) => error instanceof ConnectionError && leavesOutcomeUnknown(error));
  });

  it('fails over on a 5001 or 5003 whose body does not have the documented shape (OPERATIONTYPE: null)', async () => {
    answers.p.push({ body: { OPERATIONTYPE: null, TRANSACTIONID: null, EXECCODE: '5001', MESSAGE: 'Exchange protocol error.' } });
    answers.f.push({ body: withCode('0000', 'ok', { OPERATIONTYPE: 'refund', TRANSACTIONID: 'A302', AMOUNT: '400' }) });
    const result = await adapter().refund(refundRequest);
    assert.deepEqual(seen.map((entry) => [entry.host, entry.method]), [['p', 'refund'], ['f', 'refund']]);
    assert.deepEqual([result.outcome, result.gatewayOperationId], ['succeeded', 'A302']);
  });

  it('reads such an answer without a fallback as unknown, never as unreadable-and-done', async () => {
    answers.p.push({ body: { OPERATIONTYPE: null, EXECCODE: '5003', MESSAGE: null } });
    await assert.rejects(adapter({ fallbackBaseUrl: '' }).purchase(paymentRequest(), progress()), (error: unknown) => error instanceof ConnectionError && leavesOutcomeUnknown(error));
  });
});

describe('Be2bill adapter: an answer must belong to its request', () => {
  it('refuses another transaction\'s success for a payment, and binds none of its ids', async () => {
    const recorded = progress();
    answers.p.push({ body: withCode('0000', 'ok', { TRANSACTIONID: 'A999', ORDERID: 'ORDER-9', AMOUNT: '1000' }) });
    await assert.rejects(adapter().purchase(paymentRequest(), recorded), (error: unknown) => {
      assert.ok(error instanceof AnswerMismatchError);
      assert.ok(leavesOutcomeUnknown(error));
      assert.deepEqual(error.mismatches, ['ORDERID "ORDER-9" instead of "ORDER-1"']);
      return true;
    });
    answers.p.push({ body: withCode('0000', 'ok', { TRANSACTIONID: 'A999', AMOUNT: '2500' }) }, { body: withCode('0000', 'ok', { OPERATIONTYPE: 'authorization', TRANSACTIONID: 'A999' }) });
    await assert.rejects(adapter().purchase(paymentRequest(), recorded), AnswerMismatchError);
    await assert.rejects(adapter().purchase(paymentRequest(), recorded), AnswerMismatchError);
    assert.deepEqual(recorded.recorded, []);
  });

  it('still takes a payment answer that echoes the request', async () => {
    answers.p.push({ body: withCode('0000', 'ok', { TRANSACTIONID: 'A190', ORDERID: 'ORDER-1', AMOUNT: '1000' }) });
    assert.equal((await adapter().purchase(paymentRequest(), progress())).outcome, 'succeeded');
  });

  it('refuses a capture or refund answer for another amount, order or operation', async () => {
    answers.p.push(
      { body: withCode('0000', 'ok', { OPERATIONTYPE: 'capture', TRANSACTIONID: 'A300', AMOUNT: '900' }) },
      { body: withCode('0000', 'ok', { OPERATIONTYPE: 'capture', TRANSACTIONID: 'A300', ORDERID: 'CAP-2' }) },
      { body: withCode('0000', 'ok', { OPERATIONTYPE: 'payment', TRANSACTIONID: 'A301', AMOUNT: '400' }) },
    );
    await assert.rejects(adapter().capabilities.authorization.capture(captureRequest()), AnswerMismatchError);
    await assert.rejects(adapter().capabilities.authorization.capture(captureRequest()), AnswerMismatchError);
    await assert.rejects(adapter().refund(refundRequest), AnswerMismatchError);
  });

  it('refuses what the fallback reports for the ORDERID when it is another order\'s transaction', async () => {
    answers.p.push({ status: 502, body: '<html>Bad gateway</html>' });
    answers.f.push({ body: { EXECCODE: '0000', DATA: [{ TRANSACTIONID: 'A777', ORDERID: 'ORDER-7', OPERATIONTYPE: 'payment', EXECCODE: '0000', AMOUNT: '1000' }] } });
    await assert.rejects(adapter().purchase(paymentRequest(), progress()), (error: unknown) => leavesOutcomeUnknown(error));
    assert.deepEqual(seen.map((entry) => [entry.host, entry.method]), [['p', 'payment'], ['f', 'getTransactions']], 'nothing was resent');
  });

  const paymentRow = { TRANSACTIONID: 'A189063', ORDERID: 'ORDER-1', OPERATIONTYPE: 'payment', EXECCODE: '0000', MESSAGE: 'ok', AMOUNT: '1000' };

  it('refuses a status row of another transaction, order, operation or amount', async () => {
    answers.p.push(
      { body: { EXECCODE: '0000', DATA: [{ ...paymentRow, TRANSACTIONID: 'A999' }] } },
      { body: { EXECCODE: '0000', DATA: [{ ...paymentRow, ORDERID: 'ORDER-9' }] } },
      { body: { EXECCODE: '0000', DATA: [{ ...paymentRow, OPERATIONTYPE: 'authorization' }] } },
      { body: { EXECCODE: '0000', DATA: [{ ...paymentRow, AMOUNT: '999' }] } },
      { body: { OPERATIONTYPE: 'payment', EXECCODE: '0000', DATA: [paymentRow] } },
      { body: { EXECCODE: '0000', DATA: [paymentRow] } },
    );
    for (let i = 0; i < 5; i += 1) await assert.rejects(adapter().sync(ref()), AnswerMismatchError);
    assert.equal((await adapter().sync(ref())).status, 'captured');
  });

  it('refuses a lookup row of another order instead of reading it as "no record", and a payment row of another amount', async () => {
    answers.p.push(
      { body: { EXECCODE: '0000', DATA: [{ ...paymentRow, TRANSACTIONID: 'A301', ORDERID: 'REF-2', OPERATIONTYPE: 'refund' }] } },
      { body: { EXECCODE: '0000', DATA: [{ ...paymentRow, AMOUNT: '999' }] } },
      { body: { EXECCODE: '0000', DATA: [{ ...paymentRow, ORDERID: 'ORDER-9' }] } },
    );
    await assert.rejects(adapter().lookupOperation('refund', 'REF-1', ref()), AnswerMismatchError);
    await assert.rejects(adapter().lookupOperation('purchase', 'ORDER-1', ref({ gatewayTransactionId: null })), AnswerMismatchError);
    await assert.rejects(adapter().capabilities.imports.fetchTransaction({ merchantReference: 'ORDER-1' }), AnswerMismatchError);
  });

  it('does not compare the AMOUNT of an N-times payment\'s row with the plan\'s total', async () => {
    answers.p.push({ body: { EXECCODE: '0000', DATA: [{ ...paymentRow, AMOUNT: '400', SCHEDULEID: 'A189063' }] } });
    const found = await adapter().lookupOperation('purchase', 'ORDER-1', ref({ gatewayTransactionId: null }));
    assert.equal(found?.outcome, 'succeeded');
  });
});

describe('Be2bill adapter: following a capture or refund to its end', () => {
  for (const [kind, operationType, reference] of [
    ['capture', 'capture', 'CAP-1'],
    ['refund', 'refund', 'REF-1'],
  ] as const) {
    it(`reports a ${kind} pending while Be2bill says so, then its final outcome`, async () => {
      const listed = (code: string) => ({ body: { OPERATIONTYPE: 'getTransactions', EXECCODE: '0000', DATA: [{ TRANSACTIONID: 'A400', ORDERID: reference, OPERATIONTYPE: operationType, EXECCODE: code, AMOUNT: '400' }] } });
      answers.p.push(listed('0003'), listed('5004'), listed('0000'), listed('2008'), listed('4001'), listed('5002'));
      const outcomes: string[] = [];
      for (let i = 0; i < 6; i += 1) outcomes.push((await adapter().lookupOperation(kind, reference, ref({ kind: kind === 'capture' ? 'auth' : 'sale' })))?.outcome ?? 'none');
      assert.deepEqual(outcomes, ['pending', 'pending', 'succeeded', 'declined', 'declined', 'failed']);
      assert.ok(seen.every((entry) => entry.method === 'getTransactions' && entry.params['ORDERID'] === reference));
    });
  }

  it('never reads a row without an EXECCODE as "no record"', async () => {
    answers.p.push({ body: { EXECCODE: '0000', DATA: [{ TRANSACTIONID: 'A400', ORDERID: 'REF-1', OPERATIONTYPE: 'refund' }] } });
    await assert.rejects(adapter().lookupOperation('refund', 'REF-1', ref()), (error: unknown) => error instanceof DeserializationError && leavesOutcomeUnknown(error));
  });

  it('has nothing to follow for a void or a rebill, which Be2bill does not have', async () => {
    assert.equal(await adapter().lookupOperation('void', 'V-1', ref()), null);
    assert.equal(await adapter().lookupOperation('rebill', 'RB-1', ref()), null);
    assert.equal(seen.length, 0);
  });
});

describe('Be2bill adapter: a success must name its transaction, and a lookup its own row', () => {
  const { TRANSACTIONID: _id, ...withoutId } = success;
  const paymentRow = { TRANSACTIONID: 'A189063', ORDERID: 'ORDER-1', OPERATIONTYPE: 'payment', EXECCODE: '0000', MESSAGE: 'ok', AMOUNT: '1000' };

  it('leaves a payment, an authorization or an MIT answered 0000 without a TRANSACTIONID unknown, and binds nothing', async () => {
    answers.p.push({ body: withoutId }, { body: { ...withoutId, OPERATIONTYPE: 'authorization' } }, { body: withoutId });
    const recorder = progress();
    const unreadable = (error: unknown) => error instanceof DeserializationError && leavesOutcomeUnknown(error);
    await assert.rejects(adapter().purchase(paymentRequest(), recorder), unreadable);
    await assert.rejects(adapter().capabilities.authorization.authorize(paymentRequest({ kind: 'auth' }), recorder), unreadable);
    const mit = adapter().capabilities.storedCredentials.charge({ kind: 'sale', amountMinor: 1_000n, currency: 'EUR', merchantReference: 'ORDER-1', description: undefined, credential: { type: 'card-token', value: 'A189063', gatewayData: { clientIdent: 'c-1' } }, recurrence: 'recurring' }, recorder);
    await assert.rejects(mit, unreadable);
    assert.deepEqual(recorder.recorded, []);
  });

  it('still reads a refusal without a TRANSACTIONID as the decline it is', async () => {
    const { TRANSACTIONID: _none, ...refusal } = withCode('4001', 'The bank refused the transaction.');
    answers.p.push({ body: refusal });
    assert.equal((await adapter().purchase(paymentRequest(), progress())).outcome, 'declined');
  });

  it('refuses a payment lookup whose newest row under the ORDERID is another transaction, and reads the payment\'s own row when it is there', async () => {
    answers.p.push(
      { body: { EXECCODE: '0000', DATA: [{ ...paymentRow, TRANSACTIONID: 'A999' }] } },
      { body: { EXECCODE: '0000', DATA: [paymentRow, { ...paymentRow, TRANSACTIONID: 'A999', EXECCODE: '4001' }] } },
    );
    await assert.rejects(adapter().lookupOperation('purchase', 'ORDER-1', ref()), AnswerMismatchError);
    const found = await adapter().lookupOperation('purchase', 'ORDER-1', ref());
    assert.deepEqual([found?.outcome, found?.gatewayTransactionId], ['succeeded', 'A189063']);
  });

  it('refuses an operation row of another amount than the journal\'s', async () => {
    const refundRow = { TRANSACTIONID: 'A301', ORDERID: 'REF-1', OPERATIONTYPE: 'refund', EXECCODE: '0000', AMOUNT: '400' };
    answers.p.push({ body: { EXECCODE: '0000', DATA: [refundRow] } }, { body: { EXECCODE: '0000', DATA: [refundRow] } });
    await assert.rejects(adapter().lookupOperation('refund', 'REF-1', ref(), { amountMinor: 500n }), AnswerMismatchError);
    assert.equal((await adapter().lookupOperation('refund', 'REF-1', ref(), { amountMinor: 400n }))?.outcome, 'succeeded');
  });

  it('reads a lookup answered 0000 without DATA as unreadable, never as "no record"; an empty DATA is none', async () => {
    answers.p.push({ body: { OPERATIONTYPE: 'getTransactions', EXECCODE: '0000', MESSAGE: 'The operation has been accepted.' } }, { body: { OPERATIONTYPE: 'getTransactions', EXECCODE: '0000', DATA: [] } });
    await assert.rejects(adapter().lookupOperation('refund', 'REF-1', ref()), (error: unknown) => error instanceof DeserializationError && leavesOutcomeUnknown(error));
    assert.equal(await adapter().lookupOperation('refund', 'REF-1', ref()), null);
  });
});

describe('Be2bill adapter: references a lookup can find again (§4)', () => {
  it('refuses a payment, a stored-card charge or a refund whose ORDERID holds ";" before sending anything', async () => {
    // getTransactions would read "ORDER;1" as the orders "ORDER" and "1": the payment could never be
    // found again, and the failover guard would find nothing and send it twice.
    await assert.rejects(adapter().purchase(paymentRequest({ merchantReference: 'ORDER;1' }), progress()), ValidationError);
    const credential = { type: 'card-token' as const, value: 'A189063', gatewayData: { clientIdent: 'c-abc' } };
    await assert.rejects(adapter().capabilities.storedCredentials.charge({ kind: 'sale', amountMinor: 250n, currency: 'EUR', merchantReference: 'MIT;1', description: undefined, credential, recurrence: 'recurring' }, progress()), ValidationError);
    await assert.rejects(adapter().refund({ ...refundRequest, merchantReference: 'REF;1' }), ValidationError);
    assert.deepEqual(seen, []);
  });

  it('refuses to look up or import by an ORDERID or TRANSACTIONID holding ";" rather than read the wrong orders', async () => {
    await assert.rejects(adapter().capabilities.imports.fetchTransaction({ merchantReference: 'ORDER;1' }), ValidationError);
    await assert.rejects(adapter().capabilities.imports.fetchTransaction({ gatewayTransactionId: 'A1;A2' }), ValidationError);
    await assert.rejects(adapter().sync(ref({ gatewayTransactionId: null, merchantReference: 'ORDER;1' })), ValidationError);
    assert.deepEqual(seen, []);
  });
});
