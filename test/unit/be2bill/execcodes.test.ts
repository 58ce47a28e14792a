/** The EXECCODE table of fact sheet §6, code by code, through the payment and operation mappings. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthenticationError, ConnectionError, InvalidRequestError, leavesOutcomeUnknown, RateLimitedError, UnexpectedGatewayResponseError } from '../../../electron/core/errors.ts';
import { BE2BILL_EXEC_CODES, execCodeEntry, isFailoverExecCode } from '../../../electron/core/gateways/be2bill/execcodes.ts';
import { mapOperationExecCode, mapPaymentExecCode, mapStoredOperationExecCode, mapStoredPaymentExecCode } from '../../../electron/core/gateways/be2bill/status-map.ts';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => String(from + index).padStart(4, '0'));
/** Every code §6 prints. */
const DOCUMENTED = [...range(0, 3), ...range(1001, 1006), ...range(2001, 2012), ...range(3001, 3004), ...range(4001, 4017), ...range(5001, 5005), ...range(6001, 6004)];

type Expected = { status: string; outcome: string; final: boolean; operation: string } | { error: new (...args: never[]) => Error };

function expected(code: string): Expected {
  if (code === '0000') return { status: 'captured', outcome: 'succeeded', final: true, operation: 'succeeded' };
  if (code === '0001' || code === '0002') return { status: 'requires_action', outcome: 'pending', final: false, operation: 'pending' };
  if (code === '0003' || code === '5004') return { status: 'pending', outcome: 'pending', final: false, operation: 'pending' };
  if (code === '1003' || code === '3001' || code === '3002') return { error: AuthenticationError };
  if (code === '3004') return { error: RateLimitedError };
  if (code.startsWith('1')) return { error: InvalidRequestError };
  if (code.startsWith('2')) return { status: 'failed', outcome: 'failed', final: true, operation: 'declined' };
  if (code === '4009' || code === '4015' || code === '4017') return { status: 'expired', outcome: 'failed', final: true, operation: 'failed' };
  if (code.startsWith('3') || code.startsWith('4') || code.startsWith('6')) return { status: 'declined', outcome: 'declined', final: true, operation: 'declined' };
  if (code === '5001' || code === '5002' || code === '5003' || code === '5005') return { error: ConnectionError };
  return { status: 'failed', outcome: 'failed', final: true, operation: 'failed' };
}

describe('Be2bill EXECCODE table', () => {
  it('holds exactly the codes the fact sheet documents', () => {
    assert.deepEqual(BE2BILL_EXEC_CODES.map((entry) => entry.code), DOCUMENTED);
  });

  for (const code of DOCUMENTED) {
    const want = expected(code);
    it(`maps ${code} (${execCodeEntry(code)?.meaning ?? '?'})`, () => {
      if ('error' in want) {
        assert.throws(() => mapPaymentExecCode(code, 'message', 'payment', 'payment'), want.error);
        assert.throws(() => mapOperationExecCode(code, 'message', 'refund'), want.error);
        return;
      }
      assert.deepEqual(mapPaymentExecCode(code, undefined, 'payment', 'payment'), { status: want.status, outcome: want.outcome, final: want.final });
      assert.equal(mapOperationExecCode(code, undefined, 'capture'), want.operation);
    });
  }

  it('reads a success on an authorization as authorised', () => {
    assert.equal(mapPaymentExecCode('0000', undefined, 'authorization', 'authorization').status, 'authorized');
  });

  it('fails over on 5001 and 5003 only', () => {
    assert.deepEqual(DOCUMENTED.filter(isFailoverExecCode), ['5001', '5003']);
  });

  it('sends an unknown code to review instead of guessing', () => {
    for (const code of ['9999', '0004', '4018', '', 'OK']) {
      assert.throws(() => mapPaymentExecCode(code, undefined, 'payment', 'payment'), UnexpectedGatewayResponseError);
      assert.throws(() => mapOperationExecCode(code, undefined, 'refund'), UnexpectedGatewayResponseError);
    }
  });

  it('never reads a throttling or platform answer to a money-moving call as declined or failed: the outcome is unknown', () => {
    for (const code of ['3004', '5001', '5002', '5003', '5005']) {
      assert.throws(() => mapPaymentExecCode(code, undefined, 'payment', 'payment'), (error: unknown) => leavesOutcomeUnknown(error), code);
      assert.throws(() => mapOperationExecCode(code, undefined, 'refund'), (error: unknown) => leavesOutcomeUnknown(error), code);
    }
  });

  it('reads a throttled request stored on a looked-up transaction as the refusal it was', () => {
    assert.deepEqual(mapStoredPaymentExecCode('3004', undefined, 'payment'), { status: 'declined', outcome: 'declined', final: true });
    assert.equal(mapStoredOperationExecCode('3004', undefined), 'declined');
  });

  it('reads request and platform codes stored on a looked-up transaction as failed, not as errors', () => {
    assert.deepEqual(mapStoredPaymentExecCode('1002', undefined, 'payment'), { status: 'failed', outcome: 'failed', final: true });
    assert.deepEqual(mapStoredPaymentExecCode('5002', undefined, 'payment'), { status: 'failed', outcome: 'failed', final: true });
    assert.throws(() => mapStoredPaymentExecCode('7777', undefined, 'payment'), UnexpectedGatewayResponseError);
  });
});
