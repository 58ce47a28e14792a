/** The class index of reconciliation rows leaves matched rows out (SQLite migration 11 says why). */
import type { PostgresMigration } from '../migration.ts';

export const reconRowsClassIndex: PostgresMigration = {
  version: 11,
  name: 'recon rows class index without matched rows',
  sql: `
    DROP INDEX recon_rows_by_class;
    CREATE INDEX recon_rows_by_class ON recon_rows (session_id, recon_class, seq) WHERE recon_class <> 'matched';
  `,
};
