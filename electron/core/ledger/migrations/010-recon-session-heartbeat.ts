/**
 * Who runs a reconciliation import, and when it last said it was alive. A console killed in the
 * middle of an import leaves its session `running` with half its rows; another console on the same
 * ledger (PostgreSQL) may be importing at that very moment. A session whose heartbeat is old has
 * lost its importer and is cancelled on the next start or listing; one whose heartbeat is fresh
 * belongs to a live import and is left alone. Sessions from before this version have no heartbeat:
 * their creation time stands in for it.
 */
import type { Migration } from './migration.ts';

export const reconSessionHeartbeat: Migration = {
  version: 10,
  name: 'recon session heartbeat',
  up(db) {
    db.exec(`
      ALTER TABLE recon_sessions ADD COLUMN owner TEXT;
      ALTER TABLE recon_sessions ADD COLUMN heartbeat_at TEXT;
      CREATE INDEX recon_sessions_running ON recon_sessions (status, heartbeat_at);
    `);
  },
};
