/**
 * One definition of a final payment status, shared by the engine's status module and the poller:
 * every status is exactly one of final, waiting on the gateway or the customer (polled), or
 * waiting on a person (needs review).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FINAL_PAYMENT_STATUSES, PAYMENT_STATUSES } from '../../shared/domain/schemas.ts';
import { isFinalStatus } from '../../electron/core/payments/status.ts';
import { POLLED_STATUSES } from '../../electron/core/poller/poller.ts';

test('every payment status is final, polled, or waiting on a person, and only one of them', () => {
  for (const status of PAYMENT_STATUSES) {
    const kinds = [isFinalStatus(status) && 'final', POLLED_STATUSES.has(status) && 'polled', status === 'needs_review' && 'needs review'].filter(Boolean);
    assert.equal(kinds.length, 1, `${status}: ${kinds.join(', ') || 'none'}`);
  }
});

test('the engine and the poller read the same set', () => {
  for (const status of PAYMENT_STATUSES) assert.equal(isFinalStatus(status), FINAL_PAYMENT_STATUSES.has(status), status);
  // The gateway owes no further answer on an authorisation or a partial refund: the poller stops and says it settled.
  assert.ok(isFinalStatus('authorized') && isFinalStatus('partially_captured') && isFinalStatus('partially_refunded'));
});
