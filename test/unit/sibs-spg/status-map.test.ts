import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnexpectedGatewayResponseError } from '../../../electron/core/errors.ts';
import {
  mapOperationStatus,
  mapPaymentStatus,
  returnStatusCategory,
  SIBS_PAYMENT_STATUS_TABLE,
} from '../../../electron/core/gateways/sibs-spg/status-map.ts';
import { SIBS_PAYMENT_STATUSES } from '../../../electron/core/gateways/sibs-spg/wire.ts';

describe('SIBS paymentStatus × paymentType table', () => {
  const expected = [
    ['Success', 'PURS', 'captured', 'succeeded', true],
    ['Success', 'AUTH', 'authorized', 'succeeded', true],
    ['Pending', 'PURS', 'pending', 'pending', false],
    ['Pending', 'AUTH', 'pending', 'pending', false],
    ['InProcessing', 'PURS', 'pending', 'pending', false],
    ['InProcessing', 'AUTH', 'pending', 'pending', false],
    ['Partial', 'PURS', 'requires_action', 'pending', false],
    ['Partial', 'AUTH', 'requires_action', 'pending', false],
    ['Declined', 'PURS', 'declined', 'declined', true],
    ['Declined', 'AUTH', 'declined', 'declined', true],
    ['Error', 'PURS', 'failed', 'failed', true],
    ['Error', 'AUTH', 'failed', 'failed', true],
    ['Timeout', 'PURS', 'expired', 'failed', true],
    ['Timeout', 'AUTH', 'expired', 'failed', true],
    ['Expired', 'PURS', 'expired', 'failed', true],
    ['Expired', 'AUTH', 'expired', 'failed', true],
  ] as const;

  for (const [paymentStatus, paymentType, status, outcome, final] of expected) {
    it(`maps ${paymentStatus} on a ${paymentType} to ${status} (${outcome}${final ? ', final' : ''})`, () => {
      assert.deepEqual(mapPaymentStatus(paymentStatus, paymentType), { status, outcome, final });
    });
  }

  it('covers every documented paymentStatus and nothing else', () => {
    assert.deepEqual(Object.keys(SIBS_PAYMENT_STATUS_TABLE).sort(), [...SIBS_PAYMENT_STATUSES].sort());
    assert.equal(expected.length, SIBS_PAYMENT_STATUSES.length * 2);
  });

  it('never maps a payment status to success unless SIBS said Success', () => {
    for (const paymentStatus of SIBS_PAYMENT_STATUSES.filter((value) => value !== 'Success')) {
      for (const paymentType of ['PURS', 'AUTH'] as const) {
        assert.notEqual(mapPaymentStatus(paymentStatus, paymentType).outcome, 'succeeded');
      }
    }
  });

  it('sends an unknown paymentStatus to review as UnexpectedGatewayResponseError', () => {
    assert.throws(() => mapPaymentStatus('Refunded', 'PURS'), (error: unknown) => error instanceof UnexpectedGatewayResponseError && error.gatewayCode === 'Refunded');
    assert.throws(() => mapPaymentStatus('success', 'PURS'), UnexpectedGatewayResponseError);
  });
});

describe('SIBS back-office paymentStatus table', () => {
  const expected = [
    ['Success', 'succeeded'],
    ['Pending', 'pending'],
    ['InProcessing', 'pending'],
    ['Declined', 'declined'],
    ['Error', 'failed'],
    ['Timeout', 'failed'],
  ] as const;
  for (const [paymentStatus, outcome] of expected) {
    it(`maps an operation's ${paymentStatus} to ${outcome}`, () => {
      assert.equal(mapOperationStatus(paymentStatus), outcome);
    });
  }
  it('has no meaning for Partial, Expired or unknown values on an operation', () => {
    for (const value of ['Partial', 'Expired', 'Reversed']) assert.throws(() => mapOperationStatus(value), UnexpectedGatewayResponseError);
  });
});

describe('SIBS returnStatus.statusCode categories', () => {
  const expected = [
    ['000', 'ok'],
    ['E0101', 'validation'],
    ['E0002', 'validation'],
    ['E0420', 'validation'],
    ['E0119', 'decline'],
    ['E0301', 'technical'],
    ['T9999', 'temporary'],
    ['T0001', 'temporary'],
    ['999', 'other'],
    ['10.106.0001', 'other'],
    ['01.106.0004', 'other'],
  ] as const;
  for (const [code, category] of expected) {
    it(`reads statusCode ${code} as ${category}`, () => {
      assert.equal(returnStatusCategory(code), category);
    });
  }
});
