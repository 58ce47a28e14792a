/**
 * The audit screen's filters and free text (SQLite migration 13 says why): one index per filter
 * ending in seq, and pg_trgm's GIN index (the extension comes with migration 3) over the joined
 * fields, an expression index rather than a generated column, since adding a column would rewrite
 * the append-only log. The expression is AUDIT_SEARCH_TEXT_SQL's, which the search must repeat
 * exactly for the planner to use it.
 */
import type { PostgresMigration } from '../migration.ts';

export const auditSearch: PostgresMigration = {
  version: 13,
  name: 'audit search',
  sql: `
    CREATE INDEX audit_log_by_operator ON audit_log (operator, seq);
    CREATE INDEX audit_log_by_action ON audit_log (action, seq);
    CREATE INDEX audit_log_by_target ON audit_log (target_id, seq);
    CREATE INDEX audit_log_by_outcome ON audit_log (outcome, seq);
    CREATE INDEX audit_log_by_time ON audit_log (at, seq);
    CREATE INDEX audit_log_search ON audit_log USING gin (
      (lower(operator || ' ' || origin || ' ' || action || ' ' || coalesce(target_id, '') || ' ' || outcome || ' ' || details)) gin_trgm_ops
    );
  `,
};
