/**
 * Team mode's operators and their rights, enforced by the database itself (SQLite migration 17
 * keeps the same table, unused: a ledger on one computer has one operator).
 *
 * Each operator signs in with their own login. Logins are cluster-wide, and one server holds
 * many ledgers, so what a login may do here is this database's business: an `operators` row keyed
 * by login, read by SECURITY DEFINER functions through `session_user`, and table privileges
 * granted to that login on this database's tables only. The login that runs this migration — the
 * one that created the ledger and owns its tables — is its admin (`owner`). A login without a row
 * gets nothing: no table privilege, no function.
 *
 * Privileges say who may write at all: every operator reads; operators with at least one right
 * write the journal's tables (a viewer writes nothing). Row-level security says what: a journal
 * intent (an `operations` row) of a money-moving kind is accepted only from a login holding that
 * kind's right, and the console calls a gateway only once its intent is durable, so that refusal
 * is what keeps money from moving. Reconciliation and batch tables take the recon and mit rights.
 * FORCE applies the policies to the owner too (superusers, as always, pass).
 *
 * The rights of each role are the ones shared/domain/operators.ts lists.
 */
import type { PostgresMigration } from '../migration.ts';

const ALL_RIGHTS = ['moto', 'mbway', 'multibanco', 'refund', 'capture', 'void', 'mit', 'recon', 'approve_refund', 'settings', 'profiles', 'credentials', 'operators'];
const rights = (names: readonly string[]) => `ARRAY[${names.map((name) => `'${name}'`).join(', ')}]::text[]`;

/** Tables an operator with rights writes; the rest (operators, the four-eyes tables, schema_migrations) change only through checked functions or migrations. */
const TEAM_TABLES = ['operators', 'refund_thresholds', 'refund_approvals', 'schema_migrations'];

export const operatorsAndRights: PostgresMigration = {
  version: 17,
  name: 'operators and rights',
  sql: `
    CREATE TABLE operators (
      login text PRIMARY KEY,
      role text NOT NULL CHECK (role IN ('viewer', 'agent', 'finance', 'admin')),
      added_rights text[] NOT NULL DEFAULT '{}' CHECK (added_rights <@ ${rights(ALL_RIGHTS)}),
      removed_rights text[] NOT NULL DEFAULT '{}' CHECK (removed_rights <@ ${rights(ALL_RIGHTS)}),
      owner boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL,
      CHECK (NOT owner OR (role = 'admin' AND removed_rights = '{}'))
    );
    CREATE UNIQUE INDEX operators_one_owner ON operators (owner) WHERE owner;
    INSERT INTO operators (login, role, owner, updated_at, updated_by) VALUES (session_user, 'admin', true, now(), session_user);

    CREATE FUNCTION console_rights_of(p_login text) RETURNS text[]
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT COALESCE((
        SELECT ARRAY(
          SELECT r FROM unnest(
            CASE o.role
              WHEN 'agent' THEN ${rights(['moto', 'mbway', 'multibanco'])}
              WHEN 'finance' THEN ${rights(['refund', 'capture', 'void', 'mit', 'recon', 'approve_refund'])}
              WHEN 'admin' THEN ${rights(ALL_RIGHTS)}
              ELSE '{}'::text[]
            END || o.added_rights) AS r
          EXCEPT SELECT unnest(o.removed_rights)
          ORDER BY 1)
        FROM operators o WHERE o.login = p_login), '{}'::text[])
    $$;

    CREATE FUNCTION console_has_right(p_right text) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT p_right = ANY (console_rights_of(session_user))
    $$;

    CREATE FUNCTION console_can_write() RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT cardinality(console_rights_of(session_user)) > 0
    $$;

    -- The right a journal row of this kind, on this payment, takes; null: any operator that writes.
    CREATE FUNCTION console_right_for(p_payment_id text, p_kind text) RETURNS text
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      pay record;
    BEGIN
      CASE p_kind
        WHEN 'capture' THEN RETURN 'capture';
        WHEN 'void' THEN RETURN 'void';
        WHEN 'refund' THEN RETURN 'refund';
        WHEN 'mit', 'rebill' THEN RETURN 'mit';
        -- Booked from the gateway's own notifications: records of what the platform did, not requests.
        WHEN 'chargeback', 'chargeback_reversal', 'installment' THEN RETURN NULL;
        WHEN 'purchase', 'authorize' THEN
          SELECT method, moto, imported INTO pay FROM payments WHERE id = p_payment_id;
          IF NOT FOUND THEN RETURN 'operators'; END IF;
          IF pay.imported THEN RETURN 'recon'; END IF;
          RETURN CASE
            WHEN pay.method = 'card' AND pay.moto THEN 'moto'
            WHEN pay.method IN ('card', 'mandate') THEN 'mit'
            WHEN pay.method = 'mbway' THEN 'mbway'
            ELSE 'multibanco'
          END;
        ELSE RETURN 'operators';
      END CASE;
    END $$;

    -- Replaced by migration 18 with the four-eyes rule for refunds.
    CREATE FUNCTION console_may_journal(p_id text, p_payment_id text, p_kind text, p_amount bigint) RETURNS boolean
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      needed text := console_right_for(p_payment_id, p_kind);
    BEGIN
      IF needed IS NULL THEN RETURN console_can_write(); END IF;
      RETURN console_has_right(needed);
    END $$;

    ALTER TABLE operations ENABLE ROW LEVEL SECURITY;
    ALTER TABLE operations FORCE ROW LEVEL SECURITY;
    CREATE POLICY operations_read ON operations FOR SELECT USING (true);
    CREATE POLICY operations_journal ON operations FOR INSERT WITH CHECK (console_may_journal(id, payment_id, kind, amount_minor));
    CREATE POLICY operations_follow ON operations FOR UPDATE USING (true) WITH CHECK (console_can_write());

    -- An intent is what the console acted on: what it was for never changes after it is written.
    CREATE FUNCTION operations_keep_intent() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.id IS DISTINCT FROM OLD.id OR NEW.payment_id IS DISTINCT FROM OLD.payment_id OR NEW.kind IS DISTINCT FROM OLD.kind
         OR NEW.amount_minor IS DISTINCT FROM OLD.amount_minor OR NEW.currency IS DISTINCT FROM OLD.currency THEN
        RAISE EXCEPTION 'an operation''s payment, kind and amount are written once' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER operations_keep_intent BEFORE UPDATE ON operations FOR EACH ROW EXECUTE FUNCTION operations_keep_intent();

    ${['recon_sessions', 'recon_rows', 'recon_matched_blocks']
      .map(
        (table) => `
    ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
    CREATE POLICY ${table}_read ON ${table} FOR SELECT USING (true);
    CREATE POLICY ${table}_write ON ${table} FOR ALL USING (console_has_right('recon')) WITH CHECK (console_has_right('recon'));`,
      )
      .join('')}
    ${['mit_batches', 'mit_batch_rows']
      .map(
        (table) => `
    ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
    CREATE POLICY ${table}_read ON ${table} FOR SELECT USING (true);
    CREATE POLICY ${table}_write ON ${table} FOR ALL USING (console_has_right('mit')) WITH CHECK (console_has_right('mit'));`,
      )
      .join('')}

    -- What a login may touch here, from its operator row (none: nothing). Run by the owner's
    -- functions whenever an operator changes, and after every migration for tables added since.
    CREATE FUNCTION console_grant_access(p_login text) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      t record;
      f record;
      row_exists boolean;
    BEGIN
      IF p_login = (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'operators') THEN RETURN; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN RETURN; END IF;
      row_exists := EXISTS (SELECT 1 FROM operators WHERE login = p_login);
      BEGIN
        IF row_exists THEN
          EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), p_login);
        ELSE
          EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM %I', current_database(), p_login);
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN NULL;
      END;
      EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', p_login);
      EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', p_login);
      FOR f IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'public' AND p.proname LIKE 'console\\_%' LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM %I', f.signature, p_login);
        IF row_exists THEN EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', f.signature, p_login); END IF;
      END LOOP;
      IF NOT row_exists THEN RETURN; END IF;
      EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', p_login);
      IF cardinality(console_rights_of(p_login)) > 0 THEN
        FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> ALL (${rights(TEAM_TABLES)}) LOOP
          EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO %I', t.tablename, p_login);
        END LOOP;
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', p_login);
      END IF;
    END $$;

    CREATE FUNCTION console_refresh_grants() RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      o record;
    BEGIN
      FOR o IN SELECT login FROM operators LOOP PERFORM console_grant_access(o.login); END LOOP;
    END $$;

    CREATE FUNCTION console_save_operator(p_login text, p_role text, p_added text[], p_removed text[]) RETURNS operators
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      saved operators;
    BEGIN
      IF NOT console_has_right('operators') THEN
        RAISE EXCEPTION '% may not change operators', session_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        RAISE EXCEPTION 'there is no database login named %: create it first (CREATE ROLE % LOGIN PASSWORD ...)', p_login, p_login USING ERRCODE = 'undefined_object';
      END IF;
      IF EXISTS (SELECT 1 FROM operators WHERE login = p_login AND owner) AND (p_role <> 'admin' OR cardinality(p_removed) > 0) THEN
        RAISE EXCEPTION 'the ledger''s owner % stays an admin with every right', p_login USING ERRCODE = 'check_violation';
      END IF;
      INSERT INTO operators (login, role, added_rights, removed_rights, updated_at, updated_by)
        VALUES (p_login, p_role, p_added, p_removed, now(), session_user)
        ON CONFLICT (login) DO UPDATE SET role = EXCLUDED.role, added_rights = EXCLUDED.added_rights, removed_rights = EXCLUDED.removed_rights,
          updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
        RETURNING * INTO saved;
      PERFORM console_grant_access(p_login);
      RETURN saved;
    END $$;

    CREATE FUNCTION console_remove_operator(p_login text) RETURNS boolean
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      removed boolean;
    BEGIN
      IF NOT console_has_right('operators') THEN
        RAISE EXCEPTION '% may not change operators', session_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF EXISTS (SELECT 1 FROM operators WHERE login = p_login AND owner) THEN
        RAISE EXCEPTION 'the ledger''s owner % cannot be removed', p_login USING ERRCODE = 'check_violation';
      END IF;
      DELETE FROM operators WHERE login = p_login;
      removed := FOUND;
      PERFORM console_grant_access(p_login);
      RETURN removed;
    END $$;

    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
    DO $$
    DECLARE
      f record;
    BEGIN
      FOR f IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'public' AND p.proname LIKE 'console\\_%' LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f.signature);
      END LOOP;
      -- Only the database's owner may close it to logins that are no operators; a ledger made in a
      -- database someone else owns keeps CONNECT open, and such a login still reads nothing.
      BEGIN
        EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
      EXCEPTION WHEN insufficient_privilege THEN NULL;
      END;
    END $$;
  `,
};
