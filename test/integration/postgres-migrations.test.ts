/**
 * The PostgreSQL ledger's migration runner against a real server: an empty database gets the
 * whole schema, a second run changes nothing, consoles starting together apply each step once,
 * a failing step leaves a whole version behind, and a newer database is refused untouched.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { LedgerSchemaTooNewError } from '../../electron/core/ledger/migrations/runner.ts';
import { applyPostgresMigrations, postgresSchemaVersion } from '../../electron/core/ledger/postgres/migration-runner.ts';
import { POSTGRES_LEDGER_MIGRATIONS } from '../../electron/core/ledger/postgres/migrations/index.ts';
import type { PostgresMigration } from '../../electron/core/ledger/postgres/migration.ts';
import { createTestDatabase, type TestDatabase, withoutPostgres } from '../helpers/postgres-test-database.ts';

const ALL_VERSIONS = POSTGRES_LEDGER_MIGRATIONS.map((migration) => migration.version);

describe('PostgreSQL ledger migrations', { skip: withoutPostgres }, () => {
  const databases: TestDatabase[] = [];
  const freshDatabase = async (): Promise<TestDatabase> => {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  };
  after(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  test('an empty database gets every step; a second run is a no-op', async () => {
    const client = await (await freshDatabase()).connect();
    assert.deepEqual(await applyPostgresMigrations(client, POSTGRES_LEDGER_MIGRATIONS), ALL_VERSIONS);
    const schemaBefore = await client.query("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2");
    assert.deepEqual(await applyPostgresMigrations(client, POSTGRES_LEDGER_MIGRATIONS), []);
    const schemaAfter = await client.query("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2");
    assert.deepEqual(schemaAfter.rows, schemaBefore.rows);
    const recorded = await client.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    assert.deepEqual(
      recorded.rows,
      POSTGRES_LEDGER_MIGRATIONS.map(({ version, name }) => ({ version, name })),
    );
  });

  test('consoles starting at once apply each step exactly once', async () => {
    const database = await freshDatabase();
    const consoles = await Promise.all(Array.from({ length: 4 }, () => database.connect()));
    const results = await Promise.all(consoles.map((client) => applyPostgresMigrations(client, POSTGRES_LEDGER_MIGRATIONS)));
    assert.deepEqual(results.flat().sort((a, b) => a - b), ALL_VERSIONS, `applied per console: ${JSON.stringify(results)}`);
    const first = consoles[0];
    assert.ok(first);
    assert.equal(await postgresSchemaVersion(first), ALL_VERSIONS.length);
  });

  test('a failing step is rolled back whole and the database stays at the last whole version', async () => {
    const client = await (await freshDatabase()).connect();
    const broken: PostgresMigration = { version: ALL_VERSIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (id integer); SELECT 1 / 0;' };
    await assert.rejects(applyPostgresMigrations(client, [...POSTGRES_LEDGER_MIGRATIONS, broken]), /division by zero/);
    assert.equal(await postgresSchemaVersion(client), ALL_VERSIONS.length);
    const halfDone = await client.query("SELECT to_regclass('half_done') AS table");
    assert.equal(halfDone.rows[0]?.table, null);
    // The lock was released: the same connection and another one can run again.
    assert.deepEqual(await applyPostgresMigrations(client, POSTGRES_LEDGER_MIGRATIONS), []);
  });

  test("migration 25 flags a version 24 database's payments that have refunds or chargebacks, and its trigger flags those recorded later", async () => {
    const client = await (await freshDatabase()).connect();
    await applyPostgresMigrations(client, POSTGRES_LEDGER_MIGRATIONS.filter((migration) => migration.version <= 24));
    const payment = (id: string) =>
      client.query(
        `INSERT INTO payments (id, profile_id, profile_name, gateway_id, environment, kind, method, moto, status, currency, amount_minor, merchant_reference, imported, created_at, updated_at)
         VALUES ($1, 'profile_a', 'Profile A', 'be2bill', 'sandbox', 'sale', 'card', false, 'captured', 'EUR', 500, $2, false, now(), now())`,
        [id, `order-${id}`],
      );
    const operation = (paymentId: string, kind: string) =>
      client.query(
        `INSERT INTO operations (id, payment_id, kind, amount_minor, currency, merchant_reference, operator, state, created_at)
         VALUES ($1, $2, $3, 100, 'EUR', $4, 'agent', 'succeeded', now())`,
        [`op_${paymentId}_${kind}`, paymentId, kind, `ref-${paymentId}-${kind}`],
      );
    for (const id of ['pay_refunded', 'pay_charged_back', 'pay_captured', 'pay_later']) await payment(id);
    await operation('pay_refunded', 'refund');
    await operation('pay_charged_back', 'chargeback');
    await operation('pay_captured', 'capture');
    const flagged = async () => (await client.query<{ id: string }>('SELECT id FROM payments WHERE money_back ORDER BY id')).rows.map((row) => row.id);
    assert.deepEqual(await applyPostgresMigrations(client, POSTGRES_LEDGER_MIGRATIONS), ALL_VERSIONS.filter((version) => version > 24));
    assert.deepEqual(await flagged(), ['pay_charged_back', 'pay_refunded']);
    await operation('pay_later', 'chargeback_reversal');
    assert.deepEqual(await flagged(), ['pay_charged_back', 'pay_refunded'], 'only refunds and chargebacks flag a payment');
    await operation('pay_later', 'refund');
    assert.deepEqual(await flagged(), ['pay_charged_back', 'pay_later', 'pay_refunded']);
  });

  test('the audit trail cannot be emptied with TRUNCATE, which skips row triggers', async () => {
    const client = await (await freshDatabase()).connect();
    await applyPostgresMigrations(client, POSTGRES_LEDGER_MIGRATIONS);
    await client.query(
      "INSERT INTO audit_log (seq, at, operator, origin, action, target_type, outcome, details, prev_hash, hash) VALUES (1, now(), 'alice', 'ui', 'login', 'session', 'success', '{}', '', 'h1')",
    );
    await assert.rejects(client.query('TRUNCATE audit_log'), { code: '23001', message: /append-only/ });
    const remaining = await client.query('SELECT count(*)::integer AS rows FROM audit_log');
    assert.equal(remaining.rows[0]?.rows, 1);
  });

  test('a database written by a newer console is refused and left as it is', async () => {
    const client = await (await freshDatabase()).connect();
    await applyPostgresMigrations(client, POSTGRES_LEDGER_MIGRATIONS);
    const older = POSTGRES_LEDGER_MIGRATIONS.slice(0, 3);
    await assert.rejects(applyPostgresMigrations(client, older), (error: unknown) => {
      assert.ok(error instanceof LedgerSchemaTooNewError);
      assert.equal(error.fileVersion, ALL_VERSIONS.length);
      assert.equal(error.knownVersion, 3);
      assert.match(error.message, new RegExp(`PostgreSQL ledger database has schema version ${ALL_VERSIONS.length}\\b`));
      return true;
    });
    assert.equal(await postgresSchemaVersion(client), ALL_VERSIONS.length);
  });
});
