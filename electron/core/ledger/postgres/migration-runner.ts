/**
 * Brings a PostgreSQL ledger database up to the schema this code knows. Each migration runs in its
 * own transaction together with its row in `schema_migrations`, so a failure leaves the database
 * at a whole version. Consoles that start at the same time queue on one advisory lock, so each
 * step is applied once and nobody reads a half-built schema to decide what is missing.
 */
import type { ClientBase } from 'pg';
import { checkOrder, LedgerSchemaTooNewError } from '../migrations/runner.ts';
import type { PostgresMigration } from './migration.ts';
import { ForbiddenError } from '../../errors.ts';
import { INSUFFICIENT_PRIVILEGE, postgresErrorCode } from './pg-rows.ts';

/**
 * The advisory lock every runner takes. Advisory locks are scoped to one database, so ledgers in
 * other databases of the same server do not wait on each other. Any fixed 64-bit number works as
 * long as nothing else on the database uses it; this one spells "ledgmigr" in ASCII.
 */
export const MIGRATION_LOCK_KEY = '7810759524124026738';

export async function postgresSchemaVersion(client: ClientBase): Promise<number> {
  const exists = await client.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!exists.rows[0]?.present) return 0;
  const result = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
  return result.rows[0]?.version ?? 0;
}

/** Applies the migrations the database lacks, over one connection; returns the versions applied. */
export async function applyPostgresMigrations(client: ClientBase, migrations: readonly PostgresMigration[]): Promise<number[]> {
  checkOrder(migrations);
  await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
  try {
    // Only a ledger's creator may create tables in it; every other operator finds this one there.
    const exists = await client.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
    if (!exists.rows[0]?.present) {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    }
    const databaseVersion = await postgresSchemaVersion(client);
    if (databaseVersion > migrations.length) {
      throw new LedgerSchemaTooNewError(databaseVersion, migrations.length, 'PostgreSQL ledger database');
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (migration.version <= databaseVersion) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (postgresErrorCode(error) === INSUFFICIENT_PRIVILEGE) {
          throw new ForbiddenError(
            `The shared ledger's schema is at version ${databaseVersion} and this console needs ${migrations.length}: only the login that owns it (the ledger's admin) may change it. Start the admin's console once first.`,
          );
        }
        throw error;
      }
      applied.push(migration.version);
    }
    // Operators are granted each table by name (migration 17): tables a later step added are theirs too.
    if (applied.length > 0 && (await client.query("SELECT to_regprocedure('console_refresh_grants()') IS NOT NULL AS present")).rows[0]?.present) {
      await client.query('SELECT console_refresh_grants()');
    }
    return applied;
  } finally {
    // A connection that broke has already released the lock with its session; keep the first error.
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
  }
}
