/**
 * What the ledger answers to reconciliation's refunds read is checked before it is used: a row
 * placed beyond the payments asked for, or holding the wrong kind of value, is a typed error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SQLOutputValue } from 'node:sqlite';
import { moneyBackFromArrays } from '../../../electron/core/ledger/recon-read.ts';

test('a refunds row that does not fit the read (a place beyond the ids asked for, a wrong cell) is refused with a typed error', () => {
  const row = (at: bigint, amount: unknown = 500n) => [at, 'refund', 'op_1', null, amount, 'succeeded'] as SQLOutputValue[];
  assert.deepEqual(moneyBackFromArrays([row(1n)], 2).map(({ at, operation }) => [at, operation.kind, operation.amountMinor]), [[1, 'refund', 500n]]);
  assert.throws(() => moneyBackFromArrays([row(2n)], 2), { name: 'TypeError', message: /at should hold a place among the ids asked for/ });
  assert.throws(() => moneyBackFromArrays([row(-1n)], 2), TypeError);
  assert.throws(() => moneyBackFromArrays([row(0n, '500')], 2), { name: 'TypeError', message: /amount_minor should hold an integer, found string/ });
  assert.throws(() => moneyBackFromArrays([row(0n).slice(1)], 2), { name: 'TypeError', message: /5 columns/ });
});
