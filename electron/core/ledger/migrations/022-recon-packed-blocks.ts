/**
 * Reconciliation at a million rows. A block of matched rows is written as bytes (`packed`,
 * recon-packed-blocks.ts) instead of JSON text: gathering a JSON block cost an object per row and
 * writing it a hundred megabytes of text per million rows. Blocks written before keep their JSON
 * in `rows` and are still read; a block has one or the other. A STRICT table's column cannot
 * become nullable in place, so the table is made again with its blocks.
 *
 * The ledger side of an import reads a profile's payments of a period in (created_at, id) order
 * with six of their columns: an index holding those columns answers it without a visit to each
 * payment's table row, which was half of reading a million payments.
 */
import type { Migration } from './migration.ts';

export const reconPackedBlocks: Migration = {
  version: 22,
  name: 'recon packed blocks',
  up(db) {
    db.exec(`
      CREATE TABLE recon_matched_blocks_packed (
        session_id TEXT NOT NULL REFERENCES recon_sessions (id) ON DELETE CASCADE,
        first_ordinal INTEGER NOT NULL,
        last_ordinal INTEGER NOT NULL,
        row_count INTEGER NOT NULL CHECK (row_count > 0),
        rows TEXT,
        totals TEXT NOT NULL,
        packed BLOB,
        PRIMARY KEY (session_id, first_ordinal),
        CHECK (last_ordinal >= first_ordinal),
        CHECK ((rows IS NULL) <> (packed IS NULL))
      ) STRICT;
      INSERT INTO recon_matched_blocks_packed (session_id, first_ordinal, last_ordinal, row_count, rows, totals)
        SELECT session_id, first_ordinal, last_ordinal, row_count, rows, totals FROM recon_matched_blocks;
      DROP TABLE recon_matched_blocks;
      ALTER TABLE recon_matched_blocks_packed RENAME TO recon_matched_blocks;

      CREATE INDEX payments_for_recon ON payments (profile_id, created_at, id, gateway_transaction_id, merchant_reference, status, amount_minor, currency);
    `);
  },
};
