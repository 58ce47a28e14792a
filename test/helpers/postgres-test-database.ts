/**
 * A database of its own for each test, on the throwaway server that build/scripts/with-postgres.sh
 * starts (npm test runs every test inside it). Test files run in parallel on that one server, so
 * none of them shares a database. Outside the script there is no server: the tests skip, saying so.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const serverUrl = process.env['CONSOLE_TEST_PG_URL'];

/** A skip reason for node:test, or false when a server is there. */
export const withoutPostgres: string | false = serverUrl
  ? false
  : 'no PostgreSQL server: CONSOLE_TEST_PG_URL is unset; run through build/scripts/with-postgres.sh (npm test does)';

export interface TestDatabase {
  readonly url: string;
  /** A new connection to this database; closed by drop(). */
  connect(): Promise<pg.Client>;
  /** Closes every connection handed out and drops the database. */
  drop(): Promise<void>;
}

async function onServer<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  if (!serverUrl) throw new Error(String(withoutPostgres));
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `ledger_test_${randomUUID().replaceAll('-', '')}`;
  await onServer((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl ?? '');
  url.pathname = `/${name}`;
  const clients: pg.Client[] = [];
  return {
    url: url.href,
    async connect() {
      const client = new pg.Client({ connectionString: url.href });
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
      await onServer((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
