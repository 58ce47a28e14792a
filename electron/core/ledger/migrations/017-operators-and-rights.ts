/**
 * The operators table of team mode, kept here with the same columns as the shared ledger's
 * (PostgreSQL migration 17, where the database enforces each operator's rights). A ledger on one
 * computer has one operator, the OS user with every right, so nothing reads or writes it here.
 */
import type { Migration } from './migration.ts';

export const operatorsAndRights: Migration = {
  version: 17,
  name: 'operators and rights',
  up(db) {
    db.exec(`
      CREATE TABLE operators (
        login TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'agent', 'finance', 'admin')),
        -- JSON arrays of right names (PostgreSQL: text[] checked against the names).
        added_rights TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(added_rights) AND json_type(added_rights) = 'array'),
        removed_rights TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(removed_rights) AND json_type(removed_rights) = 'array'),
        owner INTEGER NOT NULL DEFAULT 0 CHECK (owner IN (0, 1)),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        CHECK (owner = 0 OR (role = 'admin' AND removed_rights = '[]'))
      );
      CREATE UNIQUE INDEX operators_one_owner ON operators (owner) WHERE owner = 1;
    `);
  },
};
