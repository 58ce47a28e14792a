import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromMajor } from '../../../shared/money/money.ts';
import {
  merchantReferenceOf,
  sibsBackOfficeRequestSchema,
  sibsCardPurchaseRequestSchema,
  sibsCheckoutRequestSchema,
  sibsCheckoutResponseSchema,
  sibsPaymentResponseSchema,
  sibsStatusResponseSchema,
} from '../../../electron/core/gateways/sibs-spg/wire.ts';
import { fixture } from './fixtures.ts';

describe('SIBS wire schemas on the documented payloads', () => {
  it('reads the real checkout request of seed 001', () => {
    const request = sibsCheckoutRequestSchema.parse(fixture('seed-001-checkout-request.json'));
    assert.equal(request.merchant.terminalId, 52221);
    assert.equal(request.transaction.paymentType, 'PURS');
    assert.equal(fromMajor(request.transaction.amount.value, request.transaction.amount.currency), 550n);
  });

  it('reads the real checkout answer of seed 001, terminalId as a string', () => {
    const response = sibsCheckoutResponseSchema.parse(fixture('seed-001-checkout-response.json'));
    assert.equal(response.transactionID, 's2CB2CH3U91PdGDHsacJ');
    assert.equal(response.returnStatus.statusCode, '000');
    assert.equal(response.merchant?.terminalId, '52221');
    assert.ok(response.transactionSignature?.startsWith('eyJ0eElk'));
    assert.equal(merchantReferenceOf(response.merchant), 'Order ID: r1cm97qqjv');
  });

  it('reads the fact sheet checkout answer with its token list', () => {
    const response = sibsCheckoutResponseSchema.parse(fixture('factsheet-s2-checkout-response.json'));
    assert.equal(response.tokenList?.[0]?.maskedPAN, '4111********1111');
    assert.equal(response.amount?.value, 19.2);
  });

  it('reads the MB WAY purchase answer of seed 001 ("000" with Timeout)', () => {
    const response = sibsPaymentResponseSchema.parse(fixture('seed-001-mbway-purchase-response.json'));
    assert.equal(response.paymentStatus, 'Timeout');
    assert.equal(response.returnStatus.statusCode, '000');
  });

  it('reads the odd real status answer of seed 001: "999", Timeout, amount "5.50", merchantTransactionId', () => {
    const response = sibsStatusResponseSchema.parse(fixture('seed-001-status-response-999-timeout.json'));
    assert.equal(response.returnStatus.statusCode, '999');
    assert.equal(response.paymentStatus, 'Timeout');
    assert.equal(response.amount?.value, '5.50');
    assert.equal(fromMajor(response.amount?.value ?? 0, 'EUR'), 550n);
    assert.equal(merchantReferenceOf(response.merchant), 'Order ID: r1cm97qqjv');
  });

  it('reads the documented status envelope, merchant id spelled transactionId', () => {
    const response = sibsStatusResponseSchema.parse(fixture('factsheet-s5-status-response.json'));
    assert.equal(response.paymentStatus, 'Success');
    assert.equal(response.merchant?.terminalId, 99978);
    assert.equal(merchantReferenceOf(response.merchant), '<merchantTransactionId>');
  });

  it('reads the webhook payload as a status envelope with its notification id', () => {
    const response = sibsStatusResponseSchema.parse(fixture('factsheet-s8-webhook-payload.json'));
    assert.equal(response.notificationID, 'b6571d90-35d6-41a6-b7b1-732464b1e58c');
    assert.equal(response.token?.tokenType, 'MobilePhone');
    assert.equal(fromMajor(response.amount?.value ?? 0, 'EUR'), 1590n);
  });

  it('reads the Multibanco reference answer as a payment answer', () => {
    const response = sibsPaymentResponseSchema.parse(fixture('factsheet-s4-service-reference-response.json'));
    assert.equal(response.paymentStatus, 'Pending');
    assert.equal(response.paymentReference?.['entity'], '24000');
  });

  it('accepts the documented card purchase and back-office requests', () => {
    const card = sibsCardPurchaseRequestSchema.parse(fixture('factsheet-s3-card-purchase-request.json'));
    assert.equal(card.actionProcessed?.type, 'THREEDS_CHALLENGE');
    const backOffice = sibsBackOfficeRequestSchema.parse(fixture('factsheet-s6-back-office-request.json'));
    assert.equal(backOffice.transaction.originalTransaction?.id, 's2…');
    assert.equal(fromMajor(backOffice.transaction.amount.value, 'EUR'), 1000n);
  });

  it('rejects a checkout request without a paymentType, naming the field', () => {
    const request = fixture('seed-001-checkout-request.json') as { transaction: Record<string, unknown> };
    delete request.transaction['paymentType'];
    const parsed = sibsCheckoutRequestSchema.safeParse(request);
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error?.issues[0]?.path, ['transaction', 'paymentType']);
  });

  it('keeps an unknown paymentStatus readable so the status map can flag it', () => {
    const parsed = sibsStatusResponseSchema.parse({ returnStatus: { statusCode: '000' }, paymentStatus: 'Refunded' });
    assert.equal(parsed.paymentStatus, 'Refunded');
  });
});
