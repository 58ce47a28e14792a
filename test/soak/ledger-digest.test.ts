/** The contract fuzz's ledger digest sees a change in any money table, including ones added later, and ignores the logs. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { openLedgerDigest } from './contract-fuzz/ledger-digest.ts';
import { removeDir } from '../helpers/test-core.ts';

test('the digest changes with any money table and not with the audit or wire log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-'));
  const path = join(dir, 'ledger.sqlite');
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('CREATE TABLE payments (id TEXT PRIMARY KEY, status TEXT); CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, action TEXT); CREATE TABLE wire_log (id TEXT)');
  db.exec("INSERT INTO payments VALUES ('p1', 'captured')");
  const digest = openLedgerDigest(path);
  try {
    const first = digest.digest();
    db.exec("INSERT INTO audit_log (action) VALUES ('payment.refund refused'); INSERT INTO wire_log VALUES ('w1')");
    assert.equal(digest.digest(), first, 'logs are not money');
    db.exec("UPDATE payments SET status = 'refunded'");
    const second = digest.digest();
    assert.notEqual(second, first, 'a changed payment');
    db.exec('CREATE TABLE operation_leases (operation_id TEXT PRIMARY KEY, holder TEXT) WITHOUT ROWID');
    db.exec("INSERT INTO operation_leases VALUES ('op1', 'pid-1')");
    assert.notEqual(digest.digest(), second, 'a table added later, without rowid');
  } finally {
    digest.close();
    db.close();
    removeDir(dir);
  }
});
