/** Reconciliation sessions and their rows (SQLite migration 9, which says why there is no foreign key to payments). */
import type { PostgresMigration } from '../migration.ts';

export const reconSessions: PostgresMigration = {
  version: 9,
  name: 'recon sessions',
  sql: `
    CREATE TABLE recon_sessions (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id text NOT NULL UNIQUE,
      operator text NOT NULL,
      created_at timestamptz NOT NULL,
      profile_id text NOT NULL,
      source text NOT NULL,
      mapping text NOT NULL,
      period_from timestamptz NOT NULL,
      period_to timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('running', 'done', 'cancelled')),
      row_count bigint NOT NULL DEFAULT 0 CHECK (row_count >= 0),
      finished_at timestamptz
    );

    CREATE TABLE recon_rows (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      session_id text NOT NULL REFERENCES recon_sessions (id) ON DELETE CASCADE,
      recon_class text NOT NULL CHECK (recon_class IN ('matched', 'amount_mismatch', 'status_mismatch', 'fee_difference', 'missing_in_ledger', 'missing_in_file', 'duplicate')),
      reason text,
      payment_id text,
      line bigint,
      gateway_transaction_id text,
      merchant_reference text,
      kind text,
      statement_status text,
      amount_minor bigint NOT NULL,
      currency text NOT NULL,
      fee_minor bigint,
      net_minor bigint,
      transaction_at timestamptz,
      settled_at timestamptz,
      merchant_account text,
      ledger_amount_minor bigint,
      ledger_status text,
      resolution text CHECK (resolution IS NULL OR resolution IN ('accepted', 'linked', 'follow_up')),
      resolution_note text,
      follow_up text CHECK (follow_up IS NULL OR follow_up IN ('sync_payment', 'import_payment', 'open_refund')),
      resolved_by text,
      resolved_at timestamptz
    );
    CREATE INDEX recon_rows_by_class ON recon_rows (session_id, recon_class, seq);
    -- A page of every class, in file order, without sorting the session's rows.
    CREATE INDEX recon_rows_in_order ON recon_rows (session_id, seq);
  `,
};
