/**
 * The four-eyes tables of team mode (PostgreSQL migration 18 says how the shared ledger uses them),
 * with the same columns and constraints. A ledger on one computer has one operator and no second
 * pair of eyes, so solo mode never writes them.
 */
import type { Migration } from './migration.ts';

export const fourEyesRefunds: Migration = {
  version: 18,
  name: 'four-eyes refunds',
  up(db) {
    db.exec(`
      CREATE TABLE refund_thresholds (
        profile_id TEXT NOT NULL,
        currency TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (profile_id, currency)
      );

      CREATE TABLE refund_approvals (
        id TEXT PRIMARY KEY,
        payment_id TEXT NOT NULL REFERENCES payments (id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        reason TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        decided_by TEXT,
        decided_at TEXT,
        note TEXT,
        operation_id TEXT UNIQUE,
        CHECK (expires_at > requested_at),
        CHECK ((status = 'pending') = (decided_by IS NULL)),
        CHECK (decided_by IS NULL OR decided_by <> requested_by),
        CHECK ((status = 'approved') = (operation_id IS NOT NULL))
      );
      CREATE INDEX refund_approvals_queue ON refund_approvals (status, requested_at);
      CREATE INDEX refund_approvals_by_payment ON refund_approvals (payment_id);
    `);
  },
};
