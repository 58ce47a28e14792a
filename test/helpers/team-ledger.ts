/**
 * A team ledger for a test: a database of its own on the throwaway server, owned by a fresh admin
 * login, and operator logins with passwords (logins are server-wide, so each test makes its own,
 * named after the database, and drops them with it).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { LedgerLocation } from '../../electron/core/ledger/port.ts';

const serverUrl = process.env['CONSOLE_TEST_PG_URL'];

export interface TeamLedgerFixture {
  readonly database: string;
  /** The login that creates the ledger (runs its migrations): its owner and admin. */
  readonly admin: string;
  /** Makes a login (no operator row yet) and answers its name; `name` is a suffix. */
  login(name: string): Promise<string>;
  /** How a console of `login` reaches the ledger (the password as the keychain would give it). */
  location(login: string): Extract<LedgerLocation, { kind: 'postgres' }>;
  /** Drops `role` with the ledger too (a login a test had the console create). */
  adopt(role: string, password: string): void;
  /** Lets the admin create logins (CREATEROLE), as a DBA may allow. */
  allowAdminToCreateLogins(): Promise<void>;
  /** A plain SQL connection as `login`: what a direct SQL client would do. */
  connectAs(login: string): Promise<pg.Client>;
  drop(): Promise<void>;
}

async function asServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!serverUrl) throw new Error('CONSOLE_TEST_PG_URL is unset: run through build/scripts/with-postgres.sh');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTeamLedger(): Promise<TeamLedgerFixture> {
  const tag = randomBytes(5).toString('hex');
  const database = `team_${tag}`;
  const passwords = new Map<string, string>();
  const clients: pg.Client[] = [];
  const urlFor = (login: string) => {
    const url = new URL(serverUrl ?? '');
    url.username = login;
    url.password = '';
    url.pathname = `/${database}`;
    return url.href;
  };
  async function login(name: string): Promise<string> {
    const role = `${name}_${tag}`;
    const password = randomBytes(12).toString('hex');
    await asServer((client) => client.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`));
    passwords.set(role, password);
    return role;
  }
  const admin = await login('admin');
  await asServer((client) => client.query(`CREATE DATABASE ${database} OWNER ${admin}`));
  return {
    database,
    admin,
    login,
    adopt: (role, password) => void passwords.set(role, password),
    allowAdminToCreateLogins: () => asServer(async (client) => void (await client.query(`ALTER ROLE ${admin} CREATEROLE`))),
    location: (role) => ({ kind: 'postgres', connectionString: urlFor(role), password: passwords.get(role) ?? null }),
    async connectAs(role) {
      const client = new pg.Client({ connectionString: urlFor(role), password: passwords.get(role) ?? '' });
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
      await asServer(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        for (const role of passwords.keys()) await client.query(`DROP ROLE IF EXISTS ${role}`);
      });
    },
  };
}
