/** Matched reconciliation rows are kept in blocks; rows are numbered within their session (SQLite migration 12 says why). */
import type { PostgresMigration } from '../migration.ts';

export const reconMatchedBlocks: PostgresMigration = {
  version: 12,
  name: 'recon matched blocks',
  sql: `
    ALTER TABLE recon_rows ADD COLUMN ordinal bigint;
    UPDATE recon_rows SET ordinal = seq;
    ALTER TABLE recon_rows ADD COLUMN from_block integer NOT NULL DEFAULT 0 CHECK (from_block IN (0, 1));
    CREATE UNIQUE INDEX recon_rows_by_ordinal ON recon_rows (session_id, ordinal);
    DROP INDEX recon_rows_in_order;
    DROP INDEX recon_rows_by_class;
    CREATE INDEX recon_rows_by_class ON recon_rows (session_id, recon_class, ordinal);

    CREATE TABLE recon_matched_blocks (
      session_id text NOT NULL REFERENCES recon_sessions (id) ON DELETE CASCADE,
      first_ordinal bigint NOT NULL,
      last_ordinal bigint NOT NULL,
      row_count integer NOT NULL CHECK (row_count > 0),
      rows text NOT NULL,
      totals text NOT NULL,
      PRIMARY KEY (session_id, first_ordinal),
      CHECK (last_ordinal >= first_ordinal)
    );
  `,
};
