/**
 * Reconciliation sessions and their rows. A row keeps the statement row's own fields (the file is
 * not kept) and its class; rows go with their session. No foreign key to payments: a row may name
 * a payment that a manual link or an import adds later, and a million-row import must not pay a
 * look-up per row.
 */
import type { Migration } from './migration.ts';

export const reconSessions: Migration = {
  version: 9,
  name: 'recon sessions',
  up(db) {
    db.exec(`
      CREATE TABLE recon_sessions (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        operator TEXT NOT NULL,
        created_at TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        source TEXT NOT NULL,
        mapping TEXT NOT NULL,
        period_from TEXT NOT NULL,
        period_to TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled')),
        row_count INTEGER NOT NULL DEFAULT 0 CHECK (row_count >= 0),
        finished_at TEXT
      ) STRICT;

      CREATE TABLE recon_rows (
        seq INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES recon_sessions (id) ON DELETE CASCADE,
        recon_class TEXT NOT NULL CHECK (recon_class IN ('matched', 'amount_mismatch', 'status_mismatch', 'fee_difference', 'missing_in_ledger', 'missing_in_file', 'duplicate')),
        reason TEXT,
        payment_id TEXT,
        line INTEGER,
        gateway_transaction_id TEXT,
        merchant_reference TEXT,
        kind TEXT,
        statement_status TEXT,
        amount_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        fee_minor INTEGER,
        net_minor INTEGER,
        transaction_at TEXT,
        settled_at TEXT,
        merchant_account TEXT,
        ledger_amount_minor INTEGER,
        ledger_status TEXT,
        resolution TEXT CHECK (resolution IS NULL OR resolution IN ('accepted', 'linked', 'follow_up')),
        resolution_note TEXT,
        follow_up TEXT CHECK (follow_up IS NULL OR follow_up IN ('sync_payment', 'import_payment', 'open_refund')),
        resolved_by TEXT,
        resolved_at TEXT
      ) STRICT;
      CREATE INDEX recon_rows_by_class ON recon_rows (session_id, recon_class, seq);
      -- A page of every class, in file order, without sorting the session's rows.
      CREATE INDEX recon_rows_in_order ON recon_rows (session_id, seq);
    `);
  },
};
