/**
 * The adapter's MB WAY, Multibanco, mandate and MIT verbs against a 127.0.0.1 server that answers
 * with the documented payloads (fixtures/) or with SIBS's documented error layers, and records
 * what the adapter sent.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConnectionError, InvalidRequestError, UnexpectedGatewayResponseError, ValidationError } from '../../../electron/core/errors.ts';
import { sibsSpg } from '../../../electron/core/gateways/sibs-spg/index.ts';
import type { SibsAdapter } from '../../../electron/core/gateways/sibs-spg/adapter.ts';
import type { CallProgress, GatewayData } from '../../../electron/core/gateways/types.ts';
import { createHttpClient, type PooledHttpClient } from '../../../electron/core/http/http-client.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import { fixture } from './fixtures.ts';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}
interface Canned {
  readonly status: number;
  readonly body: unknown;
}

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
      const text = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: text === '' ? undefined : JSON.parse(text) });
      const answer = answers.shift() ?? { status: 500, body: { returnStatus: { statusCode: 'T9999' } } };
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
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

function adapter(options: Record<string, string | number | boolean> = {}): SibsAdapter {
  return sibsSpg.createAdapter({
    profile: { id: 'p', name: 'SIBS', gatewayId: 'sibs-spg', environment: 'test', baseUrl: base, options: { terminalId: 52221, multibancoEntity: '24000', ...options } },
    secret: async (field) => `${field}-value`,
    http: http.withContext({ gatewayId: 'sibs-spg', paymentId: null, operationId: null }),
    clock: systemClock,
  });
}

function progress(): CallProgress & { recorded: Array<{ id: string; data: GatewayData }> } {
  const recorded: Array<{ id: string; data: GatewayData }> = [];
  return { recorded, recordGatewayReference: (id, data) => recorded.push({ id, data }) };
}

const checkoutAnswer = (): Canned => ({ status: 200, body: fixture('seed-001-checkout-response.json') });
const mbwayRequest = { amountMinor: 550n, currency: 'EUR', merchantReference: 'Order ID: r1cm97qqjv', description: 'Your own description', customer: {}, phone: '351#919999999' };

describe('SIBS adapter, MB WAY on documented answers', () => {
  it('sends the checkout with MBWAY and the phone with Digest, and reads seed 001\'s Timeout as expired', async () => {
    answers = [checkoutAnswer(), { status: 200, body: fixture('seed-001-mbway-purchase-response.json') }];
    const recorder = progress();
    const result = await adapter().capabilities.mbway.request(mbwayRequest, recorder);
    assert.deepEqual([result?.outcome, result?.status, result?.method, result?.gatewayTransactionId], ['failed', 'expired', 'mbway', 's2CB2CH3U91PdGDHsacJ']);
    assert.equal(recorder.recorded[0]?.id, 's2CB2CH3U91PdGDHsacJ');
    const [checkout, purchase] = seen;
    assert.deepEqual((checkout?.body as { transaction: { paymentMethod: string[] } }).transaction.paymentMethod, ['MBWAY']);
    assert.equal(purchase?.path, '/api/v2/payments/s2CB2CH3U91PdGDHsacJ/mbway-id/purchase');
    assert.match(String(purchase?.headers['authorization']), /^Digest eyJ0eElk/);
    assert.deepEqual(purchase?.body, { customerPhone: '351#919999999' });
  });

  it('keeps the phone out of the checkout\'s customerInfo, which documents no phone', async () => {
    answers = [checkoutAnswer(), { status: 200, body: fixture('seed-001-mbway-purchase-response.json') }];
    await adapter().capabilities.mbway.request({ ...mbwayRequest, customer: { name: 'Rita Alves', email: 'rita@example.pt', phone: '351#919999999' } }, progress());
    const customerInfo = (seen[0]?.body as { customer?: { customerInfo?: Record<string, unknown> } }).customer?.customerInfo;
    assert.deepEqual(customerInfo, { customerName: 'Rita Alves', customerEmail: 'rita@example.pt' });
  });

  it('reads a Pending answer as pending', async () => {
    answers = [checkoutAnswer(), { status: 200, body: { ...(fixture('seed-001-mbway-purchase-response.json') as object), paymentStatus: 'Pending' } }];
    const result = await adapter().capabilities.mbway.request(mbwayRequest, progress());
    assert.deepEqual([result?.outcome, result?.status], ['pending', 'pending']);
  });

  it('turns E0101 into InvalidRequestError, E0119 into a decline and T9999 into a connection error', async () => {
    answers = [checkoutAnswer(), { status: 400, body: { returnStatus: { statusCode: 'E0101', statusMsg: 'Error', statusDescription: 'customerPhone invalid' } } }];
    await assert.rejects(adapter().capabilities.mbway.request(mbwayRequest, progress()), InvalidRequestError);
    answers = [checkoutAnswer(), { status: 400, body: { returnStatus: { statusCode: 'E0119', statusMsg: 'Declined' } } }];
    const declined = await adapter().capabilities.mbway.request(mbwayRequest, progress());
    assert.deepEqual([declined?.outcome, declined?.gatewayCode], ['declined', 'E0119']);
    answers = [checkoutAnswer(), { status: 503, body: { returnStatus: { statusCode: 'T9999' } } }];
    await assert.rejects(adapter().capabilities.mbway.request(mbwayRequest, progress()), ConnectionError);
  });

  it('sends an unknown paymentStatus to needs review', async () => {
    answers = [checkoutAnswer(), { status: 200, body: { ...(fixture('seed-001-mbway-purchase-response.json') as object), paymentStatus: 'Settled' } }];
    await assert.rejects(adapter().capabilities.mbway.request(mbwayRequest, progress()), UnexpectedGatewayResponseError);
  });
});

describe('SIBS adapter, Multibanco on documented answers', () => {
  const expiresAt = new Date('2026-04-20T23:59:00Z');
  const request = { amountMinor: 510n, currency: 'EUR', merchantReference: 'REF-1', description: undefined, customer: {}, expiresAt };
  /** §2's checkout answer (its values are illustrative), echoing this request's merchant id and amount as every answer must. */
  const checkout = (): Canned => {
    const answer = fixture('factsheet-s2-checkout-response.json') as { merchant: object };
    return { status: 200, body: { ...answer, merchant: { ...answer.merchant, merchantTransactionId: 'REF-1' }, amount: { value: 5.1, currency: 'EUR' } } };
  };
  /** §4's answer names the checkout as "s2…": here it names the checkout above. */
  const reference = (): Record<string, unknown> => ({ ...(fixture('factsheet-s4-service-reference-response.json') as object), transactionID: 's2SUPFxhGNyyNu2bsG0B' });

  it('sends paymentReference with the profile\'s entity and reads entity, reference, amount and expiry', async () => {
    answers = [checkout(), { status: 200, body: reference() }];
    const result = await adapter().capabilities.multibanco.generateReference(request, progress());
    assert.deepEqual([result?.outcome, result?.status, result?.method], ['pending', 'pending', 'multibanco']);
    assert.deepEqual(result?.instructions, { type: 'multibanco', entity: '24000', reference: '123456789', amountMinor: 510n, currency: 'EUR', expiresAt });
    const transaction = (seen[0]?.body as { transaction: { paymentMethod: string[]; paymentReference: Record<string, unknown> } }).transaction;
    assert.deepEqual(transaction.paymentMethod, ['REFERENCE']);
    assert.deepEqual(
      { ...transaction.paymentReference, initialDatetime: typeof transaction.paymentReference['initialDatetime'] },
      { initialDatetime: 'string', finalDatetime: '2026-04-20T23:59:00.000Z', maxAmount: { value: 5.1, currency: 'EUR' }, minAmount: { value: 5.1, currency: 'EUR' }, entity: '24000' },
    );
    assert.equal(seen[1]?.path, '/api/v2/payments/s2SUPFxhGNyyNu2bsG0B/service-reference/generate');
    assert.deepEqual(seen[1]?.body, {});
  });

  it('needs the profile\'s Multibanco entity before calling anyone', async () => {
    const without = sibsSpg.createAdapter({
      profile: { id: 'p', name: 'SIBS', gatewayId: 'sibs-spg', environment: 'test', baseUrl: base, options: { terminalId: 52221 } },
      secret: async (field) => field,
      http: http.withContext({ gatewayId: 'sibs-spg', paymentId: null, operationId: null }),
      clock: systemClock,
    });
    await assert.rejects(without.capabilities.multibanco.generateReference(request, progress()), ValidationError);
    assert.equal(seen.length, 0);
  });

  it('does not take Pending without a reference for an answer', async () => {
    const answer = reference();
    answers = [checkout(), { status: 200, body: { ...answer, paymentReference: { entity: '24000' } } }];
    await assert.rejects(adapter().capabilities.multibanco.generateReference(request, progress()), UnexpectedGatewayResponseError);
  });
});

describe('SIBS adapter, mandates and MIT requests', () => {
  it('creates a mandate on {root}/mbway-mandates/creation with the documented body', async () => {
    answers = [{ status: 200, body: { returnStatus: { statusCode: '000', statusMsg: 'Success' }, transactionId: 's2mandateCreation00' } }];
    const result = await adapter().capabilities.mandates.create({ merchantReference: 'M-1', phone: '351#912345678', customerName: 'Rita Alves', mandateType: 'SUBSCRIPTION' });
    assert.deepEqual([result?.status, result?.gatewayMandateId], ['pending', 's2mandateCreation00']);
    assert.equal(seen[0]?.path, '/api/v2/mbway-mandates/creation');
    assert.match(String(seen[0]?.headers['authorization']), /^Bearer /);
    assert.deepEqual(seen[0]?.body, {
      merchant: { terminalId: 52221, channel: 'web', merchantTransactionId: 'M-1' },
      mandate: { mandateType: 'SUBSCRIPTION', aliasMBWAY: '351#912345678', customerName: 'Rita Alves' },
    });
  });

  it('inquires with the Mbway-ID header and reads ACTV as active; an unknown status needs review', async () => {
    answers = [
      { status: 200, body: { returnStatus: { statusCode: '000' }, mandate: { mandateId: 'M9', mandateStatus: 'ACTV', amountLimit: { value: 50, currency: 'EUR' }, mandateExpirationDate: '2027-01-01T00:00:00Z' } } },
      { status: 200, body: { returnStatus: { statusCode: '000' }, mandate: { mandateStatus: 'SUSPENDED' } } },
    ];
    const ref = { gatewayMandateId: 's2m', phone: '351#912345678', gatewayData: { transactionId: 's2m' } };
    const result = await adapter().capabilities.mandates.get(ref);
    assert.deepEqual([result?.status, result?.limitMinor, result?.gatewayData['mandateId']], ['active', 5000n, 'M9']);
    assert.equal(seen[0]?.path, '/api/v2/mbway-mandates/s2m/inquiry-detail');
    assert.equal(seen[0]?.headers['mbway-id'], '351#912345678');
    assert.deepEqual(seen[0]?.body, {});
    await assert.rejects(adapter().capabilities.mandates.get(ref), UnexpectedGatewayResponseError);
  });

  it('sends an MIT to /payments/{cit}/mit with the CIT as top-level originalTransaction and the recurrence type', async () => {
    answers = [{ status: 200, body: { returnStatus: { statusCode: '000' }, paymentStatus: 'Success', transactionID: 's2mit' } }];
    const result = await adapter().capabilities.storedCredentials.charge(
      {
        kind: 'auth',
        amountMinor: 999n,
        currency: 'EUR',
        merchantReference: 'MIT-1',
        description: 'Monthly',
        credential: { type: 'card-token', value: 'tok', gatewayData: { citTransactionId: 's2cit', citTransactionDateTime: '2026-01-01T00:00:00.000Z' } },
        recurrence: 'recurring',
      },
      progress(),
    );
    assert.deepEqual([result?.outcome, result?.status, result?.gatewayTransactionId], ['succeeded', 'authorized', 's2mit']);
    assert.equal(seen[0]?.path, '/api/v2/payments/s2cit/mit');
    const body = seen[0]?.body as { transaction: Record<string, unknown>; originalTransaction: unknown; merchantInitiatedTransaction: unknown };
    // QDOC D.2.2.3 and PRX put it beside `transaction`, whatever the back-office placement option says.
    assert.deepEqual(body.originalTransaction, { id: 's2cit', datetime: '2026-01-01T00:00:00.000Z' });
    assert.equal(body.transaction['originalTransaction'], undefined);
    assert.deepEqual(body.merchantInitiatedTransaction, { type: 'RCRR' });
  });
});

describe('SIBS adapter, storing a card on a purchase (the CIT)', () => {
  const card = { number: '4761340000000035', expiryMonth: 12, expiryYear: 2030, cvv: '536', holder: 'Ana Silva' };
  const sale = { kind: 'sale' as const, amountMinor: 550n, currency: 'EUR', merchantReference: 'Order ID: r1cm97qqjv', description: undefined, card, customer: {}, moto: true };

  it('asks for a token and marks the checkout as a card-on-file agreement when the card is stored', async () => {
    answers = [checkoutAnswer(), { status: 200, body: { ...(fixture('seed-001-mbway-purchase-response.json') as object), paymentStatus: 'Success' } }];
    await adapter().purchase({ ...sale, storeCard: true }, progress());
    const checkout = seen[0]?.body as Record<string, unknown>;
    assert.deepEqual(checkout['tokenisation'], { tokenisationRequest: { tokeniseCard: true } });
    assert.deepEqual(checkout['merchantInitiatedTransaction'], { type: 'UCOF', amountQualifier: 'ESTIMATED' });
    assert.equal((seen[1]?.body as { cardInfo: { createToken: boolean } }).cardInfo.createToken, true);
  });

  it('sends neither when the card is not stored', async () => {
    answers = [checkoutAnswer(), { status: 200, body: { ...(fixture('seed-001-mbway-purchase-response.json') as object), paymentStatus: 'Success' } }];
    await adapter().purchase({ ...sale, storeCard: false }, progress());
    const checkout = seen[0]?.body as Record<string, unknown>;
    assert.equal(checkout['tokenisation'], undefined);
    assert.equal(checkout['merchantInitiatedTransaction'], undefined);
  });
});
