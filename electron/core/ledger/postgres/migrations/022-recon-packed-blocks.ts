/** Matched blocks written as bytes, and an index answering an import's ledger read by itself (SQLite migration 22 says why). */
import type { PostgresMigration } from '../migration.ts';

export const reconPackedBlocks: PostgresMigration = {
  version: 22,
  name: 'recon packed blocks',
  sql: `
    ALTER TABLE recon_matched_blocks ALTER COLUMN rows DROP NOT NULL;
    ALTER TABLE recon_matched_blocks ADD COLUMN packed bytea;
    ALTER TABLE recon_matched_blocks ADD CONSTRAINT recon_matched_blocks_one_form CHECK ((rows IS NULL) <> (packed IS NULL));

    CREATE INDEX payments_for_recon ON payments (profile_id, created_at, id) INCLUDE (gateway_transaction_id, merchant_reference, status, amount_minor, currency);
  `,
};
