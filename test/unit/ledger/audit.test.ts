import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeySync } from 'node:crypto';
import { dirname, join } from 'node:path';
import { VaultUnavailableError } from '../../../electron/core/errors.ts';
import { openDatabase } from '../../../electron/core/ledger/database.ts';
import { auditHash, GENESIS_HASH } from '../../../electron/core/ledger/audit-chain.ts';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import type { AuditInput, Ledger } from '../../../electron/core/ledger/types.ts';
import { newPayment, tempLedgerPath } from './ledger-fixtures.ts';

function auditInput(n: number): AuditInput {
  return {
    at: new Date(Date.UTC(2026, 4, 1, 12, 0, n)),
    operator: n % 2 === 0 ? 'alice' : 'bob',
    origin: 'ui',
    action: 'payment.refund',
    targetType: 'payment',
    targetId: `pay_${n}`,
    outcome: 'succeeded',
    details: { amount: `${n}.00`, currency: 'EUR', reason: 'customer request' },
  };
}

function ledgerWithEntries(count: number): { ledger: Ledger; filePath: string } {
  const filePath = tempLedgerPath();
  const ledger = openSqliteLedger(filePath);
  for (let n = 1; n <= count; n += 1) ledger.appendAudit(auditInput(n));
  return { ledger, filePath };
}

test('chains each audit entry to the one before, starting from a hash of zeros', () => {
  const { ledger } = ledgerWithEntries(3);
  const [third, second, first] = ledger.listAudit(10);
  assert.equal(first?.seq, 1);
  assert.equal(first?.prevHash, GENESIS_HASH);
  assert.equal(second?.prevHash, first?.hash);
  assert.equal(third?.prevHash, second?.hash);
  const expectedFirstHash = createHash('sha256')
    .update(JSON.stringify([1, '2026-05-01T12:00:01.000Z', 'bob', 'ui', 'payment.refund', 'payment', 'pay_1', 'succeeded', '{"amount":"1.00","currency":"EUR","reason":"customer request"}', GENESIS_HASH]))
    .digest('hex');
  assert.equal(first?.hash, expectedFirstHash);
  ledger.close();
});

test('stores details with their keys in a fixed order', () => {
  const filePath = tempLedgerPath();
  const ledger = openSqliteLedger(filePath);
  const entry = ledger.appendAudit({ ...auditInput(1), details: { zeta: 1, alpha: { y: true, b: [2, 1] } } });
  assert.equal(entry.details, '{"alpha":{"b":[2,1],"y":true},"zeta":1}');
  ledger.close();
});

test('returns audit entries newest first, a page at a time', () => {
  const { ledger } = ledgerWithEntries(5);
  assert.deepEqual(ledger.listAudit(2).map((entry) => entry.seq), [5, 4]);
  assert.deepEqual(ledger.listAudit(2, 4).map((entry) => entry.seq), [3, 2]);
  assert.deepEqual(ledger.listAudit(10, 2).map((entry) => entry.seq), [1]);
  const [newest] = ledger.listAudit(1);
  assert.deepEqual(newest?.at, auditInput(5).at);
  assert.equal(newest?.operator, 'bob');
  ledger.close();
});

test('verifies an untouched chain', () => {
  const { ledger } = ledgerWithEntries(6);
  assert.deepEqual(ledger.verifyAudit(), { ok: true, checked: 6, firstBrokenSeq: null });
  ledger.close();
});

test('verifies an empty audit log', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  assert.deepEqual(ledger.verifyAudit(), { ok: true, checked: 0, firstBrokenSeq: null });
  ledger.close();
});

test('refuses to change or delete an audit entry through SQL', () => {
  const { ledger, filePath } = ledgerWithEntries(2);
  const raw = openDatabase(filePath);
  assert.throws(() => raw.exec("UPDATE audit_log SET outcome = 'failed' WHERE seq = 1"), /append-only/);
  assert.throws(() => raw.exec('DELETE FROM audit_log WHERE seq = 2'), /append-only/);
  raw.close();
  assert.deepEqual(ledger.verifyAudit(), { ok: true, checked: 2, firstBrokenSeq: null });
  ledger.close();
});

test('detects an entry edited behind the triggers, at that entry', () => {
  const { ledger, filePath } = ledgerWithEntries(6);
  const raw = openDatabase(filePath);
  raw.exec('DROP TRIGGER audit_log_no_update');
  raw.exec("UPDATE audit_log SET operator = 'mallory' WHERE seq = 4");
  raw.close();
  assert.deepEqual(ledger.verifyAudit(), { ok: false, checked: 3, firstBrokenSeq: 4 });
  ledger.close();
});

test('detects an entry edited with its own hash recomputed, at the entry after it', () => {
  const { ledger, filePath } = ledgerWithEntries(5);
  const original = ledger.listAudit(1, 3)[0];
  assert.ok(original);
  const forged = { ...original, at: original.at.toISOString(), outcome: 'failed' };
  const raw = openDatabase(filePath);
  raw.exec('DROP TRIGGER audit_log_no_update');
  raw.prepare("UPDATE audit_log SET outcome = 'failed', hash = ? WHERE seq = 2").run(auditHash(forged));
  raw.close();
  assert.deepEqual(ledger.verifyAudit(), { ok: false, checked: 2, firstBrokenSeq: 3 });
  ledger.close();
});

test('detects a deleted entry, at the entry after the gap', () => {
  const { ledger, filePath } = ledgerWithEntries(5);
  const raw = openDatabase(filePath);
  raw.exec('DROP TRIGGER audit_log_no_delete');
  raw.exec('DELETE FROM audit_log WHERE seq = 3');
  raw.close();
  assert.deepEqual(ledger.verifyAudit(), { ok: false, checked: 2, firstBrokenSeq: 4 });
  ledger.close();
});

test('keeps one chain when two consoles append to the same file', () => {
  const filePath = tempLedgerPath();
  const first = openSqliteLedger(filePath);
  const second = openSqliteLedger(filePath);
  for (let n = 1; n <= 6; n += 1) (n % 2 === 0 ? first : second).appendAudit(auditInput(n));
  assert.deepEqual(first.verifyAudit(), { ok: true, checked: 6, firstBrokenSeq: null });
  first.close();
  second.close();
});

/** A log sealed with a key, then the same file opened as a console without a keychain opens it. */
function keyedThenKeyless(count: number): { ledger: Ledger; filePath: string } {
  const filePath = tempLedgerPath();
  const keyed = openSqliteLedger(filePath);
  keyed.sealAudit({ state: 'sealed', key: { secret: generateKeySync('hmac', { length: 256 }), legacyEntries: 0 }, anchorPath: join(dirname(filePath), 'audit-anchor.json') });
  for (let n = 1; n <= count; n += 1) keyed.appendAudit(auditInput(n));
  keyed.close();
  const ledger = openSqliteLedger(filePath);
  ledger.sealAudit({ state: 'unavailable', reason: 'no keychain answered' });
  return { ledger, filePath };
}

const refused = (error: unknown) => error instanceof VaultUnavailableError && error.kind === 'vault_unavailable' && /no keychain answered/.test(error.message);

test('without its key a ledger refuses every audit entry, and rolls back the work written with it', () => {
  const { ledger } = keyedThenKeyless(3);
  const before = ledger.listAudit(10);
  assert.throws(() => ledger.appendAudit(auditInput(4)), refused);

  const payment = newPayment();
  assert.throws(
    () =>
      ledger.transaction(() => {
        ledger.insertPayment(payment);
        ledger.appendAudit(auditInput(4));
      }),
    refused,
  );
  const nested = newPayment();
  assert.throws(
    () =>
      ledger.transaction(() => {
        ledger.insertPayment(nested);
        ledger.transaction(() => ledger.appendAudit(auditInput(4)));
      }),
    refused,
  );
  assert.equal(ledger.getPayment(payment.id), null);
  assert.equal(ledger.getPayment(nested.id), null);
  assert.deepEqual(ledger.listAudit(10), before, 'no entry, keyed or not, was added');
  ledger.close();
});

test('without its key the report checks the order only and says the seals were not checked', () => {
  const { ledger, filePath } = keyedThenKeyless(4);
  const report = ledger.auditReport();
  assert.equal(report.ok, false);
  assert.deepEqual({ kind: report.problem?.kind, seq: report.problem?.seq }, { kind: 'key_unavailable', seq: null });
  assert.match(report.problem?.message ?? '', /no keychain answered/);
  assert.deepEqual({ checked: report.checked, keyed: report.keyed, legacyEntries: report.legacyEntries, anchoredEntries: report.anchoredEntries, firstBrokenSeq: report.firstBrokenSeq }, { checked: 4, keyed: false, legacyEntries: 0, anchoredEntries: null, firstBrokenSeq: null });

  // What can be seen without the key is still reported: an entry deleted from the middle.
  const raw = openDatabase(filePath);
  raw.exec('DROP TRIGGER audit_log_no_delete');
  raw.exec('DELETE FROM audit_log WHERE seq = 2');
  raw.close();
  const cut = ledger.auditReport();
  assert.deepEqual({ ok: cut.ok, kind: cut.problem?.kind, seq: cut.firstBrokenSeq, checked: cut.checked }, { ok: false, kind: 'missing_entries', seq: 3, checked: 1 });
  ledger.close();
});

test('without its key a log from before keys is counted as plainly sealed', () => {
  const { ledger } = ledgerWithEntries(3);
  ledger.sealAudit({ state: 'unavailable', reason: 'no keychain answered' });
  const report = ledger.auditReport();
  assert.deepEqual({ kind: report.problem?.kind, checked: report.checked, legacyEntries: report.legacyEntries }, { kind: 'key_unavailable', checked: 3, legacyEntries: 3 });
  ledger.close();
});
