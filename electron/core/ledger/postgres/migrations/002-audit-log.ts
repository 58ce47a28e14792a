/**
 * The append-only audit trail (SQLite migration 2; PCI DSS 10.2). Each row carries the hash of
 * the one before it; the triggers stop edits made through SQL (TRUNCATE too, which skips row
 * triggers), and the chain exposes edits made around them. The writer assigns seq, as the chain
 * needs it before the insert. details stays text, not jsonb: the hash covers its exact canonical
 * bytes, and jsonb would reorder keys and reformat numbers.
 */
import type { PostgresMigration } from '../migration.ts';

export const auditLog: PostgresMigration = {
  version: 2,
  name: 'audit log',
  sql: `
    CREATE TABLE audit_log (
      seq bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      operator text NOT NULL,
      origin text NOT NULL,
      action text NOT NULL,
      target_type text NOT NULL,
      target_id text,
      outcome text NOT NULL,
      details text NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL UNIQUE
    );
    CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: rows cannot be %', CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END
        USING ERRCODE = 'restrict_violation';
    END;
    $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
  `,
};
