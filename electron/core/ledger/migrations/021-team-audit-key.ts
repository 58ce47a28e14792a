/**
 * Which audit key a shared ledger's entries are sealed with (PostgreSQL migration 21): the key's
 * id, a check value made with the key, and how many entries the log held when it was made. The key
 * itself is never here — anyone who reads the database could then seal entries — but in each
 * operator's keychain, so every console (and the team's receiver) can tell whether the key it holds
 * is the team's. One row at most, written once. A solo ledger has the table too, so the two schemas
 * stay the same; its key stays the data folder's own.
 */
import type { Migration } from './migration.ts';

export const teamAuditKey: Migration = {
  version: 21,
  name: 'team audit key',
  up(db) {
    db.exec(`
      CREATE TABLE audit_team_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key_id TEXT NOT NULL CHECK (key_id GLOB '[0-9a-f]*' AND length(key_id) = 32),
        key_check TEXT NOT NULL CHECK (key_check GLOB '[0-9a-f]*' AND length(key_check) = 64),
        legacy_entries INTEGER NOT NULL CHECK (legacy_entries >= 0),
        made_at TEXT NOT NULL,
        made_by TEXT NOT NULL
      ) STRICT;
    `);
  },
};
