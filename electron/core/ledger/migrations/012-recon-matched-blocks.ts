/**
 * Matched reconciliation rows are kept in blocks. Nearly every row of a statement is matched, and
 * saving a million of them one table row each (with its index entries) was most of an import's
 * time and a few hundred megabytes per session. A block holds one batch's matched rows as
 * columns (recon-matched-blocks.ts) with its totals per currency; the other classes, a few rows
 * among many, stay rows of recon_rows.
 *
 * Rows are now numbered within their session (`ordinal`, the row's id towards the console):
 * a block's rows have no table row and so no `seq`. A matched row that is resolved is copied out
 * of its block into recon_rows under its ordinal (`from_block` = 1), where its resolution and any
 * re-classification live; the block's copy is then left out of listings and totals. Rows saved
 * before this migration keep their `seq` as their ordinal, so their ids do not change.
 */
import type { Migration } from './migration.ts';

export const reconMatchedBlocks: Migration = {
  version: 12,
  name: 'recon matched blocks',
  up(db) {
    db.exec(`
      ALTER TABLE recon_rows ADD COLUMN ordinal INTEGER;
      UPDATE recon_rows SET ordinal = seq;
      ALTER TABLE recon_rows ADD COLUMN from_block INTEGER NOT NULL DEFAULT 0 CHECK (from_block IN (0, 1));
      CREATE UNIQUE INDEX recon_rows_by_ordinal ON recon_rows (session_id, ordinal);
      DROP INDEX recon_rows_in_order;
      DROP INDEX recon_rows_by_class;
      CREATE INDEX recon_rows_by_class ON recon_rows (session_id, recon_class, ordinal);

      CREATE TABLE recon_matched_blocks (
        session_id TEXT NOT NULL REFERENCES recon_sessions (id) ON DELETE CASCADE,
        first_ordinal INTEGER NOT NULL,
        last_ordinal INTEGER NOT NULL,
        row_count INTEGER NOT NULL CHECK (row_count > 0),
        rows TEXT NOT NULL,
        totals TEXT NOT NULL,
        PRIMARY KEY (session_id, first_ordinal),
        CHECK (last_ordinal >= first_ordinal)
      ) STRICT;
    `);
  },
};
