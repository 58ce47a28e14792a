/**
 * The poller lock (port.ts `PollerLock`) of a SQLite ledger: an exclusive transaction held open on
 * a small file beside the ledger (`<ledger>.poller-lock`, never written). Every process that opens
 * the ledger file is on the same computer, and the OS drops a process's file locks when it ends,
 * however it ends, so a killed holder frees the lock at once: no lease to expire, no clock to
 * trust. Its own file, so holding it never blocks the ledger's readers or writers. Two ledgers on
 * one file in one process are refused like two processes (SQLite tracks its locks per file, not
 * per connection).
 *
 * The lock lives as long as the file it was taken on: were that file removed and made again, a
 * new process would lock the new one, so `confirm` checks that the path still names the file held.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { PollerLock } from './port.ts';

/** SQLITE_BUSY and SQLITE_LOCKED: another connection holds the file. */
const HELD_ELSEWHERE = new Set([5, 6]);

const OTHER_HOLDER = 'another process using this ledger file';

function heldElsewhere(error: unknown): boolean {
  return typeof error === 'object' && error !== null && HELD_ELSEWHERE.has((error as { errcode?: unknown }).errcode as number);
}

function fileId(path: string): string | null {
  try {
    const stat = statSync(path, { bigint: true });
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return null;
  }
}

export class SqlitePollerLock implements PollerLock {
  /** Null for a ledger no other process can open (in memory): it always holds the lock. */
  readonly #path: string | null;
  readonly #lost = new Set<() => void>();
  #held: { readonly db: DatabaseSync; readonly file: string | null; readonly holder: string } | null = null;
  #solo: string | null = null;
  #closed = false;

  constructor(ledgerPath: string) {
    this.#path = ledgerPath === '' || ledgerPath === ':memory:' ? null : `${resolve(ledgerPath)}.poller-lock`;
  }

  async tryAcquire(holder: string): Promise<boolean> {
    if (this.#closed) return false;
    if (this.#path === null) {
      this.#solo = holder;
      return true;
    }
    if (this.#held !== null) return this.confirm();
    const db = new DatabaseSync(this.#path, { timeout: 0 });
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if (heldElsewhere(error)) return false;
      throw error;
    }
    this.#held = { db, file: fileId(this.#path), holder };
    return true;
  }

  async confirm(): Promise<boolean> {
    if (this.#path === null) return this.#solo !== null && !this.#closed;
    const held = this.#held;
    if (held === null) return false;
    if (held.file !== null && fileId(this.#path) === held.file) return true;
    this.#drop();
    this.#notifyLost();
    return false;
  }

  async release(): Promise<void> {
    this.#solo = null;
    this.#drop();
  }

  async holder(): Promise<string | null> {
    if (this.#path === null) return this.#solo;
    if (this.#held !== null) return this.#held.holder;
    if (this.#closed) return null;
    const db = new DatabaseSync(this.#path, { timeout: 0 });
    try {
      db.exec('BEGIN EXCLUSIVE');
      db.exec('ROLLBACK');
      return null;
    } catch (error) {
      if (heldElsewhere(error)) return OTHER_HOLDER;
      throw error;
    } finally {
      db.close();
    }
  }

  onLost(listener: () => void): () => void {
    this.#lost.add(listener);
    return () => {
      this.#lost.delete(listener);
    };
  }

  /** The ledger is closing: a lock still held is lost to whoever listens. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const wasHeld = this.#held !== null || this.#solo !== null;
    this.#solo = null;
    this.#drop();
    if (wasHeld) this.#notifyLost();
    this.#lost.clear();
  }

  #drop(): void {
    const held = this.#held;
    this.#held = null;
    if (held === null) return;
    try {
      held.db.exec('ROLLBACK');
    } catch {
      // Closing ends the transaction all the same.
    }
    held.db.close();
  }

  #notifyLost(): void {
    for (const listener of [...this.#lost]) listener();
  }
}
