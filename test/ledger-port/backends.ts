/**
 * The backends the port's contract suite runs against: SQLite on a temp file, PostgreSQL on a
 * fresh database of the throwaway server (CONSOLE_TEST_PG_URL, set by with-postgres.sh, which npm
 * test runs under). Each store can be opened several times: two instances are two consoles (two
 * connections, or two pools) on one ledger.
 */
import { after } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { openLedger } from '../../electron/core/ledger/open-ledger.ts';
import type { Ledger, LedgerLocation } from '../../electron/core/ledger/port.ts';
import { createTestDatabase, withoutPostgres } from '../helpers/postgres-test-database.ts';
import { tempLedgerPath } from '../unit/ledger/ledger-fixtures.ts';

export interface Store {
  readonly location: LedgerLocation;
  /** Another console on this ledger. Closed after the file's tests. */
  open(): Promise<Ledger>;
  /** Runs SQL past the ledger, as someone with write access to the database could. */
  raw(sql: string): Promise<void>;
  /** Drops one of the audit log's append-only triggers, so a test can tamper with it. */
  dropTrigger(name: string): Promise<void>;
}

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** A reason to skip this backend's cases, or false. */
  readonly skip: string | false;
  fresh(): Promise<Store>;
}

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  // Ledgers first (registered last), then the databases they were on.
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function openerFor(location: LedgerLocation): () => Promise<Ledger> {
  return async () => {
    const ledger = await openLedger(location);
    cleanups.push(() => ledger.close());
    return ledger;
  };
}

const sqlite: Backend = {
  name: 'sqlite',
  skip: false,
  async fresh() {
    const location: LedgerLocation = { kind: 'sqlite', path: tempLedgerPath() };
    const raw = async (sql: string): Promise<void> => {
      const db = new DatabaseSync(location.path);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    };
    return { location, open: openerFor(location), raw, dropTrigger: (name) => raw(`DROP TRIGGER ${name}`) };
  },
};

const postgres: Backend = {
  name: 'postgres',
  skip: withoutPostgres,
  async fresh() {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const location: LedgerLocation = { kind: 'postgres', connectionString: database.url, password: null };
    const raw = async (sql: string): Promise<void> => {
      const client = await database.connect();
      await client.query(sql);
    };
    return { location, open: openerFor(location), raw, dropTrigger: (name) => raw(`DROP TRIGGER ${name} ON audit_log`) };
  },
};

if (withoutPostgres) console.log(`# ledger port suite: PostgreSQL cases skipped: ${withoutPostgres}`);

export const BACKENDS: readonly Backend[] = [sqlite, postgres];

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
