/**
 * Group commit for the SQLite ledger in WAL mode. Units of work commit without an fsync of their
 * own (synchronous = NORMAL) and then wait here for the WAL to be on the disk before anyone acts
 * on them (an intent before its gateway call). The fsync runs on libuv's thread pool, so the event
 * loop goes on meanwhile: a batch's other rows keep committing, and all of them share the next
 * fsync, instead of each blocking the process for one of its own.
 *
 * An fsync covers every frame written to the file before it began, whichever connection or
 * descriptor wrote it. A WAL that is gone was checkpointed, which syncs it first.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Syncs a WAL file on this thread; `path` is the ledger file's, or its `-wal`. */
export function fsyncWal(path: string): void {
  let descriptor: number;
  try {
    descriptor = openSync(path.endsWith('-wal') ? path : `${path}-wal`, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

export class WalGroupSync {
  readonly #walPath: string | null;
  /** Frames were committed since the last sync began. */
  #unsynced = false;
  #inFlight: Promise<void> | null = null;
  /** The sync after the one in flight, shared by everyone who committed since that one began. */
  #next: Promise<void> | null = null;

  /** `databasePath`: the ledger file; null for a database only in memory, which nothing syncs. */
  constructor(databasePath: string | null) {
    this.#walPath = databasePath === null ? null : `${databasePath}-wal`;
  }

  committed(): void {
    this.#unsynced = true;
  }

  /** Resolves once everything committed before the call is on the disk. */
  synced(): Promise<void> {
    if (this.#inFlight === null) return this.#unsynced ? this.#start() : Promise.resolve();
    if (!this.#unsynced) return this.#inFlight;
    this.#next ??= this.#inFlight.then(
      () => this.#startNext(),
      () => this.#startNext(),
    );
    return this.#next;
  }

  /** The same at once, on this thread: what the audit anchor waits for before it moves. */
  syncNow(): void {
    if (!this.#unsynced && this.#inFlight === null) return;
    this.#unsynced = false;
    if (this.#walPath !== null) fsyncWal(this.#walPath);
  }

  #startNext(): Promise<void> {
    this.#next = null;
    return this.#start();
  }

  #start(): Promise<void> {
    this.#unsynced = false;
    const running = this.#sync().finally(() => {
      if (this.#inFlight === running) this.#inFlight = null;
    });
    this.#inFlight = running;
    return running;
  }

  async #sync(): Promise<void> {
    if (this.#walPath === null) return;
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.#walPath, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
