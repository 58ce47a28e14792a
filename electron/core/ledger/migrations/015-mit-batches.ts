/**
 * Batches of merchant-initiated charges read from a CSV file (electron/core/mit-batch/). A batch is
 * kept from its preview on, with one row per record of the file holding its checked input and its
 * state, so a batch a console stopped in the middle of can be resumed — by it after a restart, or
 * by another console on the same ledger — without charging any row twice.
 *
 * Two processes never run one batch: the one running it holds a lease (`owner`, `lease_until`),
 * renewed while it runs; another takes it only once the lease has ended. A row moves from `ready`
 * to `charging` in one conditional update before its charge is journaled, so even two holders of
 * a batch could not both start it; and its charge goes out under the merchant reference kept here
 * (unique), which the journal's own unique constraint guards again.
 *
 * Amounts are minor units; a cell the preview refused is kept only when it is no card number, so
 * the row can be shown with its problem.
 */
import type { Migration } from './migration.ts';

export const mitBatches: Migration = {
  version: 15,
  name: 'mit batches',
  up(db) {
    db.exec(`
      CREATE TABLE mit_batches (
        id TEXT PRIMARY KEY,
        profile_id TEXT NOT NULL,
        gateway_id TEXT NOT NULL,
        operator TEXT NOT NULL,
        file_name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('previewed', 'running', 'paused', 'cancelled', 'done')),
        row_count INTEGER NOT NULL CHECK (row_count >= 0),
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        owner TEXT,
        lease_until TEXT
      ) STRICT;
      CREATE INDEX mit_batches_newest ON mit_batches (created_at, id);
      CREATE INDEX mit_batches_running ON mit_batches (status, lease_until);

      CREATE TABLE mit_batch_rows (
        batch_id TEXT NOT NULL REFERENCES mit_batches (id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL CHECK (ordinal >= 1),
        line INTEGER NOT NULL CHECK (line >= 1),
        token_id TEXT,
        customer_reference TEXT,
        amount TEXT,
        amount_minor INTEGER,
        currency TEXT,
        reference TEXT,
        recurrence TEXT CHECK (recurrence IS NULL OR recurrence IN ('recurring', 'unscheduled')),
        description TEXT,
        merchant_reference TEXT UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('invalid', 'ready', 'charging', 'succeeded', 'pending', 'declined', 'failed', 'unknown', 'skipped')),
        problems TEXT NOT NULL DEFAULT '[]',
        payment_id TEXT,
        gateway_transaction_id TEXT,
        gateway_code TEXT,
        gateway_message TEXT,
        error TEXT,
        claimed_by TEXT,
        finished_at TEXT,
        PRIMARY KEY (batch_id, ordinal),
        -- A row that can be charged has everything its charge needs; one refused has no reference to be charged under.
        CHECK (state = 'invalid' OR (token_id IS NOT NULL AND amount_minor IS NOT NULL AND amount_minor > 0 AND currency IS NOT NULL AND recurrence IS NOT NULL AND merchant_reference IS NOT NULL)),
        CHECK (state <> 'invalid' OR merchant_reference IS NULL)
      ) STRICT;
      CREATE INDEX mit_batch_rows_by_state ON mit_batch_rows (batch_id, state, ordinal);
    `);
  },
};
