/** The ledger's shared call budgets (migration 007): a sliding window per key, shared by every connection to the file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../electron/core/ledger/database.ts';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import { tempLedgerPath } from './ledger-fixtures.ts';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

test('allows the limit within a window, then refuses without recording, and allows again as calls leave the window', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  assert.equal(ledger.tryRecordCall('tx-1', 2, 60_000, at(0)), true);
  assert.equal(ledger.tryRecordCall('tx-1', 2, 60_000, at(10_000)), true);
  assert.equal(ledger.tryRecordCall('tx-1', 2, 60_000, at(20_000)), false);
  assert.equal(ledger.tryRecordCall('tx-1', 2, 60_000, at(59_999)), false);
  assert.equal(ledger.tryRecordCall('tx-2', 2, 60_000, at(30_000)), true, 'each key has its own budget');
  assert.equal(ledger.tryRecordCall('tx-1', 2, 60_000, at(60_000)), true, 'the first call left the window');
  assert.equal(ledger.tryRecordCall('tx-1', 2, 60_000, at(65_000)), false, 'a refusal recorded nothing, so the second call still counts');
  ledger.close();
});

test('two connections to one file spend one budget', () => {
  const path = tempLedgerPath();
  const one = openSqliteLedger(path);
  const other = openSqliteLedger(path);
  assert.equal(one.tryRecordCall('tx', 2, 60_000, at(0)), true);
  assert.equal(other.tryRecordCall('tx', 2, 60_000, at(1_000)), true);
  assert.equal(one.tryRecordCall('tx', 2, 60_000, at(2_000)), false);
  assert.equal(other.tryRecordCall('tx', 2, 60_000, at(3_000)), false);
  one.close();
  other.close();
});

test('keeps no call after its window: the table is pruned as it is used', () => {
  const path = tempLedgerPath();
  const ledger = openSqliteLedger(path);
  for (let key = 0; key < 50; key += 1) ledger.tryRecordCall(`tx-${key}`, 2, 60_000, at(0));
  ledger.tryRecordCall('late', 2, 60_000, at(60_000));
  ledger.close();
  const db = openDatabase(path);
  assert.deepEqual(db.prepare('SELECT call_key FROM rate_limited_calls').all().map((row) => row['call_key']), ['late']);
  db.close();
});

test('refuses a limit or window that is not a whole count', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  assert.throws(() => ledger.tryRecordCall('tx', -1, 60_000, at(0)), RangeError);
  assert.throws(() => ledger.tryRecordCall('tx', 2, 0, at(0)), RangeError);
  ledger.close();
});
