/**
 * The class index of reconciliation rows leaves matched rows out. Nearly every row of a statement
 * is matched, and the matched tab reads them in file order through recon_rows_in_order as well as
 * through a class index; keeping a second index entry for each of them only slowed the saving of a
 * million-row import. The other classes, a few rows among many, keep theirs (a query asks for
 * them with `recon_class <> 'matched'` spelled out, so the planner may use this partial index).
 */
import type { Migration } from './migration.ts';

export const reconRowsClassIndex: Migration = {
  version: 11,
  name: 'recon rows class index without matched rows',
  up(db) {
    db.exec(`
      DROP INDEX recon_rows_by_class;
      CREATE INDEX recon_rows_by_class ON recon_rows (session_id, recon_class, seq) WHERE recon_class <> 'matched';
    `);
  },
};
