/**
 * Holds the audit log's write lock on either backend while `work` runs, handing it the log's last
 * entry: what making a data folder's audit key needs, so that no entry is appended between noting
 * how far the log goes (the legacy prefix) and storing the key. SQLite: the file's write lock;
 * PostgreSQL: the advisory lock every audit append takes.
 */
import pg from 'pg';
import { openDatabase } from './database.ts';
import type { LedgerLocation } from './port.ts';
import { AUDIT_LOCK_KEY } from './postgres/audit-queries.ts';
import { postgresClientConfig } from './postgres/client-config.ts';
import { integer, text, type SqlRow } from './row-reader.ts';

export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

const LAST_ENTRY_SQL = 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1';

export async function underAuditWriteLock<T>(ledger: LedgerLocation, work: (last: AuditHead | null) => Promise<T>): Promise<T> {
  return ledger.kind === 'sqlite' ? underSqliteLock(ledger.path, work) : underPostgresAuditLock(ledger.connectionString, ledger.password, (last) => work(last));
}

async function underSqliteLock<T>(path: string, work: (last: AuditHead | null) => Promise<T>): Promise<T> {
  const db = openDatabase(path);
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      const row = (db.prepare(LAST_ENTRY_SQL).get() as SqlRow | undefined) ?? null;
      const result = await work(row === null ? null : { seq: integer(row, 'seq'), hash: text(row, 'hash') });
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  } finally {
    db.close();
  }
}

/** The same on PostgreSQL, with the locked transaction's client for whatever must commit with it. */
export async function underPostgresAuditLock<T>(connectionString: string, password: string | null, work: (last: AuditHead | null, client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(postgresClientConfig(connectionString, password ?? ''));
  await client.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [AUDIT_LOCK_KEY]);
      const row = (await client.query<{ seq: string; hash: string }>(LAST_ENTRY_SQL)).rows[0];
      const result = await work(row === undefined ? null : { seq: Number(row.seq), hash: row.hash }, client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await client.end();
  }
}
