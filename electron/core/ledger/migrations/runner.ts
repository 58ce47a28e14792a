/**
 * Brings a ledger file up to the schema this code knows. Each migration runs in its own write
 * transaction together with its row in `schema_migrations`, so a crash leaves the file at a
 * whole version; two consoles opening the same file at once apply each step only once.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Migration } from './migration.ts';
import { journalMode } from '../database.ts';
import { fsyncWal } from '../deferred-wal-sync.ts';

export class LedgerSchemaTooNewError extends Error {
  override name = 'LedgerSchemaTooNewError';
  readonly fileVersion: number;
  readonly knownVersion: number;
  /** `store` names what holds the ledger for the operator: the SQLite file or a PostgreSQL database. */
  constructor(fileVersion: number, knownVersion: number, store = 'ledger file') {
    super(
      `The ${store} has schema version ${fileVersion}, but this version of the console only knows up to ${knownVersion}. ` +
        'It was written by a newer console; open it with that version.',
    );
    this.fileVersion = fileVersion;
    this.knownVersion = knownVersion;
  }
}

function ensureVersionTable(db: DatabaseSync): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
}

export function schemaVersion(db: DatabaseSync): number {
  ensureVersionTable(db);
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get();
  const version = row?.['version'];
  return version === null || version === undefined ? 0 : Number(version);
}

/** Shared with the PostgreSQL runner: both schemas number their steps the same way. */
export function checkOrder(migrations: readonly Pick<Migration, 'version' | 'name'>[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Ledger migrations must be numbered 1, 2, 3… without gaps; found ${migration.version} (${migration.name}) at position ${index + 1}`);
    }
  });
}

/** Applies the migrations the file lacks; returns the versions applied. */
export function applyMigrations(db: DatabaseSync, migrations: readonly Migration[], now: () => Date = () => new Date()): number[] {
  checkOrder(migrations);
  const knownVersion = migrations.length;
  const fileVersion = schemaVersion(db);
  if (fileVersion > knownVersion) throw new LedgerSchemaTooNewError(fileVersion, knownVersion);

  const applied: number[] = [];
  // Each step commits without an fsync, and the WAL is synced once at the end: a power cut on the
  // way loses steps whole (WAL never tears a commit), and the next start applies them again. A new
  // ledger has some twenty steps, a fsync each on the first start before.
  // Only in WAL mode: with a rollback journal NORMAL could tear the file.
  const wal = journalMode(db) === 'wal';
  if (wal) db.exec('PRAGMA synchronous = NORMAL');
  try {
    applyEach(db, migrations, fileVersion, applied, now);
  } finally {
    if (wal) db.exec('PRAGMA synchronous = FULL');
  }
  const location = db.location();
  if (wal && applied.length > 0 && location !== null) fsyncWal(location);
  return applied;
}

function applyEach(db: DatabaseSync, migrations: readonly Migration[], fileVersion: number, applied: number[], now: () => Date): void {
  for (const migration of migrations) {
    if (migration.version <= fileVersion) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have applied it while we waited for the write lock.
      if (schemaVersion(db) >= migration.version) {
        db.exec('COMMIT');
        continue;
      }
      migration.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, now().toISOString());
      db.exec('COMMIT');
      applied.push(migration.version);
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
}
