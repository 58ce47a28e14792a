/**
 * What makes the audit screen's filters fast over a long log: one index per filter ending in seq,
 * the order the screen lists entries in, so a filtered page reads only the entries it shows; and
 * a trigram full-text index over the fields free text is looked for in (audit-search-query.ts).
 * The log is append-only (its triggers refuse updates and deletes), so one insert trigger keeps
 * the index in step.
 */
import type { Migration } from './migration.ts';

export const auditSearch: Migration = {
  version: 13,
  name: 'audit search',
  up(db) {
    db.exec(`
      CREATE INDEX audit_log_by_operator ON audit_log (operator, seq);
      CREATE INDEX audit_log_by_action ON audit_log (action, seq);
      CREATE INDEX audit_log_by_target ON audit_log (target_id, seq);
      CREATE INDEX audit_log_by_outcome ON audit_log (outcome, seq);
      CREATE INDEX audit_log_by_time ON audit_log (at, seq);

      -- External content: the text lives once, in audit_log; rowid is its seq.
      CREATE VIRTUAL TABLE audit_search USING fts5 (
        operator, origin, action, target_id, outcome, details,
        content = 'audit_log', content_rowid = 'seq',
        tokenize = 'trigram remove_diacritics 1'
      );
      INSERT INTO audit_search (audit_search) VALUES ('rebuild');

      CREATE TRIGGER audit_search_after_insert AFTER INSERT ON audit_log
      BEGIN
        INSERT INTO audit_search (rowid, operator, origin, action, target_id, outcome, details)
        VALUES (new.seq, new.operator, new.origin, new.action, new.target_id, new.outcome, new.details);
      END;
    `);
  },
};
