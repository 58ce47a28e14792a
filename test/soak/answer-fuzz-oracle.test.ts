/**
 * The answer fuzz can fail both ways: an adapter that calls everything a success is caught as
 * wrong successes, and one that refuses everything is caught as genuine answers missed. Without
 * these, a green answer fuzz could mean a blind judge.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnexpectedGatewayResponseError } from '../../electron/core/errors.ts';
import type { GatewayAdapter, OperationResult, PaymentResult } from '../../electron/core/gateways/types.ts';
import { capability, type GatewaySpec } from './answer-fuzz/model.ts';
import { sibsSpec } from './answer-fuzz/sibs-spg.ts';
import { run } from './suites/answer-fuzz.ts';

function wrapped(name: string, wrap: (real: GatewayAdapter) => GatewayAdapter): GatewaySpec {
  return { ...sibsSpec, gatewayId: name as GatewaySpec['gatewayId'], createAdapter: (origin, http) => wrap(sibsSpec.createAdapter(origin, http)) };
}

const success: PaymentResult & OperationResult = {
  outcome: 'succeeded',
  status: 'captured',
  gatewayTransactionId: null,
  gatewayOperationId: null,
  gatewayCode: '000',
  gatewayMessage: 'Success',
  gatewayData: {},
  pendingAction: null,
  token: null,
};

/** Makes the real calls (so answers are served) and then believes every answer. */
const credulous = wrapped('sibs-spg', (real) => {
  const authorization = capability(real, 'authorization');
  const cancellation = capability(real, 'void');
  return {
    ...real,
    purchase: (request, progress) => real.purchase(request, progress).catch(() => success).then(() => success),
    refund: (request) => real.refund(request).catch(() => success).then(() => success),
    capabilities: {
      ...real.capabilities,
      authorization: {
        authorize: (request, progress) => authorization.authorize(request, progress).catch(() => success).then(() => ({ ...success, status: 'authorized' as const })),
        capture: (request) => authorization.capture(request).catch(() => success).then(() => success),
      },
      void: { void: (request) => cancellation.void(request).catch(() => success).then(() => success) },
    },
  };
});

/** Makes the real calls and then trusts nothing. */
const refusing = wrapped('sibs-spg', (real) => {
  const refuse = () => {
    throw new UnexpectedGatewayResponseError('refusing every answer');
  };
  const authorization = capability(real, 'authorization');
  return {
    ...real,
    purchase: (request, progress) => real.purchase(request, progress).catch(() => undefined).then(refuse),
    sync: (payment) => real.sync(payment).catch(() => undefined).then(refuse),
    capabilities: { ...real.capabilities, authorization: { ...authorization, capture: (request) => authorization.capture(request).catch(() => undefined).then(refuse) } },
  };
});

test('an adapter that believes every answer is caught with wrong successes', async () => {
  const result = await run('short', { specs: [credulous], runs: 150, seed: 42 });
  assert.ok((result.counts['wrong_success'] ?? 0) > 10, JSON.stringify(result.counts));
});

test('an adapter that refuses every answer is caught missing genuine successes', async () => {
  const result = await run('short', { specs: [refusing], runs: 150, seed: 42 });
  assert.ok((result.counts['genuine_missed'] ?? 0) > 5, JSON.stringify(result.counts));
});
