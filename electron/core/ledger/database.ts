/**
 * Opens the ledger's SQLite file with the settings every connection needs. node:sqlite is built
 * into Node 24 and Electron, so the ledger needs no native addon.
 */
import { DatabaseSync } from 'node:sqlite';

/** How long a writer waits for another connection's write transaction before giving up. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Every INTEGER is read back as a bigint so amounts above 2^53 survive; row mappers narrow the
 * columns that are plain counts (months, years, status codes) to numbers.
 */
export function openDatabase(path: string): DatabaseSync {
  const db = new DatabaseSync(path, {
    readBigInts: true,
    enableForeignKeyConstraints: true,
    timeout: BUSY_TIMEOUT_MS,
  });
  try {
    // WAL lets the UI read while a capture is being journaled; a second console process on the
    // same file waits on busy_timeout instead of failing.
    enableWal(db);
    // A committed intent must survive a power cut, or a retried capture could move money twice.
    db.exec('PRAGMA synchronous = FULL');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

const SQLITE_BUSY = 5;

function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  // Extended codes (SQLITE_BUSY_RECOVERY, …) keep the primary code in their low byte.
  return typeof code === 'number' && (code & 0xff) === SQLITE_BUSY;
}

/**
 * A new file is switched to WAL by the first connection that gets it to itself. A console opening
 * the same new file at that moment is answered SQLITE_BUSY at once (SQLite does not wait on the
 * busy timeout there, which could deadlock), so it tries again within the same budget.
 */
function enableWal(db: DatabaseSync): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      db.exec('PRAGMA journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      // Opening is synchronous everywhere it is called, so the wait is too.
      Atomics.wait(pause, 0, 0, 5 + Math.random() * 20);
    }
  }
}

export function journalMode(db: DatabaseSync): string {
  const row = db.prepare('PRAGMA journal_mode').get();
  return String(row?.['journal_mode']);
}
