/**
 * The adapter's reading of answers no emulator gives, served by a 127.0.0.1 stand-in: another
 * transaction's answer, a status line that contradicts its body, throttling and server errors on
 * calls that move money, and a refund followed by lookup until it is final.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnswerMismatchError, DeserializationError, leavesOutcomeUnknown, RateLimitedError, UnexpectedGatewayResponseError } from '../../../electron/core/errors.ts';
import type { SayswitchAdapter } from '../../../electron/core/gateways/sayswitch/adapter.ts';
import type { GatewayData, OperationRequest, PaymentRef } from '../../../electron/core/gateways/types.ts';
import { itLeavesOutcomeUnknown, startCannedGateway, type CannedAnswer, type CannedGateway, type MoneyCall } from '../../helpers/canned-gateway.ts';
import { cannedCardSale, cannedSayswitchAdapter } from './canned-adapter.ts';

let gateway: CannedGateway;
before(async () => {
  gateway = await startCannedGateway();
});
after(() => gateway.close());

function adapter(options: Record<string, string | number | boolean> = {}): SayswitchAdapter {
  return cannedSayswitchAdapter(gateway, options);
}

const REFERENCE = 'MOTO-20250301-ABCDEFGH';
const CARD_BLOB: CannedAnswer = { status: 200, body: 'ab'.repeat(48) };

const request = cannedCardSale(REFERENCE);

function payment(gatewayData: GatewayData = { channel: 'card' }): PaymentRef {
  return { gatewayTransactionId: REFERENCE, merchantReference: REFERENCE, kind: 'sale', amountMinor: 1_000n, currency: 'NGN', gatewayData, createdAt: new Date() };
}

const refund = (gatewayData?: GatewayData): OperationRequest => ({ payment: payment(gatewayData), kind: 'refund', amountMinor: 1_000n, currency: 'NGN', merchantReference: 'RF-1', reason: undefined });

/** §4's verify answer for this payment (§9's amounts: 10.00 requested + 0.12 fees); `change` makes it another's. */
function verifyAnswer(change: Record<string, unknown> = {}, status = 200): CannedAnswer {
  return {
    status,
    body: {
      success: true,
      message: 'Verification successful',
      data: { id: 1933565739, amount: '10.12', requested_amount: '10.00', fees: '0.12', currency: 'NGN', status: 'success', reference: REFERENCE, domain: 'test', channel: 'card', ...change },
    },
  };
}

/** §5's refund list with one entry for this payment's transaction id (1933565739). */
function refundList(entry: Record<string, unknown>): CannedAnswer {
  return {
    status: 200,
    body: {
      success: true,
      data: [
        { id: 1, transaction_id: 99, refund_reference: 'RF_OTHER', amount: '50.00', currency: 'NGN', status: 'success', created_at: '2025-03-02 09:00:00' },
        { id: 2, transaction_id: 1933565739, refund_reference: 'RF_ABC', amount: '10.00', currency: 'NGN', status: 'pending', created_at: '2025-03-02 10:00:00', ...entry },
      ],
      meta: { total: 2 },
    },
  };
}

async function mismatch(promise: Promise<unknown>, field: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AnswerMismatchError, `expected AnswerMismatchError, got ${String(error)}`);
    assert.ok(leavesOutcomeUnknown(error));
    assert.match(error.message, field);
    return true;
  });
}

describe('Sayswitch answers that belong to another transaction are never taken as success', () => {
  it('takes a verify answer for this reference and amount, whatever the fees', async () => {
    gateway.answer(verifyAnswer({ amount: '10.50', fees: '0.50' }));
    assert.equal((await adapter().sync(payment())).status, 'captured');
  });

  for (const [what, change, field] of [
    ['another reference', { reference: 'MOTO-OTHER' }, /reference "MOTO-OTHER" instead of "MOTO-20250301-ABCDEFGH"/],
    ['another amount', { requested_amount: '25.00', amount: '25.30' }, /requested_amount "25.00" instead of "10.00"/],
    ['another currency', { currency: 'USD' }, /currency "USD" instead of "NGN"/],
    ['another transaction id', { id: 42 }, /id "42" instead of "1933565739"/],
  ] as const) {
    it(`refuses a verify Success answer naming ${what}`, async () => {
      gateway.answer(verifyAnswer(change));
      await mismatch(adapter().sync(payment({ channel: 'card', transactionId: '1933565739' })), field);
    });
  }

  it('compares kobo amounts when the profile says answers are in minor units', async () => {
    gateway.answer(verifyAnswer({ requested_amount: '1000', amount: '1012', fees: '12' }));
    assert.equal((await adapter({ responseAmountUnit: 'minor' }).sync(payment())).status, 'captured');
    gateway.answer(verifyAnswer({ requested_amount: '10.00' }));
    await mismatch(adapter({ responseAmountUnit: 'minor' }).sync(payment()), /requested_amount "10.00 \(not an amount in minor units\)" instead of "10.00"/);
  });

  it('never completes an OTP charge on another transaction\'s success', async () => {
    gateway.answer({ status: 200, body: { status: true, message: 'Transaction successful' } }, verifyAnswer({ reference: 'MOTO-OTHER' }));
    const data = { channel: 'card', flow: 'otp', paymentId: '1933565739', actionType: 'OTP', actionUrl: `${gateway.origin}/api/i5678930tyuhjns-cardotp` };
    await mismatch(adapter().capabilities.customerSteps.continueAction(payment(data), { id: '1933565739', type: 'OTP', otp: '123456' }), /reference "MOTO-OTHER"/);
  });

  it('never resolves a purchase lookup with another transaction or amount', async () => {
    gateway.answer(verifyAnswer({ reference: 'MOTO-OTHER' }));
    await mismatch(adapter().lookupOperation('purchase', REFERENCE, payment()), /reference/);
    gateway.answer(verifyAnswer({ requested_amount: '9.99' }));
    await mismatch(adapter().lookupOperation('purchase', REFERENCE, payment()), /requested_amount "9.99"/);
  });

  it('refuses a refund answer that names another transaction, and takes the documented one', async () => {
    const answer = (data: Record<string, unknown>): CannedAnswer => ({ status: 200, body: { success: true, message: 'Refund submitted and in progress', data: { refund_id: 12, reference: 'RF_ABC', status: 'pending', ...data } } });
    gateway.answer(answer({}));
    assert.equal((await adapter().refund(refund())).outcome, 'pending');
    gateway.answer(answer({ transaction_reference: 'MOTO-OTHER' }));
    await mismatch(adapter().refund(refund()), /transaction_reference "MOTO-OTHER"/);
    gateway.answer(answer({ transaction_id: 42 }));
    await mismatch(adapter().refund(refund({ channel: 'card', transactionId: '1933565739' })), /transaction_id "42"/);
  });

  it('refuses a refund list entry that names another transaction or currency', async () => {
    gateway.answer(refundList({ transaction_reference: 'MOTO-OTHER', status: 'success' }));
    await mismatch(adapter().lookupOperation('refund', 'RF-1', payment({ channel: 'card', transactionId: '1933565739' })), /transaction_reference/);
    gateway.answer(refundList({ currency: 'USD', status: 'success' }));
    await mismatch(adapter().lookupOperation('refund', 'RF-1', payment({ channel: 'card', transactionId: '1933565739' })), /currency "USD"/);
  });

  it('never takes another transaction\'s refusal for this charge\'s decline', async () => {
    gateway.answer(CARD_BLOB, { status: 422, body: { status: false, message: 'Insufficient funds', data: { reference: 'MOTO-OTHER' } } });
    await mismatch(adapter().purchase(request, { recordGatewayReference: () => undefined }), /reference "MOTO-OTHER"/);
    gateway.answer(CARD_BLOB, { status: 422, body: { status: false, message: 'Insufficient funds', data: { reference: REFERENCE } } });
    assert.equal((await adapter().purchase(request, { recordGatewayReference: () => undefined })).outcome, 'declined');
  });

  it('refuses a transaction fetched by id that answers with another id', async () => {
    gateway.answer({ status: 404, body: { success: false, message: 'Transaction not found' } }, verifyAnswer({ id: 42 }));
    await mismatch(adapter().capabilities.imports.fetchTransaction({ gatewayTransactionId: '1933565739' }), /id "42" instead of "1933565739"/);
  });
});

describe('Sayswitch answers whose status line and body disagree leave the outcome unknown', () => {
  const saysDone = { success: true, message: 'Refund submitted and in progress', data: { refund_id: 12, reference: 'RF_ABC', status: 'pending' } };

  for (const status of [400, 404, 409, 422]) {
    it(`reads a refund answered HTTP ${status} with success: true as unknown, never declined, rejected or not found`, async () => {
      gateway.answer({ status, body: saysDone });
      await assert.rejects(adapter().refund(refund()), (error: unknown) => {
        assert.ok(error instanceof UnexpectedGatewayResponseError && leavesOutcomeUnknown(error), String(error));
        assert.match(error.message, new RegExp(`status line and the body disagree \\(HTTP ${status}, body says success: true`));
        return true;
      });
    });
  }

  it('reads a charge answered HTTP 422 whose data says success as unknown, not declined', async () => {
    gateway.answer(CARD_BLOB, { status: 422, body: { message: 'Approved', data: { status: 'success', reference: REFERENCE } } });
    await assert.rejects(adapter().purchase(request, { recordGatewayReference: () => undefined }), (error: unknown) => error instanceof UnexpectedGatewayResponseError && /data.status "success"/.test(error.message));
  });

  it('never reads a 404 whose body is a successful verify as "the charge never happened"', async () => {
    gateway.answer(verifyAnswer({}, 404));
    await assert.rejects(adapter().lookupOperation('purchase', REFERENCE, payment()), UnexpectedGatewayResponseError);
  });

  it('keeps reading an error answer that agrees with its status line as before', async () => {
    gateway.answer(CARD_BLOB, { status: 422, body: { status: false, message: 'Insufficient funds' } });
    assert.equal((await adapter().purchase(request, { recordGatewayReference: () => undefined })).outcome, 'declined');
    gateway.answer({ status: 404, body: { success: false, message: 'Transaction not found', error: `No transaction found with reference: ${REFERENCE}` } });
    assert.equal(await adapter().lookupOperation('purchase', REFERENCE, payment()), null);
  });
});

describe('Sayswitch throttling and server errors on calls that move money leave the outcome unknown', () => {
  const unknowns: ReadonlyArray<readonly [string, CannedAnswer]> = [
    ['429', { status: 429, body: { success: false, message: 'Too many requests' }, headers: { 'retry-after': '2' } }],
    ['500', { status: 500, body: { success: false, message: 'Server error' } }],
    ['502 HTML', { status: 502, body: '<html>Bad gateway</html>' }],
    ['503', { status: 503, body: { success: false, message: 'Service unavailable' } }],
    ['504', { status: 504, body: '' }],
  ];
  const otpData = { channel: 'card', flow: 'otp', paymentId: '1', actionType: 'OTP', actionUrl: `http://127.0.0.1:1/api/otp` };
  const verbs: readonly MoneyCall[] = [
    ['card initialize', [CARD_BLOB], () => adapter().purchase(request, { recordGatewayReference: () => undefined })],
    ['bank transfer', [], () => adapter().capabilities.bankTransfer.request({ amountMinor: 250_000n, currency: 'NGN', merchantReference: 'BT-1', description: undefined, customer: { email: 'ada@example.ng' } }, { recordGatewayReference: () => undefined })],
    ['OTP submit', [], () => adapter().capabilities.customerSteps.continueAction(payment({ ...otpData, actionUrl: `${gateway.origin}/api/otp` }), { id: '1', type: 'OTP', otp: '123456' })],
    ['refund', [], () => adapter().refund(refund())],
  ];
  itLeavesOutcomeUnknown(() => gateway, verbs, unknowns);

  it('does not say a throttled call was not processed: Sayswitch documents no such thing', async () => {
    gateway.answer(unknowns[0]?.[1] ?? CARD_BLOB);
    await assert.rejects(adapter().refund(refund()), (error: unknown) => error instanceof RateLimitedError && !error.notProcessed && error.retryAfterMs === 2000);
  });
});

describe('Sayswitch refunds are followed by lookup until final', () => {
  it('reads a refund that stays pending, then succeeds, from the refund list', async () => {
    const ref = payment({ channel: 'card', transactionId: '1933565739' });
    gateway.answer(refundList({ status: 'pending' }));
    const pending = await adapter().lookupOperation('refund', 'RF-1', ref);
    assert.deepEqual([pending?.outcome, pending?.gatewayOperationId, pending?.gatewayTransactionId], ['pending', 'RF_ABC', REFERENCE]);
    assert.deepEqual(gateway.seen.map((seen) => `${seen.method} ${seen.url}`), ['GET /api/v1/refund']);
    gateway.answer(refundList({ status: 'success' }));
    assert.equal((await adapter().lookupOperation('refund', 'RF-1', ref))?.outcome, 'succeeded');
  });

  it('reads a refund that fails', async () => {
    gateway.answer(refundList({ status: 'failed' }));
    assert.equal((await adapter().lookupOperation('refund', 'RF-1', payment({ channel: 'card', transactionId: '1933565739' })))?.outcome, 'failed');
  });

  it('finds the transaction id by v1 verify first when the payment does not know it yet', async () => {
    gateway.answer(verifyAnswer(), refundList({ status: 'success' }));
    const found = await adapter().lookupOperation('refund', 'RF-1', payment());
    assert.equal(found?.outcome, 'succeeded');
    assert.deepEqual(gateway.seen.map((seen) => `${seen.method} ${seen.url}`), [`GET /api/v1/transaction/verify/${REFERENCE}`, 'GET /api/v1/refund']);
  });
});

describe('Sayswitch refund lookups and answers that are not this refund\'s success', () => {
  const known = () => payment({ channel: 'card', transactionId: '1933565739' });

  it('reads a refund answered with the undocumented status "processed" as unknown, never succeeded', async () => {
    gateway.answer({ status: 200, body: { success: true, message: 'Refund submitted and in progress', data: { refund_id: 12, reference: 'RF_ABC', status: 'processed' } } });
    await assert.rejects(adapter().refund(refund()), (error: unknown) => error instanceof UnexpectedGatewayResponseError && leavesOutcomeUnknown(error));
    gateway.answer(refundList({ status: 'processed' }));
    await assert.rejects(adapter().lookupOperation('refund', 'RF-1', known()), UnexpectedGatewayResponseError);
  });

  it('refuses a refund of this transaction for another amount than the payment\'s, asked for or charged', async () => {
    gateway.answer(refundList({ status: 'success', amount: '12.00' }));
    await mismatch(adapter().lookupOperation('refund', 'RF-1', known(), { amountMinor: 1_000n }), /amount "12.00" instead of "10.00"/);
    gateway.answer(refundList({ status: 'success', amount: '9.99' }));
    await mismatch(adapter().lookupOperation('refund', 'RF-1', known()), /amount "9.99" instead of "10.00"/);
    gateway.answer(refundList({ status: 'success', amount: '10.12' }));
    assert.equal((await adapter().lookupOperation('refund', 'RF-1', payment({ channel: 'card', transactionId: '1933565739', chargedAmount: '10.12' })))?.outcome, 'succeeded');
    gateway.answer(verifyAnswer(), refundList({ status: 'success', amount: '10.12' }));
    assert.equal((await adapter().lookupOperation('refund', 'RF-1', payment()))?.outcome, 'succeeded', 'the charged amount verify reports');
  });

  it('uses no id from a verify answer whose status it cannot read', async () => {
    gateway.answer(verifyAnswer({ status: 'reversed' }), refundList({ status: 'success' }));
    await assert.rejects(adapter().lookupOperation('refund', 'RF-1', payment()), UnexpectedGatewayResponseError);
    assert.equal(gateway.seen.length, 1, 'the refund list was not asked');
  });

  it('reads a refund list with an entry naming no transaction as unreadable, never as "no refund"', async () => {
    gateway.answer(refundList({ transaction_id: undefined, status: 'success' }));
    await assert.rejects(adapter().lookupOperation('refund', 'RF-1', known()), (error: unknown) => error instanceof DeserializationError && leavesOutcomeUnknown(error));
  });
});
