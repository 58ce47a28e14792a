import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { DatabaseSync } from 'node:sqlite';
import { journalMode, openDatabase } from '../../../electron/core/ledger/database.ts';
import { LEDGER_MIGRATIONS } from '../../../electron/core/ledger/migrations/index.ts';
import { applyMigrations, LedgerSchemaTooNewError, schemaVersion } from '../../../electron/core/ledger/migrations/runner.ts';
import type { Migration } from '../../../electron/core/ledger/migrations/migration.ts';
import { SearchIndexBehind } from '../../../electron/core/ledger/search-index-behind.ts';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import { openSqliteLedgerPort } from '../../../electron/core/ledger/sqlite-port.ts';
import { encodeMatchedBlock } from '../../../electron/core/ledger/recon-matched-blocks.ts';
import { reconPaymentsSql } from '../../../electron/core/ledger/recon-read.ts';
import { newPayment, tempLedgerPath } from './ledger-fixtures.ts';

function databaseAtVersion(version: number): DatabaseSync {
  const db = openDatabase(tempLedgerPath());
  applyMigrations(db, LEDGER_MIGRATIONS.slice(0, version));
  assert.equal(schemaVersion(db), version);
  return db;
}

function tableNames(db: DatabaseSync): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'payment_search_%' ORDER BY name")
    .all()
    .map((row) => String(row['name']));
}

function columnsOf(db: DatabaseSync, table: string): string[] {
  return db
    .prepare(`PRAGMA table_info(${table})`)
    .all()
    .map((row) => String(row['name']));
}

function namesOf(db: DatabaseSync, type: 'index' | 'trigger'): string[] {
  return db
    .prepare('SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE ? ORDER BY name')
    .all(type, 'sqlite_autoindex_%')
    .map((row) => String(row['name']));
}

/** Inserts through SQL, as a console of that schema version would have. */
function insertRawPayment(db: DatabaseSync, id: string, merchantReference: string, email: string): void {
  db.prepare(
    `INSERT INTO payments (id, profile_id, profile_name, gateway_id, environment, kind, method, moto, status, currency, amount_minor,
       merchant_reference, customer_email, card_last4, imported, created_at, updated_at)
     VALUES (?, 'profile_a', 'Profile A', 'be2bill', 'sandbox', 'sale', 'card', 0, 'captured', 'EUR', 500, ?, ?, '1111', 0, ?, ?)`,
  ).run(id, merchantReference, email, '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z');
}

test('migration 1 creates the payment journal tables on an empty file', () => {
  const db = databaseAtVersion(0);
  applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 1));
  assert.equal(schemaVersion(db), 1);
  assert.deepEqual(tableNames(db), ['operations', 'payments', 'schema_migrations', 'status_events', 'tokens', 'wire_log']);
  const paymentColumns = columnsOf(db, 'payments');
  for (const column of ['id', 'amount_minor', 'merchant_reference', 'card_brand', 'card_bin', 'card_last4', 'card_expiry_month', 'card_expiry_year', 'card_holder', 'gateway_data', 'pending_action', 'created_at', 'updated_at']) {
    assert.ok(paymentColumns.includes(column), column);
  }
  assert.ok(!paymentColumns.some((column) => /pan|cvv|card_number/.test(column)), 'no column can hold a full card number or CVV');
  assert.deepEqual(columnsOf(db, 'operations'), [
    'seq', 'id', 'payment_id', 'kind', 'amount_minor', 'currency', 'merchant_reference', 'reason', 'operator', 'state',
    'gateway_operation_id', 'gateway_code', 'gateway_message', 'created_at', 'sent_at', 'completed_at',
  ]);
  assert.ok(namesOf(db, 'index').includes('operations_unresolved'));
  db.close();
});

test('migration 2 adds the append-only audit log to a version 1 file and keeps its payments', () => {
  const db = databaseAtVersion(1);
  insertRawPayment(db, 'pay_v1', 'order-v1', 'v1@example.com');
  applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 2));
  assert.equal(schemaVersion(db), 2);
  assert.ok(tableNames(db).includes('audit_log'));
  assert.deepEqual(columnsOf(db, 'audit_log'), ['seq', 'at', 'operator', 'origin', 'action', 'target_type', 'target_id', 'outcome', 'details', 'prev_hash', 'hash']);
  assert.deepEqual(namesOf(db, 'trigger'), ['audit_log_no_delete', 'audit_log_no_update']);
  assert.equal(db.prepare('SELECT COUNT(*) AS n FROM payments').get()?.['n'], 1n);
  db.close();
});

test('migration 3 indexes a version 2 file for search, including the payments already in it', () => {
  const db = databaseAtVersion(2);
  insertRawPayment(db, 'pay_v2', 'order-legacy-42', 'legacy@example.com');
  applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 3));
  assert.equal(schemaVersion(db), 3);
  const indexes = namesOf(db, 'index');
  for (const index of ['payments_newest', 'payments_by_status', 'payments_by_gateway', 'payments_by_profile', 'payments_by_currency', 'payments_by_kind', 'payments_by_amount']) {
    assert.ok(indexes.includes(index), index);
  }
  assert.ok(namesOf(db, 'trigger').includes('payment_search_after_insert'));
  const match = db.prepare("SELECT rowid FROM payment_search WHERE payment_search MATCH '\"legacy-4\"'").all();
  assert.equal(match.length, 1, 'the payment written before the migration is found');
  db.close();
});

test('migration 4 adds instructions, mandates and notifications to a version 3 file whose rows keep working', () => {
  const filePath = tempLedgerPath();
  const db = openDatabase(filePath);
  applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 3));
  insertRawPayment(db, 'pay_v3', 'order-v3', 'v3@example.com');
  db.prepare(
    `INSERT INTO tokens (id, profile_id, gateway_id, token_value, brand, last4, status, created_at)
     VALUES ('tok_v3', 'profile_a', 'aci-oppwa', 'reg-v3', 'visa', '4242', 'active', '2026-01-02T03:04:05.000Z')`,
  ).run();
  db.prepare("INSERT INTO operations (id, payment_id, kind, amount_minor, currency, merchant_reference, operator, state, gateway_operation_id, created_at) VALUES ('op_v3', 'pay_v3', 'refund', 100, 'EUR', 'refund-v3', 'alice', 'succeeded', 'gw-op-v3', '2026-01-02T03:04:06.000Z')").run();

  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 4)), [4]);
  assert.equal(schemaVersion(db), 4);
  assert.ok(tableNames(db).includes('mandates'));
  assert.ok(tableNames(db).includes('notifications'));
  assert.deepEqual(columnsOf(db, 'notifications'), ['profile_id', 'event_id', 'received_at', 'subject', 'gateway_transaction_id']);
  for (const column of ['instructions', 'last_gateway_event_at']) assert.ok(columnsOf(db, 'payments').includes(column), column);
  assert.ok(columnsOf(db, 'tokens').includes('gateway_data'));
  const indexes = namesOf(db, 'index');
  for (const index of ['operations_by_gateway_operation', 'mandates_by_gateway_mandate', 'mandates_by_profile', 'mandates_newest']) {
    assert.ok(indexes.includes(index), index);
  }
  assert.throws(
    () => db.prepare("INSERT INTO mandates (id, profile_id, gateway_id, merchant_reference, phone, customer_name, mandate_type, status, created_at, updated_at) VALUES ('m', 'p', 'sibs-spg', 'r', '351#910000000', 'Ana', 'SUBSCRIPTION', 'approved', 'x', 'x')").run(),
    /CHECK constraint failed/,
  );
  db.close();

  const ledger = openSqliteLedger(filePath);
  const payment = ledger.getPayment('pay_v3');
  assert.equal(payment?.instructions, null);
  assert.equal(payment?.lastGatewayEventAt, null);
  assert.equal(payment?.amountMinor, 500n);
  assert.deepEqual(ledger.getToken('tok_v3')?.gatewayData, {});
  assert.equal(ledger.findOperationByGatewayId('gw-op-v3')?.id, 'op_v3');
  const at = new Date('2026-02-01T00:00:00.000Z');
  assert.deepEqual(ledger.updatePayment('pay_v3', { lastGatewayEventAt: at }, at).lastGatewayEventAt, at);
  ledger.close();
});

test('migration 5 adds the polling schedule to a version 4 file whose payments and mandates keep working', () => {
  const filePath = tempLedgerPath();
  const db = openDatabase(filePath);
  applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 4));
  insertRawPayment(db, 'pay_v4', 'order-v4', 'v4@example.com');
  db.prepare("UPDATE payments SET status = 'pending' WHERE id = 'pay_v4'").run();
  db.prepare(
    `INSERT INTO mandates (id, profile_id, gateway_id, merchant_reference, phone, customer_name, mandate_type, status, created_at, updated_at)
     VALUES ('mdt_v4', 'profile_a', 'sibs-spg', 'mandate-v4', '351#910000000', 'Ana', 'SUBSCRIPTION', 'pending', '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z')`,
  ).run();

  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 5)), [5]);
  assert.equal(schemaVersion(db), 5);
  assert.deepEqual(columnsOf(db, 'poll_schedule'), [
    'subject', 'subject_id', 'gateway_id', 'profile_id', 'first_seen_at', 'next_check_at', 'last_checked_at',
    'attempts', 'failures', 'last_answer', 'last_error',
  ]);
  const indexes = namesOf(db, 'index');
  for (const index of ['poll_schedule_due', 'poll_schedule_by_gateway']) assert.ok(indexes.includes(index), index);
  assert.equal(db.prepare('SELECT COUNT(*) AS n FROM poll_schedule').get()?.['n'], 0n, 'nothing is scheduled by the migration itself');
  assert.throws(
    () => db.prepare("INSERT INTO poll_schedule (subject, subject_id, gateway_id, profile_id, first_seen_at, next_check_at) VALUES ('refund', 'x', 'be2bill', 'p', 'x', 'x')").run(),
    /CHECK constraint failed/,
  );
  db.prepare("INSERT INTO poll_schedule (subject, subject_id, gateway_id, profile_id, first_seen_at, next_check_at) VALUES ('payment', 'pay_v4', 'be2bill', 'profile_a', '2026-01-02T03:04:05.000Z', '2026-01-02T03:05:05.000Z')").run();
  assert.throws(
    () => db.prepare("INSERT INTO poll_schedule (subject, subject_id, gateway_id, profile_id, first_seen_at, next_check_at) VALUES ('payment', 'pay_v4', 'be2bill', 'profile_a', 'x', 'x')").run(),
    /UNIQUE constraint failed/,
  );
  db.close();

  const ledger = openSqliteLedger(filePath);
  assert.equal(ledger.getPayment('pay_v4')?.amountMinor, 500n);
  assert.equal(ledger.getMandate('mdt_v4')?.status, 'pending');
  assert.equal(ledger.countPaymentsWithStatus('pending'), 1);
  const entry = ledger.getPoll('payment', 'pay_v4');
  assert.equal(entry?.attempts, 0, 'attempts default to zero');
  assert.equal(entry?.failures, 0);
  assert.equal(entry?.lastCheckedAt, null);
  assert.deepEqual(entry?.nextCheckAt, new Date('2026-01-02T03:05:05.000Z'));
  assert.equal(ledger.countPolls(), 1);
  ledger.close();
});

test('migration 7 adds the shared call budgets to a version 6 file whose payments keep working', () => {
  const filePath = tempLedgerPath();
  const db = openDatabase(filePath);
  applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 6));
  insertRawPayment(db, 'pay_v6', 'REF-V6', 'v6@example.com');
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 7)), [7]);
  assert.deepEqual(columnsOf(db, 'rate_limited_calls'), ['call_key', 'called_at_ms', 'expires_at_ms']);
  const indexes = namesOf(db, 'index');
  for (const index of ['rate_limited_calls_by_key', 'rate_limited_calls_by_expiry']) assert.ok(indexes.includes(index), index);
  assert.throws(() => db.prepare("INSERT INTO rate_limited_calls (call_key, called_at_ms, expires_at_ms) VALUES ('k', 10, 5)").run(), /CHECK constraint failed/);
  db.close();

  const ledger = openSqliteLedger(filePath);
  assert.equal(ledger.getPayment('pay_v6')?.amountMinor, 500n);
  assert.equal(ledger.tryRecordCall('k', 1, 60_000, new Date()), true);
  ledger.close();
});

test('migration 8 adds the payment change log to a version 7 file; changes to its payments are logged from then on', () => {
  const filePath = tempLedgerPath();
  const db = openDatabase(filePath);
  applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 7));
  insertRawPayment(db, 'pay_v7', 'REF-V7', 'v7@example.com');
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 8)), [8]);
  assert.deepEqual(columnsOf(db, 'payment_changes'), ['seq', 'payment_id', 'writer', 'at']);
  db.close();

  const ledger = openSqliteLedger(filePath);
  ledger.updatePayment('pay_v7', { status: 'captured' }, new Date());
  assert.deepEqual(
    ledger.changesSince(0, 10).map((change) => change.paymentId),
    ['pay_v7'],
  );
  ledger.close();
});

test('migration 9 adds reconciliation sessions to a version 8 file whose payments keep working', () => {
  const filePath = tempLedgerPath();
  const db = openDatabase(filePath);
  applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 8));
  insertRawPayment(db, 'pay_v8', 'REF-V8', 'v8@example.com');
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 9)), [9]);
  assert.ok(columnsOf(db, 'recon_rows').includes('recon_class'));
  assert.ok(columnsOf(db, 'recon_sessions').includes('period_from'));
  db.close();

  const ledger = openSqliteLedger(filePath);
  assert.equal(ledger.getPayment('pay_v8')?.merchantReference, 'REF-V8');
  ledger.close();
});

test('migration 10 gives a version 9 file\'s running sessions an owner and heartbeat, empty until an import beats', () => {
  const db = databaseAtVersion(9);
  db.prepare(
    `INSERT INTO recon_sessions (id, operator, created_at, profile_id, source, mapping, period_from, period_to, status)
     VALUES ('rcn_v9', 'carol', '2026-05-01T00:00:00.000Z', 'profile_a', 'may.csv', 'sibs-spg', '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', 'running')`,
  ).run();
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 11)), [10, 11]);
  const session = db.prepare("SELECT status, owner, heartbeat_at FROM recon_sessions WHERE id = 'rcn_v9'").get();
  assert.deepEqual({ ...session }, { status: 'running', owner: null, heartbeat_at: null });
  assert.ok(namesOf(db, 'index').includes('recon_sessions_running'));
  db.close();
});

test('migration 11 keeps matched rows out of the class index, and a class query still finds the rest through it', () => {
  const db = databaseAtVersion(10);
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 11)), [11]);
  const definition = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'recon_rows_by_class'").get();
  assert.match(String(definition?.['sql']), /WHERE recon_class <> 'matched'/);
  const plan = db
    .prepare("EXPLAIN QUERY PLAN SELECT * FROM recon_rows WHERE session_id = ? AND seq > ? AND recon_class = ? AND recon_class <> 'matched' ORDER BY seq LIMIT ?")
    .all('rcn_1', 0, 'duplicate', 10)
    .map((row) => String(row['detail']));
  assert.ok(plan.some((detail) => detail.includes('recon_rows_by_class')), plan.join('; '));
  db.close();
});

test('migration 12 numbers a version 11 file\'s rows in their sessions by their old ids, so a session saved before reads and resolves as it did', async () => {
  const path = tempLedgerPath();
  const db = openDatabase(path);
  applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 11));
  db.prepare(
    `INSERT INTO recon_sessions (id, operator, created_at, profile_id, source, mapping, period_from, period_to, status, row_count)
     VALUES ('rcn_v11', 'carol', '2026-05-01T00:00:00.000Z', 'profile_a', 'may.csv', 'sibs-spg', '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', 'done', 2)`,
  ).run();
  const insert = db.prepare("INSERT INTO recon_rows (seq, session_id, recon_class, line, amount_minor, currency) VALUES (?, 'rcn_v11', ?, ?, 100, 'EUR')");
  insert.run(41, 'matched', 2);
  insert.run(42, 'duplicate', 3);
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 12)), [12]);
  db.close();
  const ledger = openSqliteLedgerPort(path);
  try {
    const page = await ledger.recon.rows('rcn_v11', {}, 10, null);
    assert.deepEqual(page.rows.map((row) => [row.id, row.reconClass, row.line]), [[41, 'matched', 2], [42, 'duplicate', 3]]);
    const accepted = await ledger.recon.resolveRow('rcn_v11', 41, { resolution: { kind: 'accepted', note: 'seen', followUp: null, by: 'carol', at: new Date('2026-05-02T00:00:00.000Z') } });
    assert.equal(accepted.resolution?.note, 'seen');
    assert.deepEqual((await ledger.recon.summary('rcn_v11')).map((line) => [line.reconClass, line.count]), [['duplicate', 1], ['matched', 1]]);
  } finally {
    await ledger.close();
  }
});

test('migration 13 indexes the audit entries a version 12 file already holds, so its search finds them by any word', async () => {
  const path = tempLedgerPath();
  const db = openDatabase(path);
  applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 12));
  db.prepare(
    `INSERT INTO audit_log (seq, at, operator, origin, action, target_type, target_id, outcome, details, prev_hash, hash)
     VALUES (1, '2026-05-01T00:00:00.000Z', 'carol', 'cli@desk', 'payment.refund', 'payment', 'pay_v12', 'succeeded', '{"reason":"Parcel never arrived"}', ?, 'h1')`,
  ).run('0'.repeat(64));
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 13)), [13]);
  db.close();
  const ledger = openSqliteLedgerPort(path);
  try {
    assert.deepEqual((await ledger.audit.search({ text: 'never arrived' }, 10, null)).entries.map((entry) => entry.targetId), ['pay_v12']);
  } finally {
    await ledger.close();
  }
});

test("migration 15 keeps a version 14 file's payments and adds the batch tables, a chargeable row refused without its reference", () => {
  const db = databaseAtVersion(14);
  insertRawPayment(db, 'pay_v14', 'order-before-15', 'rita@example.pt');
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 15)), [15]);
  assert.equal(db.prepare("SELECT COUNT(*) AS n FROM payments WHERE id = 'pay_v14'").get()?.['n'], 1n);
  db.prepare("INSERT INTO mit_batches (id, profile_id, gateway_id, operator, file_name, status, row_count, created_at) VALUES ('mtb_1', 'p', 'sibs-spg', 'ana', 'f.csv', 'previewed', 1, '2026-01-01T00:00:00.000Z')").run();
  assert.throws(() => db.prepare("INSERT INTO mit_batch_rows (batch_id, ordinal, line, token_id, amount_minor, currency, recurrence, state) VALUES ('mtb_1', 1, 2, 'tok', 100, 'EUR', 'recurring', 'ready')").run(), /CHECK/);
  db.close();
});

test("migration 14 makes a version 13 file's payments findable by customer and cardholder name, and keeps the index in step with later changes", () => {
  const db = databaseAtVersion(13);
  insertRawPayment(db, 'pay_v12', 'order-before-14', 'joana@example.pt');
  db.prepare("UPDATE payments SET customer_name = 'Joana Gonçalves', card_holder = 'J GONCALVES' WHERE id = 'pay_v12'").run();
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 14)), [14]);
  const found = (text: string) => db.prepare('SELECT p.id FROM payments p WHERE p.seq IN (SELECT rowid FROM payment_search WHERE payment_search MATCH ?)').all(`"${text}"`).map((row) => row['id']);
  assert.deepEqual(found('gonçalves'), ['pay_v12'], 'a name written before the migration, accents aside');
  assert.deepEqual(found('j gonc'), ['pay_v12'], 'the cardholder too');
  assert.deepEqual(found('order-before'), ['pay_v12'], 'the fields of migration 3 still are');
  db.prepare("UPDATE payments SET customer_name = 'Rita Alves' WHERE id = 'pay_v12'").run();
  assert.deepEqual(found('joana g'), []);
  assert.deepEqual(found('rita alv'), ['pay_v12']);
  const indexes = namesOf(db, 'index');
  for (const index of ['payments_by_environment', 'payments_by_method']) assert.ok(indexes.includes(index), index);
  db.close();
});

test("migration 16 keys a version 15 file's payments in the list's order, counts them per day and filter, and keeps both in step", () => {
  const db = databaseAtVersion(15);
  insertRawPayment(db, 'pay_b', 'order-b', 'b@example.pt');
  insertRawPayment(db, 'pay_a', 'order-a', 'a@example.pt');
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 16)), [16]);
  const keys = () => db.prepare('SELECT id, list_key FROM payments ORDER BY list_key').all().map((row) => [row['id'], row['list_key']]);
  const instant = BigInt(Date.parse('2026-01-02T03:04:05.000Z')) * 1_000_000n;
  assert.deepEqual(keys(), [['pay_b', instant], ['pay_a', instant + 1n]], 'one millisecond: a counter in insertion order');
  insertRawPayment(db, 'pay_c', 'order-c', 'c@example.pt');
  assert.deepEqual(keys().at(-1), ['pay_c', instant + 2n], 'a new payment gets the next key of its millisecond');
  const found = (text: string) => db.prepare('SELECT p.id FROM payments p WHERE p.list_key IN (SELECT rowid FROM payment_search WHERE payment_search MATCH ?) ORDER BY p.id').all(`"${text}"`).map((row) => row['id']);
  assert.deepEqual(found('order-'), ['pay_a', 'pay_b', 'pay_c'], 'the text index is keyed by list_key, before and after the migration');
  db.prepare("UPDATE payments SET merchant_reference = 'renamed-c' WHERE id = 'pay_c'").run();
  assert.deepEqual(found('renamed'), ['pay_c']);
  const facets = () => db.prepare('SELECT day, gateway_id, status, payments FROM payment_facets WHERE payments > 0 ORDER BY status').all().map((row) => [row['day'], row['gateway_id'], row['status'], row['payments']]);
  assert.deepEqual(facets(), [['2026-01-02', 'be2bill', 'captured', 3n]]);
  db.prepare("UPDATE payments SET status = 'refunded' WHERE id = 'pay_a'").run();
  assert.deepEqual(facets(), [['2026-01-02', 'be2bill', 'captured', 2n], ['2026-01-02', 'be2bill', 'refunded', 1n]]);
  db.prepare("DELETE FROM payments WHERE id = 'pay_b'").run();
  assert.deepEqual(facets(), [['2026-01-02', 'be2bill', 'captured', 1n], ['2026-01-02', 'be2bill', 'refunded', 1n]]);
  assert.deepEqual(found('order-'), ['pay_a']);
  db.close();
});

test('migration 22 keeps a version 21 file\'s JSON blocks readable beside the packed blocks written since, and answers the recon read from one index', async () => {
  const path = tempLedgerPath();
  const db = openDatabase(path);
  applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 21));
  const session = (id: string) =>
    db.prepare(
      `INSERT INTO recon_sessions (id, operator, created_at, profile_id, source, mapping, period_from, period_to, status, row_count)
       VALUES (?, 'carol', '2026-05-01T00:00:00.000Z', 'profile_a', 'may.csv', 'sibs-spg', '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', 'running', 0)`,
    ).run(id);
  session('rcn_v21');
  const row = (line: number, amountMinor: bigint) => ({
    reconClass: 'matched' as const, reason: null, paymentId: `pay_${line}`, line, gatewayTransactionId: `gw_${line}`, merchantReference: `ref_${line}`, kind: 'payment' as const,
    statementStatus: 'succeeded' as const, amountMinor, currency: 'EUR', feeMinor: 3n, netMinor: amountMinor - 3n, transactionAt: new Date('2026-04-02T10:00:00.000Z'),
    settledAt: null, merchantAccount: 'acct', ledgerAmountMinor: amountMinor, ledgerStatus: 'captured' as const,
  });
  const old = encodeMatchedBlock([{ ordinal: 1, row: row(2, 100n) }, { ordinal: 2, row: row(3, 250n) }]);
  db.prepare('INSERT INTO recon_matched_blocks (session_id, first_ordinal, last_ordinal, row_count, rows, totals) VALUES (?, ?, ?, ?, ?, ?)').run('rcn_v21', old.firstOrdinal, old.lastOrdinal, old.rowCount, old.rows, old.totals);
  db.prepare("UPDATE recon_sessions SET row_count = 2 WHERE id = 'rcn_v21'").run();
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 22)), [22]);
  applyMigrations(db, LEDGER_MIGRATIONS);
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${reconPaymentsSql('sqlite')}`).all('profile_a', '2026-01-01T00:00:00.000Z', '', '2027-01-01T00:00:00.000Z', 100);
  assert.match(String(plan[0]?.['detail']), /COVERING INDEX payments_for_recon/);
  assert.throws(() => db.prepare("INSERT INTO recon_matched_blocks (session_id, first_ordinal, last_ordinal, row_count, totals) VALUES ('rcn_v21', 9, 9, 1, '{}')").run(), /CHECK/);
  db.close();
  const ledger = openSqliteLedgerPort(path);
  try {
    await ledger.withTransaction((tx) => tx.recon.addRows('rcn_v21', [row(4, 400n), { ...row(5, 500n), reconClass: 'duplicate' }]));
    const page = await ledger.recon.rows('rcn_v21', {}, 10, null);
    assert.deepEqual(page.rows.map((found) => [found.id, found.reconClass, found.line, found.amountMinor, found.paymentId]), [
      [1, 'matched', 2, 100n, 'pay_2'], [2, 'matched', 3, 250n, 'pay_3'], [3, 'matched', 4, 400n, 'pay_4'], [4, 'duplicate', 5, 500n, 'pay_5'],
    ]);
    assert.deepEqual((await ledger.recon.summary('rcn_v21')).map((line) => [line.reconClass, line.count, line.amountMinor]), [['duplicate', 1, 500n], ['matched', 3, 750n]]);
  } finally {
    await ledger.close();
  }
  const reopened = openDatabase(path);
  const stored = reopened.prepare('SELECT first_ordinal, rows IS NULL AS packed FROM recon_matched_blocks ORDER BY first_ordinal').all();
  reopened.close();
  assert.deepEqual(stored.map((block) => [block['first_ordinal'], block['packed']]), [[1n, 0n], [3n, 1n]]);
});

test("migration 23 counts a version 22 file's text as indexed; later rows wait for the catch-up, and a changed or deleted row stays in step either way", () => {
  const db = databaseAtVersion(22);
  insertRawPayment(db, 'pay_old', 'order-old', 'old@example.pt');
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 23)), [23]);
  const index = new SearchIndexBehind(db);
  const found = (text: string) => db.prepare('SELECT p.id FROM payments p WHERE p.list_key IN (SELECT rowid FROM payment_search WHERE payment_search MATCH ?) ORDER BY p.id').all(`"${text}"`).map((row) => row['id']);
  const catchUp = () => {
    db.exec('BEGIN');
    const indexed = index.catchUp('payments');
    db.exec('COMMIT');
    return indexed;
  };
  assert.deepEqual(found('order-'), ['pay_old'], 'what the file held is indexed already');
  assert.equal(index.behind('payments'), false);

  insertRawPayment(db, 'pay_new', 'order-new', 'new@example.pt');
  insertRawPayment(db, 'pay_later', 'order-later', 'later@example.pt');
  assert.equal(index.behind('payments'), true);
  assert.deepEqual(found('order-'), ['pay_old'], 'a new row waits for the catch-up');
  // Changed before it is indexed: the catch-up reads the text as it is then.
  db.prepare("UPDATE payments SET merchant_reference = 'order-renamed' WHERE id = 'pay_new'").run();
  assert.equal(catchUp(), 2);
  assert.deepEqual(found('order-'), ['pay_later', 'pay_new', 'pay_old']);
  assert.deepEqual(found('renamed'), ['pay_new']);
  assert.equal(catchUp(), 0, 'nothing twice');

  // Changed or deleted once indexed: the triggers keep the index in step.
  db.prepare("UPDATE payments SET merchant_reference = 'order-moved' WHERE id = 'pay_old'").run();
  assert.deepEqual(found('order-old'), []);
  assert.deepEqual(found('moved'), ['pay_old']);
  // The newest row deleted: its seq is given again, at or below the mark, so the new row is indexed at once.
  db.prepare("DELETE FROM payments WHERE id = 'pay_later'").run();
  insertRawPayment(db, 'pay_again', 'order-again', 'again@example.pt');
  assert.deepEqual(found('order-'), ['pay_again', 'pay_new', 'pay_old']);
  db.prepare("UPDATE payments SET merchant_reference = 'order-twice' WHERE id = 'pay_again'").run();
  assert.deepEqual(found('order-again'), []);
  assert.deepEqual(found('twice'), ['pay_again']);
  // FTS5 compares its index with the payments' text and throws on any difference.
  db.exec("INSERT INTO payment_search (payment_search, rank) VALUES ('integrity-check', 1)");
  db.close();
});

test("migration 25 flags a version 24 file's payments that have refunds or chargebacks, and its trigger flags those recorded later, in the same statement", () => {
  const db = databaseAtVersion(24);
  for (const id of ['pay_refunded', 'pay_charged_back', 'pay_captured', 'pay_later']) insertRawPayment(db, id, `order-${id}`, `${id}@example.pt`);
  const operation = (paymentId: string, kind: string) =>
    db.prepare(
      `INSERT INTO operations (id, payment_id, kind, amount_minor, currency, merchant_reference, operator, state, created_at)
       VALUES (?, ?, ?, 100, 'EUR', ?, 'agent', 'succeeded', '2026-01-03T00:00:00.000Z')`,
    ).run(`op_${paymentId}_${kind}`, paymentId, kind, `ref-${paymentId}-${kind}`);
  for (const id of ['pay_refunded', 'pay_charged_back', 'pay_captured', 'pay_later']) operation(id, 'purchase');
  operation('pay_refunded', 'refund');
  operation('pay_charged_back', 'chargeback');
  const flagged = () => db.prepare('SELECT id FROM payments WHERE money_back = 1 ORDER BY id').all().map((row) => row['id']);
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS.slice(0, 25)), [25]);
  assert.deepEqual(flagged(), ['pay_charged_back', 'pay_refunded']);
  operation('pay_later', 'capture');
  operation('pay_later', 'chargeback_reversal');
  assert.deepEqual(flagged(), ['pay_charged_back', 'pay_refunded'], 'only refunds and chargebacks flag a payment');
  operation('pay_later', 'refund');
  operation('pay_refunded', 'chargeback');
  assert.deepEqual(flagged(), ['pay_charged_back', 'pay_later', 'pay_refunded']);
  const read = db.prepare(reconPaymentsSql('sqlite'));
  read.setReturnArrays(true);
  const rows = read.all('profile_a', '2026-01-01T00:00:00.000Z', '', '2027-01-01T00:00:00.000Z', 10) as unknown as unknown[][];
  assert.deepEqual(rows.map((row) => [row[0], row[7]]), [['pay_captured', 0n], ['pay_charged_back', 1n], ['pay_later', 1n], ['pay_refunded', 1n]]);
  db.close();
});

test('records each applied migration once, and applies nothing when reopened', () => {
  const db = databaseAtVersion(0);
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
  assert.deepEqual(applyMigrations(db, LEDGER_MIGRATIONS), []);
  const recorded = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
  assert.deepEqual(recorded.map((row) => [row['version'], row['name']]), [
    [1n, 'payment journal'],
    [2n, 'audit log'],
    [3n, 'payment search'],
    [4n, 'async payments and mandates'],
    [5n, 'poll schedule'],
    [6n, 'operation leases'],
    [7n, 'rate limited calls'],
    [8n, 'payment change log'],
    [9n, 'recon sessions'],
    [10n, 'recon session heartbeat'],
    [11n, 'recon rows class index without matched rows'],
    [12n, 'recon matched blocks'],
    [13n, 'audit search'],
    [14n, 'payment search names'],
    [15n, 'mit batches'],
    [16n, 'payment list plans'],
    [17n, 'operators and rights'],
    [18n, 'four-eyes refunds'],
    [19n, 'wire log repeats'],
    [20n, 'webhook receiver settings'],
    [21n, 'team audit key'],
    [22n, 'recon packed blocks'],
    [23n, 'search index behind'],
    [24n, 'recon money back'],
    [25n, 'recon money back flag'],
  ]);
  db.close();
});

test('leaves the file at the previous version when a migration fails half-way', () => {
  const db = databaseAtVersion(0);
  const failing: Migration = {
    version: 2,
    name: 'fails after creating a table',
    up(inner) {
      inner.exec('CREATE TABLE half_done (x INTEGER)');
      throw new Error('disk on fire');
    },
  };
  assert.throws(() => applyMigrations(db, [LEDGER_MIGRATIONS[0] as Migration, failing]), /disk on fire/);
  assert.equal(schemaVersion(db), 1);
  assert.ok(!tableNames(db).includes('half_done'));
  db.close();
});

test('rejects a migration list with gaps or out of order', () => {
  const db = databaseAtVersion(0);
  assert.throws(() => applyMigrations(db, [LEDGER_MIGRATIONS[1] as Migration]), /numbered 1, 2, 3/);
  assert.equal(schemaVersion(db), 0);
  db.close();
});

test('refuses to open a ledger written by a newer console', () => {
  const filePath = tempLedgerPath();
  openSqliteLedger(filePath).close();
  const raw = openDatabase(filePath);
  raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LEDGER_MIGRATIONS.length + 1, 'from the future', new Date().toISOString());
  raw.close();
  assert.throws(() => openSqliteLedger(filePath), (error: unknown) => {
    assert.ok(error instanceof LedgerSchemaTooNewError);
    assert.equal(error.fileVersion, LEDGER_MIGRATIONS.length + 1);
    assert.match(error.message, /newer console/);
    return true;
  });
});

test('opens the file in WAL mode with foreign keys enforced', () => {
  const filePath = tempLedgerPath();
  openSqliteLedger(filePath).close();
  const db = openDatabase(filePath);
  assert.equal(journalMode(db), 'wal');
  assert.equal(db.prepare('PRAGMA foreign_keys').get()?.['foreign_keys'], 1n);
  assert.equal(db.prepare('PRAGMA busy_timeout').get()?.['timeout'], 5000n);
  db.close();
});

test('keeps payments across a close and reopen', () => {
  const filePath = tempLedgerPath();
  const first = openSqliteLedger(filePath);
  const payment = newPayment({ description: 'Phone order 7781' });
  first.insertPayment(payment);
  first.close();
  const second = openSqliteLedger(filePath);
  assert.equal(second.getPayment(payment.id)?.description, 'Phone order 7781');
  second.close();
});

test('consoles opening the same new ledger file at the same instant all open it', async () => {
  // Each file is one race: the first opener turns it to WAL while the others arrive.
  const files = Array.from({ length: 60 }, () => tempLedgerPath());
  // Far enough ahead for every child to have loaded its modules and be waiting.
  const at = Date.now() + 1_500;
  const children = await Promise.all(
    [1, 2, 3].map(
      () =>
        new Promise<{ failed: number; firstError: string | null }>((resolve, reject) => {
          const child = spawn(process.execPath, ['test/helpers/open-ledgers-at-instant.ts', String(at), '40', ...files], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
          child.once('error', reject);
          child.once('exit', (status) => (status === 0 ? resolve(JSON.parse(out) as { failed: number; firstError: string | null }) : reject(new Error(`the child exited with ${status}`))));
        }),
    ),
  );
  assert.deepEqual(children, [1, 2, 3].map(() => ({ failed: 0, firstError: null })));
  for (const file of files) {
    const db = openDatabase(file);
    assert.equal(journalMode(db), 'wal');
    assert.equal(schemaVersion(db), LEDGER_MIGRATIONS.length);
    db.close();
  }
});
