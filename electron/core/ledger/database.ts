/**
 * Opens the ledger's SQLite file with the settings every connection needs. node:sqlite is built
 * into Node 24 and Electron, so the ledger needs no native addon.
 */
import { DatabaseSync } from 'node:sqlite';

/** How long a writer waits for another connection's write transaction before giving up. */
const BUSY_TIMEOUT_MS = 5_000;

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
    db.exec('PRAGMA journal_mode = WAL');
    // A committed intent must survive a power cut, or a retried capture could move money twice.
    db.exec('PRAGMA synchronous = FULL');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function journalMode(db: DatabaseSync): string {
  const row = db.prepare('PRAGMA journal_mode').get();
  return String(row?.['journal_mode']);
}
