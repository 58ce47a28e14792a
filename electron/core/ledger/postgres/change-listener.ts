/**
 * Hears other processes' payment changes on a PostgreSQL ledger: one connection of its own, open
 * while someone listens, that LISTENs on the channel the writers pg_notify on. Notifications are
 * sent on commit, so only committed changes arrive. The connection comes back after the server
 * drops it (restart, failover), with a growing pause; changes made while it was away are not
 * replayed, which is why listeners use them to refresh views, never to decide money.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { LedgerChange } from '../port.ts';
import { CHANGE_CHANNEL } from './pg-session.ts';

type Listener = (changes: readonly LedgerChange[]) => void;

/** Changes arriving within this long are handed over as one batch. */
const BATCH_MS = 25;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

function changeFrom(payload: string | undefined, ownWriter: string): string | null {
  if (payload === undefined) return null;
  try {
    const parsed = JSON.parse(payload) as { paymentId?: unknown; writer?: unknown };
    if (typeof parsed.paymentId !== 'string' || parsed.writer === ownWriter) return null;
    return parsed.paymentId;
  } catch {
    return null;
  }
}

export class ChangeListener {
  readonly #config: pg.ClientConfig;
  readonly #writer: string;
  readonly #listeners = new Set<Listener>();
  #client: pg.Client | null = null;
  #connecting: Promise<void> | null = null;
  #pending = new Set<string>();
  #flush: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(config: pg.ClientConfig, writer: string) {
    this.#config = config;
    this.#writer = writer;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    this.#connecting ??= this.#connect();
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Resolves once LISTEN is in place (or the listener is closed); tests wait on it before writing. */
  ready(): Promise<void> {
    return this.#connecting ?? Promise.resolve();
  }

  async #connect(): Promise<void> {
    for (let pause = RECONNECT_MIN_MS; !this.#closed; pause = Math.min(pause * 2, RECONNECT_MAX_MS)) {
      const client = new pg.Client(this.#config);
      client.on('notification', (message) => this.#heard(message.payload));
      // Errors end the connection; 'end' brings it back.
      client.on('error', () => undefined);
      client.on('end', () => {
        // Only an established connection comes back here; a failed attempt is retried by the loop.
        if (this.#client !== client) return;
        this.#client = null;
        if (!this.#closed) this.#connecting = this.#connect();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANGE_CHANNEL}`);
        if (this.#closed) {
          await client.end();
          return;
        }
        this.#client = client;
        return;
      } catch {
        await client.end().catch(() => undefined);
        await sleep(pause, undefined, { ref: false });
      }
    }
  }

  #heard(payload: string | undefined): void {
    const paymentId = changeFrom(payload, this.#writer);
    if (paymentId === null) return;
    this.#pending.add(paymentId);
    if (this.#flush !== null) return;
    this.#flush = setTimeout(() => {
      this.#flush = null;
      const changes = [...this.#pending].map((id) => ({ paymentId: id }));
      this.#pending = new Set();
      for (const listener of this.#listeners) listener(changes);
    }, BATCH_MS);
    this.#flush.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#flush !== null) clearTimeout(this.#flush);
    this.#flush = null;
    this.#listeners.clear();
    await this.#connecting?.catch(() => undefined);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }
}
