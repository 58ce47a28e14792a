/**
 * The append-only audit trail (PCI DSS 10.2: who, what, when, outcome, origin, affected record).
 * Each row carries the hash of the one before it; the triggers stop edits made through SQL, and
 * the chain exposes edits made around them.
 */
import type { Migration } from './migration.ts';

export const auditLog: Migration = {
  version: 2,
  name: 'audit log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        origin TEXT NOT NULL,
        action TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT,
        outcome TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
      END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted');
      END;
    `);
  },
};
