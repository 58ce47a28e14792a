import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AuthenticationError,
  ConnectionError,
  DeserializationError,
  InvalidRequestError,
  leavesOutcomeUnknown,
  NotFoundError,
  RateLimitedError,
  UnexpectedGatewayResponseError,
} from '../../../electron/core/errors.ts';
import { readAnswer } from '../../../electron/core/gateways/sibs-spg/http-answer.ts';
import { mapPaymentStatus } from '../../../electron/core/gateways/sibs-spg/status-map.ts';
import { sibsBackOfficeResponseSchema, sibsCheckoutResponseSchema, sibsPaymentResponseSchema, sibsStatusResponseSchema } from '../../../electron/core/gateways/sibs-spg/wire.ts';
import type { HttpResponse } from '../../../electron/core/http/http-client.ts';
import { fixtureText } from './fixtures.ts';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body), durationMs: 1 };
}

const errorBody = (statusCode: string) => ({ returnStatus: { statusCode, statusMsg: 'Error', statusDescription: 'detail' } });

describe('reading SIBS HTTP answers', () => {
  it('treats "999" next to Timeout as a timed-out payment, not an invalid request', () => {
    const read = readAnswer(answer(200, fixtureText('seed-001-status-response-999-timeout.json')), sibsStatusResponseSchema, 'status');
    assert.equal(read.kind, 'processed');
    assert.ok(read.kind === 'processed');
    assert.deepEqual(mapPaymentStatus(read.body.paymentStatus, 'PURS'), { status: 'expired', outcome: 'failed', final: true });
  });

  it('treats "000" next to Declined as a decline', () => {
    const read = readAnswer(answer(200, { returnStatus: { statusCode: '000', statusMsg: 'Success' }, paymentStatus: 'Declined' }), sibsPaymentResponseSchema, 'card purchase');
    assert.ok(read.kind === 'processed');
    assert.equal(mapPaymentStatus(read.body.paymentStatus ?? '', 'PURS').outcome, 'declined');
  });

  it('accepts the real checkout answer', () => {
    const read = readAnswer(answer(200, fixtureText('seed-001-checkout-response.json')), sibsCheckoutResponseSchema, 'checkout');
    assert.ok(read.kind === 'processed');
    assert.equal(read.body.transactionID, 's2CB2CH3U91PdGDHsacJ');
  });

  it('maps 401 and 403 to AuthenticationError', () => {
    assert.throws(() => readAnswer(answer(401, errorBody('401')), sibsStatusResponseSchema, 'status'), AuthenticationError);
    assert.throws(() => readAnswer(answer(403, '<html>Forbidden</html>'), sibsStatusResponseSchema, 'status'), AuthenticationError);
  });

  it('maps 400 with E0101 to InvalidRequestError carrying the code', () => {
    assert.throws(
      () => readAnswer(answer(400, errorBody('E0101')), sibsCheckoutResponseSchema, 'checkout'),
      (error: unknown) => error instanceof InvalidRequestError && error.gatewayCode === 'E0101',
    );
  });

  it('reads 409 and 400 + E0119 as a refusal (a decline, nothing moved)', () => {
    const conflict = readAnswer(answer(409, errorBody('E0119')), sibsStatusResponseSchema, 'refund');
    assert.equal(conflict.kind, 'refused');
    const declined = readAnswer(answer(400, errorBody('E0119')), sibsStatusResponseSchema, 'refund');
    assert.ok(declined.kind === 'refused');
    assert.equal(declined.returnStatus?.statusCode, 'E0119');
  });

  it('maps 404 to NotFoundError', () => {
    assert.throws(() => readAnswer(answer(404, errorBody('E0301')), sibsStatusResponseSchema, 'status'), NotFoundError);
  });

  it('maps 429 to RateLimitedError with the Retry-After delay', () => {
    assert.throws(
      () => readAnswer(answer(429, errorBody('T9999'), { 'retry-after': '2' }), sibsStatusResponseSchema, 'status'),
      (error: unknown) => error instanceof RateLimitedError && error.retryAfterMs === 2000,
    );
  });

  it('maps 5xx (including an HTML proxy page) to ConnectionError: the outcome is unknown', () => {
    assert.throws(() => readAnswer(answer(503, errorBody('T9999')), sibsPaymentResponseSchema, 'card purchase'), ConnectionError);
    assert.throws(() => readAnswer(answer(502, '<html>Bad gateway</html>'), sibsPaymentResponseSchema, 'card purchase'), ConnectionError);
  });

  it('maps a 200 carrying T9999 and no paymentStatus to ConnectionError', () => {
    assert.throws(() => readAnswer(answer(200, errorBody('T9999')), sibsCheckoutResponseSchema, 'checkout'), ConnectionError);
  });

  it('maps non-JSON and wrong shapes to DeserializationError', () => {
    assert.throws(() => readAnswer(answer(200, '{"returnStatus":{"statusCo'), sibsStatusResponseSchema, 'status'), DeserializationError);
    assert.throws(() => readAnswer(answer(200, '<html>ok</html>'), sibsStatusResponseSchema, 'status'), DeserializationError);
    assert.throws(() => readAnswer(answer(200, { paymentStatus: 'Success' }), sibsStatusResponseSchema, 'status'), DeserializationError);
  });

  it('does not take a bare "999" without paymentStatus as anything but unexpected', () => {
    assert.throws(() => readAnswer(answer(200, errorBody('999')), sibsCheckoutResponseSchema, 'checkout'), UnexpectedGatewayResponseError);
  });

  it('reads an error status line whose body says "000 Success" as unknown: the two disagree', () => {
    const saysDone = { returnStatus: { statusCode: '000', statusMsg: 'Success', statusDescription: 'Success' }, paymentStatus: 'Success', transactionID: 's2op' };
    for (const status of [400, 404, 409, 422, 500, 503]) {
      assert.throws(
        () => readAnswer(answer(status, saysDone), sibsBackOfficeResponseSchema, 'refund'),
        (error: unknown) => error instanceof UnexpectedGatewayResponseError && error.gatewayCode === '000' && /status line and the body disagree/.test(error.message) && leavesOutcomeUnknown(error),
        `HTTP ${status}`,
      );
    }
  });

  it('reads an error status line whose body has a payment under way (no "000") as unknown too', () => {
    for (const paymentStatus of ['Success', 'Pending', 'InProcessing']) {
      assert.throws(
        () => readAnswer(answer(409, { returnStatus: { statusCode: 'E0119', statusMsg: 'Declined' }, paymentStatus }), sibsBackOfficeResponseSchema, 'capture'),
        (error: unknown) => error instanceof UnexpectedGatewayResponseError && error.gatewayCode === paymentStatus && /disagree/.test(error.message),
      );
    }
  });

  it('keeps reading an error status line whose body agrees with it as before', () => {
    assert.equal(readAnswer(answer(409, { ...errorBody('E0119'), paymentStatus: 'Declined' }), sibsBackOfficeResponseSchema, 'refund').kind, 'refused');
    assert.throws(() => readAnswer(answer(400, errorBody('E0101')), sibsBackOfficeResponseSchema, 'refund'), InvalidRequestError);
    assert.throws(() => readAnswer(answer(404, errorBody('E0301')), sibsStatusResponseSchema, 'status'), NotFoundError);
  });

  it('reads a temporary code as unknown whatever the status line, never as a rejected request or a refusal', () => {
    for (const [status, code] of [[400, 'T9999'], [409, 'T9999'], [422, 'T0001'], [400, '00.110.1601']] as const) {
      assert.throws(() => readAnswer(answer(status, errorBody(code)), sibsBackOfficeResponseSchema, 'refund'), ConnectionError, `HTTP ${status} + ${code}`);
    }
  });

  it('reads a 4xx "processing error" (E0301) other than 404 as unknown', () => {
    assert.throws(
      () => readAnswer(answer(400, errorBody('E0301')), sibsBackOfficeResponseSchema, 'refund'),
      (error: unknown) => error instanceof UnexpectedGatewayResponseError && leavesOutcomeUnknown(error),
    );
  });

  it('leaves a 429 unknown: SIBS does not document that a throttled request was not processed', () => {
    assert.throws(
      () => readAnswer(answer(429, errorBody('T9999')), sibsBackOfficeResponseSchema, 'refund'),
      (error: unknown) => error instanceof RateLimitedError && !error.notProcessed && leavesOutcomeUnknown(error),
    );
  });
});
