import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import type { Ledger, StoredToken } from '../../../electron/core/ledger/types.ts';
import { tempLedgerPath } from './ledger-fixtures.ts';

function freshLedger(): Ledger {
  return openSqliteLedger(tempLedgerPath());
}

function storedToken(overrides: Partial<StoredToken> = {}): StoredToken {
  return {
    id: 'tok_1',
    profileId: 'profile_sibs',
    gatewayId: 'sibs-spg',
    tokenValue: 'spg-token-1',
    brand: 'mastercard',
    last4: '0004',
    expiryMonth: 3,
    expiryYear: 2031,
    holder: 'Ana Silva',
    originPaymentId: null,
    status: 'active',
    gatewayData: {},
    createdAt: new Date('2026-05-01T10:00:00.000Z'),
    ...overrides,
  };
}

test('keeps what a merchant-initiated charge must reference with the stored token', () => {
  const ledger = freshLedger();
  const token = storedToken({ gatewayData: { citTransactionId: 's2-cit-1', citDateTime: '2026-05-01T10:00:00.000Z' } });
  ledger.insertToken(token);
  assert.deepEqual(ledger.getToken(token.id), token);
  assert.equal(ledger.getToken('tok_missing'), null);
  ledger.close();
});

test('deletes a token once: it leaves the active list but can still be read', () => {
  const ledger = freshLedger();
  const kept = storedToken({ id: 'tok_kept', tokenValue: 'kept' });
  const removed = storedToken({ id: 'tok_removed', tokenValue: 'removed', createdAt: new Date('2026-05-02T00:00:00.000Z') });
  ledger.insertToken(kept);
  ledger.insertToken(removed);
  assert.deepEqual(ledger.listTokens().map((token) => token.id), ['tok_removed', 'tok_kept']);

  assert.equal(ledger.deleteToken('tok_removed'), true);
  assert.equal(ledger.deleteToken('tok_removed'), false, 'already deleted');
  assert.equal(ledger.deleteToken('tok_missing'), false);
  assert.deepEqual(ledger.listTokens(), [kept]);
  assert.deepEqual(ledger.listTokens('profile_sibs'), [kept]);
  assert.deepEqual(ledger.getToken('tok_removed'), { ...removed, status: 'deleted' });
  ledger.close();
});
