/**
 * The team's audit key (SQLite migration 21): which key seals the shared audit chain, recorded
 * once by an admin's console under the audit write lock. Row-level security lets every operator read
 * it and nobody write it directly; `console_record_team_audit_key` writes it, once, for a login with
 * the `operators` right, and only with the legacy prefix the log really has at that moment.
 */
import type { PostgresMigration } from '../migration.ts';

export const teamAuditKey: PostgresMigration = {
  version: 21,
  name: 'team audit key',
  sql: `
    CREATE TABLE audit_team_key (
      id integer PRIMARY KEY CHECK (id = 1),
      key_id text NOT NULL CHECK (key_id ~ '^[0-9a-f]{32}$'),
      key_check text NOT NULL CHECK (key_check ~ '^[0-9a-f]{64}$'),
      legacy_entries bigint NOT NULL CHECK (legacy_entries >= 0),
      made_at timestamptz NOT NULL,
      made_by text NOT NULL
    );
    ALTER TABLE audit_team_key ENABLE ROW LEVEL SECURITY;
    CREATE POLICY audit_team_key_read ON audit_team_key FOR SELECT USING (true);

    -- The caller holds the audit log's advisory lock in this transaction, so the count cannot move
    -- between its reading and this check.
    CREATE FUNCTION console_record_team_audit_key(p_key_id text, p_key_check text, p_legacy_entries bigint) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      IF NOT console_has_right('operators') THEN
        RAISE EXCEPTION '% may not make the team''s audit key', session_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF p_legacy_entries <> (SELECT COALESCE(max(seq), 0) FROM audit_log) THEN
        RAISE EXCEPTION 'the audit log does not hold % entries', p_legacy_entries USING ERRCODE = 'check_violation';
      END IF;
      INSERT INTO audit_team_key (id, key_id, key_check, legacy_entries, made_at, made_by)
        VALUES (1, p_key_id, p_key_check, p_legacy_entries, now(), session_user);
    END $$;
    REVOKE ALL ON FUNCTION console_record_team_audit_key(text, text, bigint) FROM PUBLIC;
  `,
};
