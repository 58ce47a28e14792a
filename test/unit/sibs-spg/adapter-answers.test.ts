/**
 * The adapter's reading of answers no emulator gives, served by a 127.0.0.1 stand-in: another
 * transaction's answer, a status line that contradicts its body, throttling and server errors on
 * calls that move money, and operations that are not final yet.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AnswerMismatchError,
  ConnectionError,
  DeserializationError,
  leavesOutcomeUnknown,
  RateLimitedError,
  UnexpectedGatewayResponseError,
} from '../../../electron/core/errors.ts';
import { sibsSpg } from '../../../electron/core/gateways/sibs-spg/index.ts';
import type { SibsAdapter } from '../../../electron/core/gateways/sibs-spg/adapter.ts';
import type { CallProgress, GatewayData, OperationRequest, OperationResult, PaymentRef, PaymentRequest } from '../../../electron/core/gateways/types.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import { itLeavesOutcomeUnknown, startCannedGateway, type CannedAnswer, type CannedGateway, type MoneyCall } from '../../helpers/canned-gateway.ts';
import { fixture } from './fixtures.ts';

let gateway: CannedGateway;
before(async () => {
  gateway = await startCannedGateway();
});
after(() => gateway.close());

/** The adapter call behind each back-office operation. */
function operationCall(kind: 'capture' | 'refund' | 'void'): (request: OperationRequest) => Promise<OperationResult> {
  const sibs = adapter();
  return { capture: sibs.capabilities.authorization.capture, refund: sibs.refund, void: sibs.capabilities.void.void }[kind];
}

function adapter(): SibsAdapter {
  return sibsSpg.createAdapter({
    profile: { id: 'p', name: 'SIBS', gatewayId: 'sibs-spg', environment: 'test', baseUrl: `${gateway.origin}/api/v2`, options: { terminalId: 11111, multibancoEntity: '24000' } },
    secret: async (field) => `${field}-value`,
    http: gateway.http.withContext({ gatewayId: 'sibs-spg', paymentId: null, operationId: null }),
    clock: systemClock,
  });
}

function progress(): CallProgress & { recorded: Array<{ id: string; data: GatewayData }> } {
  const recorded: Array<{ id: string; data: GatewayData }> = [];
  return { recorded, recordGatewayReference: (id, data) => recorded.push({ id, data }) };
}

const OK = { statusCode: '000', statusMsg: 'Success', statusDescription: 'Success' };
/** §2's checkout answer as it stands: transaction s2SUPFxhGNyyNu2bsG0B for ORDER-0001, 19.20 EUR. */
const CHECKOUT_ID = 's2SUPFxhGNyyNu2bsG0B';
const checkout = (): CannedAnswer => ({ status: 200, body: fixture('factsheet-s2-checkout-response.json') });

const sale: PaymentRequest = {
  kind: 'sale',
  amountMinor: 1_920n,
  currency: 'EUR',
  merchantReference: 'ORDER-0001',
  description: undefined,
  card: { number: '4761340000000035', expiryMonth: 12, expiryYear: 2031, cvv: '536', holder: 'Ana Silva' },
  customer: { email: 'ana@example.pt' },
  moto: true,
  storeCard: false,
};

/** The payment answer (§3's ResponsePayment names) for this sale; `change` makes it another transaction's. */
function paymentAnswer(change: Record<string, unknown> = {}, status = 200): CannedAnswer {
  return {
    status,
    body: {
      returnStatus: OK,
      paymentStatus: 'Success',
      transactionID: CHECKOUT_ID,
      amount: { value: 19.2, currency: 'EUR' },
      merchant: { terminalId: 11111, merchantTransactionId: 'ORDER-0001' },
      paymentType: 'PURS',
      paymentMethod: 'CARD',
      ...change,
    },
  };
}

const payment: PaymentRef = {
  gatewayTransactionId: CHECKOUT_ID,
  merchantReference: 'ORDER-0001',
  kind: 'sale',
  amountMinor: 1_920n,
  currency: 'EUR',
  gatewayData: { transactionSignature: 'sig', transactionTimestamp: '2026-04-16T10:15:30.000Z', paymentType: 'PURS' },
  createdAt: new Date('2026-04-16T10:15:30.000Z'),
};

function operation(kind: OperationRequest['kind'], amountMinor = 1_000n): OperationRequest {
  return { payment, kind, amountMinor, currency: 'EUR', merchantReference: `OP-${kind}-1`, reason: undefined };
}

/** §6's BackOfficeResponse for the operation; `change` makes it another operation's. */
function operationAnswer(request: OperationRequest, change: Record<string, unknown> = {}): CannedAnswer {
  return {
    status: 200,
    body: {
      returnStatus: OK,
      paymentStatus: 'Success',
      transactionID: 's2operation000000001',
      amount: { value: Number(request.amountMinor) / 100, currency: 'EUR' },
      merchant: { terminalId: 11111, merchantTransactionId: request.merchantReference },
      ...change,
    },
  };
}

/** §5's status envelope (merchant id spelled `transactionId`) for the sale, or for an operation on it. */
function statusAnswer(change: Record<string, unknown> = {}): CannedAnswer {
  return {
    status: 200,
    body: {
      returnStatus: OK,
      paymentStatus: 'Success',
      paymentMethod: 'CARD',
      transactionID: CHECKOUT_ID,
      amount: { value: 19.2, currency: 'EUR' },
      merchant: { transactionId: 'ORDER-0001', terminalId: 11111 },
      paymentType: 'PURS',
      ...change,
    },
  };
}

const mit = {
  kind: 'sale' as const,
  amountMinor: 999n,
  currency: 'EUR',
  merchantReference: 'MIT-1',
  description: undefined,
  credential: { type: 'card-token' as const, value: 'tok', gatewayData: { citTransactionId: 's2cit', citTransactionDateTime: '2026-01-01T00:00:00.000Z' } },
  recurrence: 'unscheduled' as const,
};
const mitAnswer = (change: Record<string, unknown> = {}): CannedAnswer => ({
  status: 200,
  body: { returnStatus: OK, paymentStatus: 'Success', transactionID: 's2mit', amount: { value: 9.99, currency: 'EUR' }, merchant: { terminalId: 11111, merchantTransactionId: 'MIT-1' }, ...change },
});

async function mismatch(promise: Promise<unknown>, field: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AnswerMismatchError, `expected AnswerMismatchError, got ${String(error)}`);
    assert.ok(error instanceof UnexpectedGatewayResponseError && leavesOutcomeUnknown(error));
    assert.match(error.message, field);
    return true;
  });
}

describe('SIBS answers that belong to another transaction are never taken as success', () => {
  it('takes a card step answer that echoes this checkout, merchant id and amount', async () => {
    gateway.answer(checkout(), paymentAnswer());
    const result = await adapter().purchase(sale, progress());
    assert.deepEqual([result.outcome, result.status, result.gatewayTransactionId], ['succeeded', 'captured', CHECKOUT_ID]);
  });

  for (const [what, change, field] of [
    ['another checkout', { transactionID: 's2OTHERxxxxxxxxxxxxx' }, /transactionID "s2OTHERxxxxxxxxxxxxx" instead of "s2SUPFxhGNyyNu2bsG0B"/],
    ['another merchant id', { merchant: { terminalId: 11111, merchantTransactionId: 'ORDER-0002' } }, /merchantTransactionId "ORDER-0002" instead of "ORDER-0001"/],
    ['another amount', { amount: { value: 25, currency: 'EUR' } }, /amount "25.00" instead of "19.20"/],
    ['another currency', { amount: { value: 19.2, currency: 'USD' } }, /currency "USD" instead of "EUR"/],
    ['an amount EUR cannot have', { amount: { value: 19.201, currency: 'EUR' } }, /amount "19.201 \(not an amount in EUR\)" instead of "19.20"/],
  ] as const) {
    it(`refuses a card step Success answer naming ${what}`, async () => {
      gateway.answer(checkout(), paymentAnswer(change));
      await mismatch(adapter().purchase(sale, progress()), field);
    });
  }

  it('binds no gateway id from a checkout answer for another merchant id, and sends no card step', async () => {
    const other = fixture('factsheet-s2-checkout-response.json') as { merchant: object };
    gateway.answer({ status: 200, body: { ...other, merchant: { ...other.merchant, merchantTransactionId: 'ORDER-0002' } } });
    const recorder = progress();
    await mismatch(adapter().purchase(sale, recorder), /merchantTransactionId "ORDER-0002"/);
    assert.deepEqual(recorder.recorded, []);
    assert.equal(gateway.seen.length, 1);
  });

  it('refuses an MB WAY answer for another checkout', async () => {
    gateway.answer(checkout(), paymentAnswer({ transactionID: 's2OTHERxxxxxxxxxxxxx', paymentStatus: 'Pending', paymentMethod: 'MBWAY' }));
    await mismatch(adapter().capabilities.mbway.request({ ...sale, phone: '351#912345678' }, progress()), /transactionID/);
  });

  it('refuses a Multibanco reference for another amount', async () => {
    const reference = { entity: '24000', reference: '123456789', amount: { value: 5.1, currency: 'EUR' }, expireDate: '2026-04-20T23:59:00Z' };
    gateway.answer(checkout(), paymentAnswer({ paymentStatus: 'Pending', paymentMethod: 'REFERENCE', amount: undefined, merchant: undefined, paymentReference: reference }));
    await mismatch(adapter().capabilities.multibanco.generateReference({ ...sale, expiresAt: new Date('2026-04-20T23:59:00Z') }, progress()), /amount "5.10" instead of "19.20"/);
  });

  it('refuses a 3-D Secure continuation answered for another transaction', async () => {
    gateway.answer(paymentAnswer({ transactionID: 's2OTHERxxxxxxxxxxxxx' }));
    await mismatch(adapter().capabilities.customerSteps.continueAction(payment, { id: 'a1', type: 'THREEDS_CHALLENGE' }), /transactionID/);
  });

  it('takes an MIT answer for this MIT and refuses one for another merchant id or amount', async () => {
    gateway.answer(mitAnswer());
    assert.equal((await adapter().capabilities.storedCredentials.charge(mit, progress()))?.outcome, 'succeeded');
    gateway.answer(mitAnswer({ merchant: { terminalId: 11111, merchantTransactionId: 'MIT-2' } }));
    await mismatch(adapter().capabilities.storedCredentials.charge(mit, progress()), /merchantTransactionId "MIT-2"/);
    gateway.answer(mitAnswer({ amount: { value: 99.9, currency: 'EUR' } }));
    await mismatch(adapter().capabilities.storedCredentials.charge(mit, progress()), /amount "99.90" instead of "9.99"/);
  });

  for (const kind of ['capture', 'refund', 'void'] as const) {
    it(`takes a ${kind} answer for this ${kind} and refuses another operation's`, async () => {
      const request = operation(kind);
      gateway.answer(operationAnswer(request));
      assert.equal((await operationCall(kind)(request)).outcome, 'succeeded');
      gateway.answer(operationAnswer(request, { merchant: { terminalId: 11111, merchantTransactionId: 'OP-someone-else' } }));
      await mismatch(operationCall(kind)(request), /merchantTransactionId "OP-someone-else"/);
      gateway.answer(operationAnswer(request, { amount: { value: 19.2, currency: 'EUR' } }));
      await mismatch(operationCall(kind)(request), /amount "19.20" instead of "10.00"/);
    });
  }

  it('takes a status answer for this payment and refuses one for another transaction or amount', async () => {
    gateway.answer(statusAnswer());
    assert.equal((await adapter().sync(payment)).status, 'captured');
    gateway.answer(statusAnswer({ transactionID: 's2OTHERxxxxxxxxxxxxx' }));
    await mismatch(adapter().sync(payment), /transactionID/);
    gateway.answer(statusAnswer({ amount: { value: '5.50', currency: 'EUR' } }));
    await mismatch(adapter().sync(payment), /amount "5.50" instead of "19.20"/);
    gateway.answer(statusAnswer({ merchant: { merchantTransactionId: 'ORDER-0002' } }));
    await mismatch(adapter().sync({ ...payment, gatewayTransactionId: null }), /merchantTransactionId "ORDER-0002"/);
  });

  it('never takes another transaction\'s refusal for this one\'s decline', async () => {
    const declined = { returnStatus: { statusCode: 'E0119', statusMsg: 'Declined' } };
    gateway.answer(checkout(), { status: 200, body: { ...declined, transactionID: 's2OTHERxxxxxxxxxxxxx' } });
    await mismatch(adapter().purchase(sale, progress()), /transactionID "s2OTHERxxxxxxxxxxxxx"/);
    const request = operation('refund');
    gateway.answer({ status: 409, body: { ...declined, merchant: { merchantTransactionId: 'OP-someone-else' } } });
    await mismatch(adapter().refund(request), /merchantTransactionId "OP-someone-else"/);
    gateway.answer({ status: 400, body: { ...declined, amount: { value: 99, currency: 'EUR' } } });
    await mismatch(adapter().capabilities.storedCredentials.charge(mit, progress()), /amount "99.00"/);
    gateway.answer({ status: 409, body: declined });
    assert.equal((await adapter().refund(request)).outcome, 'declined');
  });

  it('refuses a lookup answered for another payment, amount or original transaction', async () => {
    gateway.answer(statusAnswer({ merchant: { transactionId: 'ORDER-0002' } }));
    await mismatch(adapter().lookupOperation('purchase', 'ORDER-0001', payment), /merchantTransactionId "ORDER-0002"/);
    gateway.answer(statusAnswer({ amount: { value: 1, currency: 'EUR' } }));
    await mismatch(adapter().lookupOperation('purchase', 'ORDER-0001', payment), /amount "1.00"/);
    const refund = { transactionID: 's2refund', amount: { value: 10, currency: 'EUR' }, merchant: { transactionId: 'OP-refund-1' }, paymentType: 'RFND' };
    gateway.answer(statusAnswer({ ...refund, originalTransaction: { id: 's2OTHERxxxxxxxxxxxxx' } }));
    await mismatch(adapter().lookupOperation('refund', 'OP-refund-1', payment), /originalTransaction.id "s2OTHERxxxxxxxxxxxxx"/);
    gateway.answer(statusAnswer({ ...refund, originalTransaction: { id: CHECKOUT_ID } }));
    const found = await adapter().lookupOperation('refund', 'OP-refund-1', payment);
    assert.deepEqual([found?.outcome, found?.gatewayOperationId, found?.gatewayTransactionId], ['succeeded', 's2refund', CHECKOUT_ID]);
  });
});

describe('SIBS answers whose status line and body disagree leave the outcome unknown', () => {
  const saysDone = { returnStatus: OK, paymentStatus: 'Success', transactionID: 's2operation000000001' };

  for (const status of [400, 404, 409, 500]) {
    it(`reads a refund answered HTTP ${status} with "000 Success" as unknown, never declined or failed`, async () => {
      gateway.answer({ status, body: saysDone });
      await assert.rejects(adapter().refund(operation('refund')), (error: unknown) => {
        assert.ok(error instanceof UnexpectedGatewayResponseError && leavesOutcomeUnknown(error), String(error));
        assert.match(error.message, new RegExp(`status line and the body disagree \\(HTTP ${status}, body says 000 Success`));
        return true;
      });
    });
  }

  it('reads a card step answered HTTP 400 with paymentStatus Success (no returnStatus) as unknown', async () => {
    gateway.answer(checkout(), { status: 400, body: { paymentStatus: 'Success', transactionID: CHECKOUT_ID } });
    await assert.rejects(adapter().purchase(sale, progress()), (error: unknown) => error instanceof UnexpectedGatewayResponseError && /disagree/.test(error.message));
  });

  it('never reads a 404 whose body says "000 Success" as "the operation never happened"', async () => {
    gateway.answer({ status: 404, body: statusAnswer({ merchant: { transactionId: 'OP-refund-1' } }).body });
    await assert.rejects(adapter().lookupOperation('refund', 'OP-refund-1', payment), UnexpectedGatewayResponseError);
  });
});

describe('SIBS throttling, server errors and temporary codes on calls that move money leave the outcome unknown', () => {
  const unknowns: ReadonlyArray<readonly [string, CannedAnswer]> = [
    ['429', { status: 429, body: { returnStatus: { statusCode: 'T9999', statusMsg: 'Error' } }, headers: { 'retry-after': '1' } }],
    ['500', { status: 500, body: { returnStatus: { statusCode: 'T9999', statusMsg: 'Error' } } }],
    ['503 HTML', { status: 503, body: '<html>Service Unavailable</html>' }],
    ['400 + T9999', { status: 400, body: { returnStatus: { statusCode: 'T9999', statusMsg: 'Error', statusDescription: 'try again' } } }],
    ['409 + T9999', { status: 409, body: { returnStatus: { statusCode: 'T9999', statusMsg: 'Error' } } }],
    ['400 + 00.110.1601', { status: 400, body: { returnStatus: { statusCode: '00.110.1601', statusMsg: 'Error' } } }],
    ['400 + E0301', { status: 400, body: { returnStatus: { statusCode: 'E0301', statusMsg: 'Error', statusDescription: 'processing error' } } }],
  ];
  /** Each verb given the answer to its money-moving call (after the checkout, where there is one). */
  const verbs: readonly MoneyCall[] = [
    ['card purchase', [checkout()], () => adapter().purchase(sale, progress())],
    ['card authorisation', [checkout()], () => adapter().capabilities.authorization.authorize({ ...sale, kind: 'auth' }, progress())],
    ['MB WAY', [checkout()], () => adapter().capabilities.mbway.request({ ...sale, phone: '351#912345678' }, progress())],
    ['Multibanco', [checkout()], () => adapter().capabilities.multibanco.generateReference({ ...sale, expiresAt: new Date('2026-04-20T23:59:00Z') }, progress())],
    ['3-D Secure continuation', [], () => adapter().capabilities.customerSteps.continueAction(payment, { id: 'a1', type: 'THREEDS_CHALLENGE' })],
    ['MIT', [], () => adapter().capabilities.storedCredentials.charge(mit, progress())],
    ['capture', [], () => adapter().capabilities.authorization.capture(operation('capture'))],
    ['refund', [], () => adapter().refund(operation('refund'))],
    ['void', [], () => adapter().capabilities.void.void(operation('void'))],
  ];
  itLeavesOutcomeUnknown(() => gateway, verbs, unknowns);

  it('does not say a throttled call was not processed: SIBS documents no such thing', async () => {
    gateway.answer(unknowns[0]?.[1] ?? checkout());
    await assert.rejects(adapter().refund(operation('refund')), (error: unknown) => error instanceof RateLimitedError && !error.notProcessed && error.retryAfterMs === 1000);
    gateway.answer({ status: 400, body: { returnStatus: { statusCode: 'T9999' } } });
    await assert.rejects(adapter().refund(operation('refund')), ConnectionError);
  });
});

describe('SIBS operations that are not final yet are pending, and a lookup follows them', () => {
  for (const kind of ['capture', 'refund', 'void'] as const) {
    it(`a ${kind} answered Pending, InProcessing or "000" without a paymentStatus is pending`, async () => {
      const request = operation(kind);
      for (const paymentStatus of ['Pending', 'InProcessing', undefined]) {
        gateway.answer(operationAnswer(request, { paymentStatus }));
        const result = await operationCall(kind)(request);
        assert.deepEqual([result.outcome, result.gatewayOperationId], ['pending', 's2operation000000001'], `${kind} answered ${paymentStatus ?? 'no paymentStatus'}`);
      }
    });
  }

  it('looks a pending refund up by its merchant id until SIBS gives its final state', async () => {
    const refund = { transactionID: 's2refund', amount: { value: 10, currency: 'EUR' }, merchant: { transactionId: 'OP-refund-1' }, originalTransaction: { id: CHECKOUT_ID } };
    const seenOutcomes: string[] = [];
    for (const paymentStatus of ['Pending', 'InProcessing', 'Success', 'Declined', 'Error']) {
      gateway.answer(statusAnswer({ ...refund, paymentStatus }));
      const found = await adapter().lookupOperation('refund', 'OP-refund-1', payment);
      assert.equal(gateway.seen[0]?.url, '/api/v2/payments/status?merchantTransactionId=OP-refund-1');
      assert.equal(found?.gatewayTransactionId, CHECKOUT_ID);
      seenOutcomes.push(found?.outcome ?? 'null');
    }
    assert.deepEqual(seenOutcomes, ['pending', 'pending', 'succeeded', 'declined', 'failed']);
  });

  it('follows a pending capture and cancellation the same way', async () => {
    for (const kind of ['capture', 'void'] as const) {
      gateway.answer(statusAnswer({ transactionID: 's2op', amount: { value: 10, currency: 'EUR' }, merchant: { transactionId: `OP-${kind}-1` }, paymentStatus: 'InProcessing' }));
      assert.equal((await adapter().lookupOperation(kind, `OP-${kind}-1`, payment))?.outcome, 'pending');
      gateway.answer(statusAnswer({ transactionID: 's2op', amount: { value: 10, currency: 'EUR' }, merchant: { transactionId: `OP-${kind}-1` }, paymentStatus: 'Success' }));
      assert.equal((await adapter().lookupOperation(kind, `OP-${kind}-1`, payment))?.outcome, 'succeeded');
    }
  });
});

describe('SIBS answers that name another kind of payment, or no transaction, are never a success', () => {
  it('refuses a card step answer for an authorisation when this is a purchase, and the reverse', async () => {
    gateway.answer(checkout(), paymentAnswer({ paymentType: 'AUTH' }));
    await mismatch(adapter().purchase(sale, progress()), /paymentType "AUTH" instead of "PURS"/);
    gateway.answer(checkout(), paymentAnswer({ paymentType: 'PURS' }));
    await mismatch(adapter().capabilities.authorization.authorize({ ...sale, kind: 'auth' }, progress()), /paymentType "PURS" instead of "AUTH"/);
  });

  it('refuses a status or payment lookup answer for another kind of payment, and compares no code of its own (PREF)', async () => {
    gateway.answer(statusAnswer({ paymentType: 'AUTH' }));
    await mismatch(adapter().sync(payment), /paymentType "AUTH" instead of "PURS"/);
    gateway.answer(statusAnswer({ paymentType: 'AUTH' }));
    await mismatch(adapter().lookupOperation('purchase', 'ORDER-0001', payment), /paymentType "AUTH" instead of "PURS"/);
    gateway.answer(statusAnswer({ paymentType: 'PREF' }));
    assert.equal((await adapter().sync(payment)).status, 'captured');
  });

  it('reads a payment lookup answered Success without a transactionID as unreadable, whether or not the console has the id', async () => {
    const unreadable = (error: unknown) => error instanceof DeserializationError && leavesOutcomeUnknown(error);
    gateway.answer(statusAnswer({ transactionID: undefined }));
    await assert.rejects(adapter().lookupOperation('purchase', 'ORDER-0001', { ...payment, gatewayTransactionId: null }), unreadable);
    gateway.answer(statusAnswer({ transactionID: undefined }));
    await assert.rejects(adapter().lookupOperation('purchase', 'ORDER-0001', payment), unreadable);
    gateway.answer(statusAnswer({ transactionID: undefined, paymentStatus: 'Pending' }));
    await assert.rejects(adapter().lookupOperation('purchase', 'ORDER-0001', { ...payment, gatewayTransactionId: null }), unreadable);
    gateway.answer(statusAnswer({ transactionID: undefined, paymentStatus: 'Declined' }));
    assert.equal((await adapter().lookupOperation('purchase', 'ORDER-0001', { ...payment, gatewayTransactionId: null }))?.outcome, 'declined');
  });

  it('reads a status by merchant id without a transactionID as unreadable, and one by id as the id asked about', async () => {
    gateway.answer(statusAnswer({ transactionID: undefined }));
    await assert.rejects(adapter().sync({ ...payment, gatewayTransactionId: null }), DeserializationError);
    gateway.answer(statusAnswer({ transactionID: undefined }));
    assert.equal((await adapter().sync(payment)).gatewayTransactionId, CHECKOUT_ID);
  });

  it('reads an MIT answered Success without its transactionID as unreadable', async () => {
    gateway.answer(mitAnswer({ transactionID: undefined }));
    await assert.rejects(adapter().capabilities.storedCredentials.charge(mit, progress()), DeserializationError);
  });

  it('refuses an operation lookup whose record has another amount than the journal\'s', async () => {
    const refund = { transactionID: 's2refund', amount: { value: 10, currency: 'EUR' }, merchant: { transactionId: 'OP-refund-1' }, paymentType: 'RFND', originalTransaction: { id: CHECKOUT_ID } };
    gateway.answer(statusAnswer({ ...refund, amount: { value: 12.5, currency: 'EUR' } }));
    await mismatch(adapter().lookupOperation('refund', 'OP-refund-1', payment, { amountMinor: 1_000n }), /amount "12.50" instead of "10.00"/);
    gateway.answer(statusAnswer(refund));
    assert.equal((await adapter().lookupOperation('refund', 'OP-refund-1', payment, { amountMinor: 1_000n }))?.outcome, 'succeeded');
  });
});
