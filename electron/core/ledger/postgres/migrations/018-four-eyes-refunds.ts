/**
 * Four-eyes refunds (SQLite migration 18 keeps the same tables, unused: one operator).
 *
 * A threshold per profile and currency; a refund above it is first a request (amount, reason,
 * requester, expiry) that another operator holding approve_refund approves or rejects. Requests
 * are written and decided only through the checked functions below, which take who is asking from
 * `session_user`: the requester can never decide their own, an expired or decided request cannot
 * be approved, and two approvers at once are serialised on the request's row lock, so one wins.
 *
 * Approving binds the request to the id of the refund the approver's console is about to journal;
 * the journal's insert policy accepts a refund above the threshold only when such an approved
 * request (same payment, same amount, decided by the same login) names it. One request, one
 * refund: the binding is unique and an operation id is written once.
 */
import type { PostgresMigration } from '../migration.ts';

export const fourEyesRefunds: PostgresMigration = {
  version: 18,
  name: 'four-eyes refunds',
  sql: `
    CREATE TABLE refund_thresholds (
      profile_id text NOT NULL,
      currency text NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL,
      PRIMARY KEY (profile_id, currency)
    );

    CREATE TABLE refund_approvals (
      id text PRIMARY KEY,
      payment_id text NOT NULL REFERENCES payments (id),
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      currency text NOT NULL,
      reason text NOT NULL,
      requested_by text NOT NULL,
      requested_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
      decided_by text,
      decided_at timestamptz,
      note text,
      operation_id text UNIQUE,
      CHECK (expires_at > requested_at),
      CHECK ((status = 'pending') = (decided_by IS NULL)),
      CHECK (decided_by IS NULL OR decided_by <> requested_by),
      CHECK ((status = 'approved') = (operation_id IS NOT NULL))
    );
    CREATE INDEX refund_approvals_queue ON refund_approvals (status, requested_at);
    CREATE INDEX refund_approvals_by_payment ON refund_approvals (payment_id);

    CREATE FUNCTION console_refund_threshold(p_payment_id text) RETURNS bigint
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT t.amount_minor FROM refund_thresholds t JOIN payments p ON p.profile_id = t.profile_id AND p.currency = t.currency WHERE p.id = p_payment_id
    $$;

    CREATE OR REPLACE FUNCTION console_may_journal(p_id text, p_payment_id text, p_kind text, p_amount bigint) RETURNS boolean
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      needed text := console_right_for(p_payment_id, p_kind);
      threshold bigint;
    BEGIN
      IF p_kind = 'refund' THEN
        threshold := console_refund_threshold(p_payment_id);
        IF threshold IS NOT NULL AND p_amount > threshold THEN
          RETURN EXISTS (
            SELECT 1 FROM refund_approvals a
            WHERE a.operation_id = p_id AND a.payment_id = p_payment_id AND a.amount_minor = p_amount
              AND a.status = 'approved' AND a.decided_by = session_user);
        END IF;
      END IF;
      IF needed IS NULL THEN RETURN console_can_write(); END IF;
      RETURN console_has_right(needed);
    END $$;

    -- Every console hears of a request on the channel payment changes go out on (delivered on
    -- commit); the writer is no console's, so the requester's and approver's own hear it too.
    CREATE FUNCTION console_announce_request(p_payment_id text) RETURNS void
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT pg_notify('ledger_payment_changes', json_build_object('paymentId', p_payment_id, 'writer', 'refund-approvals')::text)
    $$;

    CREATE FUNCTION console_save_thresholds(p_profile_id text, p_currencies text[], p_amounts bigint[]) RETURNS SETOF refund_thresholds
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      IF NOT console_has_right('settings') THEN
        RAISE EXCEPTION '% may not change four-eyes thresholds', session_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      DELETE FROM refund_thresholds WHERE profile_id = p_profile_id;
      INSERT INTO refund_thresholds (profile_id, currency, amount_minor, updated_at, updated_by)
        SELECT p_profile_id, c, a, now(), session_user FROM unnest(p_currencies, p_amounts) AS x (c, a);
      RETURN QUERY SELECT * FROM refund_thresholds WHERE profile_id = p_profile_id ORDER BY currency;
    END $$;

    CREATE FUNCTION console_request_refund(p_id text, p_payment_id text, p_amount bigint, p_reason text, p_valid_for interval) RETURNS refund_approvals
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      made refund_approvals;
      pay_currency text;
    BEGIN
      IF NOT console_has_right('refund') THEN
        RAISE EXCEPTION '% may not request refunds', session_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      SELECT currency INTO pay_currency FROM payments WHERE id = p_payment_id;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'no payment %', p_payment_id USING ERRCODE = 'foreign_key_violation';
      END IF;
      INSERT INTO refund_approvals (id, payment_id, amount_minor, currency, reason, requested_by, requested_at, expires_at, status)
        VALUES (p_id, p_payment_id, p_amount, pay_currency, p_reason, session_user, now(), now() + p_valid_for, 'pending')
        RETURNING * INTO made;
      PERFORM console_announce_request(p_payment_id);
      RETURN made;
    END $$;

    -- p_operation_id: the refund the approver's console journals next, in the same transaction.
    CREATE FUNCTION console_decide_refund(p_id text, p_approve boolean, p_note text, p_operation_id text) RETURNS refund_approvals
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      request refund_approvals;
    BEGIN
      IF NOT console_has_right('approve_refund') THEN
        RAISE EXCEPTION '% may not decide refund requests', session_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      SELECT * INTO request FROM refund_approvals WHERE id = p_id FOR UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'no refund request %', p_id USING ERRCODE = 'no_data_found';
      END IF;
      IF request.requested_by = session_user THEN
        RAISE EXCEPTION '% requested this refund and cannot decide it: another operator must', session_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF request.status <> 'pending' THEN
        RAISE EXCEPTION 'the refund request was already % by %', request.status, request.decided_by USING ERRCODE = 'lock_not_available';
      END IF;
      IF request.expires_at <= now() THEN
        RAISE EXCEPTION 'the refund request expired at %', request.expires_at USING ERRCODE = 'lock_not_available';
      END IF;
      IF p_approve AND p_operation_id IS NULL THEN
        RAISE EXCEPTION 'an approval names the refund it runs' USING ERRCODE = 'null_value_not_allowed';
      END IF;
      UPDATE refund_approvals
        SET status = CASE WHEN p_approve THEN 'approved' ELSE 'rejected' END, decided_by = session_user, decided_at = now(), note = p_note,
          operation_id = CASE WHEN p_approve THEN p_operation_id END
        WHERE id = p_id
        RETURNING * INTO request;
      PERFORM console_announce_request(request.payment_id);
      RETURN request;
    END $$;

    REVOKE ALL ON refund_thresholds, refund_approvals FROM PUBLIC;
    REVOKE ALL ON FUNCTION console_announce_request(text), console_refund_threshold(text), console_may_journal(text, text, text, bigint), console_save_thresholds(text, text[], bigint[]),
      console_request_refund(text, text, bigint, text, interval), console_decide_refund(text, boolean, text, text) FROM PUBLIC;
    SELECT console_refresh_grants();
  `,
};
