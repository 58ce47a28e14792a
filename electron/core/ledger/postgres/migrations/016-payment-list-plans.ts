/**
 * What lets every first page of the payments list read an index (SQLite migration 16 says why):
 * the per-day counts of each combination of the list's equality filters (`payment_facets`, kept by
 * a trigger), the amount index ending in (created_at, id), and one index per field that one or two
 * characters match the start of (lower-cased, text_pattern_ops, so `lower(x) LIKE 'ab%'` reads it).
 * SQLite's `list_key` is not needed here: PostgreSQL's trigram index is not read in the list's order.
 *
 * A status change moves one count to another: the trigger takes the two rows' locks in one order
 * (the smaller key first), so two payments changing status in opposite directions cannot deadlock.
 */
import type { PostgresMigration } from '../migration.ts';

const FACET_COLUMNS = ['profile_id', 'gateway_id', 'environment', 'method', 'kind', 'currency', 'status'] as const;
const key = (row: 'NEW' | 'OLD') => `(${row}.created_at AT TIME ZONE 'UTC')::date, ${FACET_COLUMNS.map((column) => `${row}.${column}`).join(', ')}`;
const match = (row: 'NEW' | 'OLD') => `day = (${row}.created_at AT TIME ZONE 'UTC')::date AND ${FACET_COLUMNS.map((column) => `${column} = ${row}.${column}`).join(' AND ')}`;
const COLUMNS = `day, ${FACET_COLUMNS.join(', ')}`;

export const paymentListPlans: PostgresMigration = {
  version: 16,
  name: 'payment list plans',
  sql: `
    CREATE TABLE payment_facets (
      day date NOT NULL,
      ${FACET_COLUMNS.map((column) => `${column} text NOT NULL`).join(',\n      ')},
      payments bigint NOT NULL CHECK (payments >= 0),
      PRIMARY KEY (${COLUMNS})
    );
    INSERT INTO payment_facets (${COLUMNS}, payments)
      SELECT (created_at AT TIME ZONE 'UTC')::date, ${FACET_COLUMNS.join(', ')}, COUNT(*) FROM payments GROUP BY 1, ${FACET_COLUMNS.join(', ')};

    CREATE FUNCTION payment_facets_count() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      removed_first boolean;
    BEGIN
      IF TG_OP = 'UPDATE' AND ROW(${key('OLD')}) IS NOT DISTINCT FROM ROW(${key('NEW')}) THEN
        RETURN NULL;
      END IF;
      removed_first := TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND ROW(${key('OLD')}) < ROW(${key('NEW')}));
      IF removed_first THEN
        UPDATE payment_facets SET payments = payments - 1 WHERE ${match('OLD')};
      END IF;
      IF TG_OP <> 'DELETE' THEN
        INSERT INTO payment_facets (${COLUMNS}, payments) VALUES (${key('NEW')}, 1)
          ON CONFLICT (${COLUMNS}) DO UPDATE SET payments = payment_facets.payments + 1;
      END IF;
      IF TG_OP = 'UPDATE' AND NOT removed_first THEN
        UPDATE payment_facets SET payments = payments - 1 WHERE ${match('OLD')};
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER payment_facets_count AFTER INSERT OR DELETE OR UPDATE OF created_at, ${FACET_COLUMNS.join(', ')} ON payments
      FOR EACH ROW EXECUTE FUNCTION payment_facets_count();

    DROP INDEX payments_by_amount;
    CREATE INDEX payments_by_amount ON payments (amount_minor, created_at, id);

    CREATE INDEX payments_id_prefix ON payments (lower(id) text_pattern_ops);
    CREATE INDEX payments_reference_prefix ON payments (lower(merchant_reference) text_pattern_ops);
    CREATE INDEX payments_gateway_transaction_prefix ON payments (lower(gateway_transaction_id) text_pattern_ops);
    CREATE INDEX payments_email_prefix ON payments (lower(customer_email) text_pattern_ops);
    CREATE INDEX payments_last4_prefix ON payments (lower(card_last4) text_pattern_ops);
  `,
};
