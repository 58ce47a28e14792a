/** Batches of merchant-initiated charges and their rows (SQLite migration 15 says why each part is there). */
import type { PostgresMigration } from '../migration.ts';

export const mitBatches: PostgresMigration = {
  version: 15,
  name: 'mit batches',
  sql: `
    CREATE TABLE mit_batches (
      id text PRIMARY KEY,
      profile_id text NOT NULL,
      gateway_id text NOT NULL,
      operator text NOT NULL,
      file_name text NOT NULL,
      status text NOT NULL CHECK (status IN ('previewed', 'running', 'paused', 'cancelled', 'done')),
      row_count bigint NOT NULL CHECK (row_count >= 0),
      created_at timestamptz NOT NULL,
      started_at timestamptz,
      finished_at timestamptz,
      owner text,
      lease_until timestamptz
    );
    CREATE INDEX mit_batches_newest ON mit_batches (created_at, id);
    CREATE INDEX mit_batches_running ON mit_batches (status, lease_until);

    CREATE TABLE mit_batch_rows (
      batch_id text NOT NULL REFERENCES mit_batches (id) ON DELETE CASCADE,
      ordinal bigint NOT NULL CHECK (ordinal >= 1),
      line bigint NOT NULL CHECK (line >= 1),
      token_id text,
      customer_reference text,
      amount text,
      amount_minor bigint,
      currency text,
      reference text,
      recurrence text CHECK (recurrence IS NULL OR recurrence IN ('recurring', 'unscheduled')),
      description text,
      merchant_reference text UNIQUE,
      state text NOT NULL CHECK (state IN ('invalid', 'ready', 'charging', 'succeeded', 'pending', 'declined', 'failed', 'unknown', 'skipped')),
      problems text NOT NULL DEFAULT '[]',
      payment_id text,
      gateway_transaction_id text,
      gateway_code text,
      gateway_message text,
      error text,
      claimed_by text,
      finished_at timestamptz,
      PRIMARY KEY (batch_id, ordinal),
      CHECK (state = 'invalid' OR (token_id IS NOT NULL AND amount_minor IS NOT NULL AND amount_minor > 0 AND currency IS NOT NULL AND recurrence IS NOT NULL AND merchant_reference IS NOT NULL)),
      CHECK (state <> 'invalid' OR merchant_reference IS NULL)
    );
    CREATE INDEX mit_batch_rows_by_state ON mit_batch_rows (batch_id, state, ordinal);
  `,
};
