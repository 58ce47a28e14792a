/** The §7 regex groups, code by code over every example code of the fact sheet (§3, §4, §7). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionError, leavesOutcomeUnknown, UnexpectedGatewayResponseError } from '../../../electron/core/errors.ts';
import { classifyResultCode } from '../../../electron/core/gateways/aci-oppwa/result-codes.ts';
import { mapOperationCode, mapPaymentCode, requireSettledAnswer } from '../../../electron/core/gateways/aci-oppwa/status-map.ts';

/** [code, group, outcome] as the current table classifies them, in the fact sheet's order. */
const EXAMPLES: ReadonlyArray<readonly [string, string, string]> = [
  // success
  ['000.000.000', 'success', 'succeeded'],
  ['000.100.110', 'success', 'succeeded'],
  ['000.100.112', 'success', 'succeeded'],
  ['000.300.000', 'success', 'succeeded'],
  ['000.400.110', 'success', 'succeeded'],
  // review
  ['000.400.000', 'success_review', 'needs_review'],
  ['000.400.010', 'success_review', 'needs_review'],
  ['000.400.020', 'success_review', 'needs_review'],
  ['000.400.100', 'success_review', 'needs_review'],
  // pending
  ['000.200.000', 'pending', 'pending'],
  ['000.200.100', 'pending', 'pending'],
  ['800.400.500', 'pending_long', 'pending_long'],
  ['100.400.500', 'pending_long', 'pending_long'],
  // 3-D Secure / risk
  ['000.400.101', 'reject_3ds_intercard', 'declined'],
  ['000.400.102', 'reject_3ds_intercard', 'declined'],
  ['100.390.101', 'risk_3ds', 'declined'],
  ['100.390.112', 'risk_3ds', 'declined'],
  ['800.400.200', 'risk_3ds', 'declined'],
  // bank
  ['800.100.100', 'reject_bank', 'declined'],
  ['800.100.151', 'reject_bank', 'declined'],
  ['800.100.152', 'reject_bank', 'declined'],
  ['800.100.153', 'reject_bank', 'declined'],
  ['800.100.159', 'reject_bank', 'declined'],
  ['800.100.162', 'reject_bank', 'declined'],
  ['800.100.203', 'reject_bank', 'declined'],
  ['800.100.500', 'reject_bank', 'declined'],
  // communication
  ['900.100.100', 'reject_communication', 'failed'],
  ['900.100.300', 'reject_communication', 'failed'],
  ['900.100.600', 'reject_communication', 'failed'],
  ['000.400.030', 'reject_communication', 'failed'],
  // system
  ['600.100.100', 'reject_system', 'failed'],
  ['800.600.100', 'reject_system', 'failed'],
  ['999.999.999', 'reject_system', 'failed'],
  // async / soft
  ['100.396.101', 'reject_async_workflow', 'declined'],
  ['100.396.103', 'reject_async_workflow', 'declined'],
  ['300.100.100', 'soft_decline', 'declined'],
  // blacklist / risk validation (100.100.701 is val_account in the current table, blacklist only in the old one)
  ['800.300.101', 'risk_blacklist', 'declined'],
  ['100.100.701', 'val_account', 'declined'],
  ['800.110.100', 'risk_validation', 'declined'],
  ['800.120.100', 'risk_validation', 'declined'],
  ['800.130.100', 'risk_validation', 'declined'],
  // configuration / format
  ['600.200.100', 'val_configuration', 'declined'],
  ['600.200.500', 'val_configuration', 'declined'],
  ['200.300.404', 'val_format', 'invalid'],
  ['100.100.101', 'val_account', 'declined'],
  ['100.100.303', 'val_account', 'declined'],
  ['100.550.401', 'val_amount', 'declined'],
  // registrations (§4)
  ['100.150.100', 'val_registration', 'declined'],
  ['100.150.101', 'val_registration', 'declined'],
  ['100.150.200', 'val_registration', 'declined'],
  ['100.150.201', 'val_registration', 'declined'],
  ['100.150.202', 'val_registration', 'declined'],
  // reference (§3)
  ['700.400.510', 'val_reference', 'declined'],
  ['700.400.100', 'val_reference', 'declined'],
  ['700.300.400', 'val_reference', 'declined'],
  ['700.400.520', 'val_reference', 'declined'],
  ['700.400.200', 'val_reference', 'declined'],
  ['700.300.600', 'val_reference', 'declined'],
  ['700.400.530', 'val_reference', 'declined'],
  ['700.400.300', 'val_reference', 'declined'],
  ['700.300.700', 'val_reference', 'declined'],
  ['700.400.550', 'val_reference', 'declined'],
  ['700.400.402', 'val_reference', 'declined'],
  ['700.400.410', 'val_reference', 'declined'],
  ['700.400.411', 'val_reference', 'declined'],
  ['700.400.420', 'val_reference', 'declined'],
  ['700.400.560', 'val_reference', 'declined'],
  ['700.400.562', 'val_reference', 'declined'],
  ['700.400.580', 'val_reference', 'declined'],
  ['700.400.570', 'val_reference', 'declined'],
  ['700.300.200', 'val_reference', 'declined'],
  ['700.300.300', 'val_reference', 'declined'],
  ['700.100.200', 'val_reference', 'declined'],
  ['700.100.500', 'val_reference', 'declined'],
  ['700.400.700', 'val_reference', 'declined'],
  ['700.500.003', 'val_reference', 'declined'],
  // Merchant Advice Code "retry blocked": not val_reference; treated as rejected (INFERRED)
  ['700.600.100', 'retry_blocked', 'declined'],
  ['700.601.100', 'retry_blocked', 'declined'],
  // chargeback
  ['000.100.200', 'chargeback', 'chargeback'],
  ['000.100.220', 'chargeback', 'chargeback'],
  ['000.100.221', 'chargeback', 'chargeback'],
  ['000.100.222', 'chargeback', 'chargeback'],
  ['000.100.232', 'chargeback', 'chargeback'],
];

describe('OPPWA result-code classifier', () => {
  for (const [code, group, outcome] of EXAMPLES) {
    it(`files ${code} under ${group} (${outcome})`, () => {
      assert.deepEqual(classifyResultCode(code), { group, outcome, viaOldPattern: false });
    });
  }

  it('tries the older generation only when no current pattern matches', () => {
    // 100.400.4xx is external risk only in the older table (`^(100\.400|…)`).
    assert.deepEqual(classifyResultCode('100.400.400'), { group: 'risk_external', outcome: 'declined', viaOldPattern: true });
    // 100.380.401 is external risk now, 3-D Secure in the older table: the current grouping wins.
    assert.equal(classifyResultCode('100.380.401')?.group, 'risk_external');
  });

  it('claims nothing that is not a ddd.ddd.ddd code or that no group matches', () => {
    assert.equal(classifyResultCode('000.100.11'), null);
    assert.equal(classifyResultCode('E0101'), null);
    assert.equal(classifyResultCode('123.456.789'), null);
  });
});

describe('OPPWA status map', () => {
  it('reads a success by paymentType: a PA is authorised, a DB captured', () => {
    assert.deepEqual(mapPaymentCode('000.100.110', undefined, 'PA', false), { status: 'authorized', outcome: 'succeeded', final: true });
    assert.deepEqual(mapPaymentCode('000.000.000', undefined, 'DB', false), { status: 'captured', outcome: 'succeeded', final: true });
  });

  it('keeps an open session pending, asking for action when there is a redirect', () => {
    assert.equal(mapPaymentCode('000.200.000', undefined, 'DB', true).status, 'requires_action');
    assert.equal(mapPaymentCode('000.200.000', undefined, 'DB', false).status, 'pending');
    assert.deepEqual(mapPaymentCode('800.400.500', undefined, 'DB', false), { status: 'pending', outcome: 'pending', final: false });
  });

  it('sends review codes and a failed automatic reversal to a person', () => {
    assert.equal(mapPaymentCode('000.400.010', undefined, 'DB', false).status, 'needs_review');
    assert.equal(mapPaymentCode('000.400.030', undefined, 'PA', false).status, 'needs_review');
  });

  it('reads a timed-out session as expired and declines as declined', () => {
    assert.deepEqual(mapPaymentCode('100.396.103', undefined, 'DB', false), { status: 'expired', outcome: 'failed', final: true });
    assert.equal(mapPaymentCode('800.100.153', undefined, 'DB', false).status, 'declined');
    assert.equal(mapPaymentCode('900.100.100', undefined, 'DB', false).status, 'failed');
  });

  it('maps back-office answers to operation outcomes', () => {
    assert.equal(mapOperationCode('000.100.110', undefined), 'succeeded');
    assert.equal(mapOperationCode('700.400.200', undefined), 'declined');
    assert.equal(mapOperationCode('000.200.000', undefined), 'pending');
  });

  it('never guesses: an unmatched code is an UnexpectedGatewayResponseError carrying the code', () => {
    assert.throws(() => mapPaymentCode('123.456.789', 'new', 'DB', false), (error: unknown) => error instanceof UnexpectedGatewayResponseError && error.gatewayCode === '123.456.789');
    assert.throws(() => mapOperationCode('123.456.789', undefined), UnexpectedGatewayResponseError);
    assert.throws(() => mapPaymentCode('000.100.220', undefined, 'DB', false), UnexpectedGatewayResponseError);
  });

  it('never reads 900.100.300 "timeout, uncertain result" as nothing moved, in an answer, a lookup or a webhook', () => {
    for (const read of [() => mapPaymentCode('900.100.300', undefined, 'DB', false), () => mapOperationCode('900.100.300', undefined)]) {
      assert.throws(read, (error: unknown) => error instanceof UnexpectedGatewayResponseError && error.gatewayCode === '900.100.300' && leavesOutcomeUnknown(error));
    }
  });
});

describe('OPPWA answers to money-moving calls', () => {
  it('leaves the outcome unknown after a communication or system rejection, which may follow the acquirer acting', () => {
    for (const code of ['900.100.100', '900.100.600', '999.999.999', '600.100.100', '800.600.100', '800.800.800', '800.500.100']) {
      assert.throws(() => requireSettledAnswer(code, undefined, 'refund'), (error: unknown) => error instanceof ConnectionError && leavesOutcomeUnknown(error), code);
    }
  });

  it('lets successes, pending codes, declines, reference refusals and the manual-reversal code through to the mapping', () => {
    // 800.120.100 "Rejected by Throttling." is a documented rejection by OPPWA's own risk validation.
    for (const code of ['000.000.000', '000.100.110', '000.200.000', '800.400.500', '800.100.153', '700.400.300', '000.400.030', '100.396.103', '800.120.100']) {
      assert.doesNotThrow(() => requireSettledAnswer(code, undefined, 'capture'), code);
    }
  });
});
