/**
 * The poller lock (port.ts `PollerLock`) of a PostgreSQL ledger: a session-level advisory lock
 * taken with `pg_try_advisory_lock` on a connection of its own, never one from the pool (a pooled
 * connection is shared by units of work and may be closed when idle, and a session lock is held by
 * the connection that took it). Advisory locks are scoped to the database, so every ledger database
 * on a server has its own poller.
 *
 * The lock is the connection's: the server lets it go when the session ends, whether the process
 * was killed (the kernel closes its socket), an administrator ended the backend, or the host
 * vanished. For that last case both ends probe the idle connection (TCP keepalive on the client;
 * the session's tcp_keepalives_* settings on the server), so the server ends the session, and frees
 * the lock, about ten seconds after the last packet; a holder that cannot confirm the lock sooner
 * than that stops polling first (poller-leadership.ts). Each query on the connection is bounded,
 * so a stalled one counts as lost rather than waiting for the operating system's timeouts.
 */
import pg from 'pg';
import type { PollerLock } from '../port.ts';
import type { SqlRow } from '../row-reader.ts';

/** Any fixed 64-bit number nothing else on the database uses; this one spells "ledgpoll" in ASCII. */
export const POLLER_LOCK_KEY = '7810759524174752876';
/** How pg_locks shows a one-number advisory key: its high and low 32 bits, objsubid 1. */
const KEY_HIGH = '1818584167';
const KEY_LOW = '1886350444';

/** How the lock's sessions are named in pg_stat_activity; the rest of the name is the holder's. */
const APPLICATION_PREFIX = 'console poller: ';
/** The server's limit on an application_name (NAMEDATALEN - 1 bytes). */
const APPLICATION_NAME_BYTES = 63;

const CONNECT_TIMEOUT_MS = 10_000;
const QUERY_TIMEOUT_MS = 5_000;
/** Server side: first probe after 4 s of silence, then every 2 s, the session ends after 3 unanswered. */
const SERVER_KEEPALIVE = { idle: '4', interval: '2', count: '3' } as const;
const CLIENT_KEEPALIVE_DELAY_MS = 2_000;

const HOLDER_SQL = `
  SELECT a.application_name
  FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid = $1::oid AND l.objid = $2::oid
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

function applicationName(holder: string): string {
  let name = `${APPLICATION_PREFIX}${holder}`;
  while (Buffer.byteLength(name) > APPLICATION_NAME_BYTES) name = name.slice(0, -1);
  return name;
}

export class PostgresPollerLock implements PollerLock {
  readonly #config: pg.ClientConfig;
  /** Runs a read on the ledger's pool (who holds the lock is asked there, not on the lock's connection). */
  readonly #read: (sql: string, params: readonly unknown[]) => Promise<SqlRow[]>;
  readonly #lost = new Set<() => void>();
  /** The lock's connection, kept between attempts so a follower asks again without connecting again. */
  #client: pg.Client | null = null;
  #holding = false;
  #holder = '';
  #closed = false;

  constructor(config: pg.ClientConfig, read: (sql: string, params: readonly unknown[]) => Promise<SqlRow[]>) {
    this.#config = config;
    this.#read = read;
  }

  async tryAcquire(holder: string): Promise<boolean> {
    if (this.#closed) return false;
    if (this.#holding) return this.confirm();
    const client = this.#client ?? (await this.#connect(holder));
    let got = false;
    try {
      got = (await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS got', [POLLER_LOCK_KEY])).rows[0]?.got === true;
    } catch (error) {
      this.#broken(client);
      throw error;
    }
    if (this.#client !== client) {
      // Closed or broken while asking: whatever was taken went with the session.
      return false;
    }
    this.#holding = got;
    this.#holder = holder;
    return got;
  }

  async confirm(): Promise<boolean> {
    const client = this.#client;
    if (!this.#holding || client === null) return false;
    try {
      const found = await client.query<{ held: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1 AND classid = $1::oid AND objid = $2::oid) AS held`,
        [KEY_HIGH, KEY_LOW],
      );
      if (found.rows[0]?.held === true && this.#client === client && this.#holding) return true;
    } catch {
      // A connection that cannot answer within the bound is treated as gone.
    }
    this.#broken(client);
    return false;
  }

  async release(): Promise<void> {
    const client = this.#client;
    if (!this.#holding || client === null) return;
    this.#holding = false;
    try {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [POLLER_LOCK_KEY]);
    } catch {
      // Ending the session lets it go as surely.
      this.#client = null;
      await client.end().catch(() => undefined);
    }
  }

  async holder(): Promise<string | null> {
    if (this.#holding) return this.#holder;
    const rows = await this.#read(HOLDER_SQL, [KEY_HIGH, KEY_LOW]);
    const row = rows[0];
    if (row === undefined) return null;
    const name = row['application_name'];
    return typeof name === 'string' && name.startsWith(APPLICATION_PREFIX) ? name.slice(APPLICATION_PREFIX.length) : 'another console on this ledger';
  }

  onLost(listener: () => void): () => void {
    this.#lost.add(listener);
    return () => {
      this.#lost.delete(listener);
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const client = this.#client;
    const wasHolding = this.#holding;
    this.#client = null;
    this.#holding = false;
    if (wasHolding) this.#notifyLost();
    this.#lost.clear();
    await client?.end().catch(() => undefined);
  }

  async #connect(holder: string): Promise<pg.Client> {
    const client = new pg.Client({
      ...this.#config,
      application_name: applicationName(holder),
      keepAlive: true,
      keepAliveInitialDelayMillis: CLIENT_KEEPALIVE_DELAY_MS,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
    });
    // The moment the connection fails the lock is gone: the holder hears it at once, not at its next check.
    client.on('error', () => this.#broken(client));
    client.on('end', () => this.#broken(client));
    try {
      await client.connect();
      await client.query(
        `SELECT set_config('tcp_keepalives_idle', $1, false), set_config('tcp_keepalives_interval', $2, false), set_config('tcp_keepalives_count', $3, false)`,
        [SERVER_KEEPALIVE.idle, SERVER_KEEPALIVE.interval, SERVER_KEEPALIVE.count],
      );
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      throw new Error('The ledger is closed');
    }
    this.#client = client;
    return client;
  }

  #broken(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = null;
    const wasHolding = this.#holding;
    this.#holding = false;
    void client.end().catch(() => undefined);
    if (wasHolding) this.#notifyLost();
  }

  #notifyLost(): void {
    for (const listener of [...this.#lost]) listener();
  }
}
