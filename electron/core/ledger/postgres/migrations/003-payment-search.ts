/**
 * What makes the payments list fast over a million rows (SQLite migration 3): one index per list
 * filter ending in the list's order (created_at, id), and a trigram index over the fields people
 * paste into the search box. SQLite needs an FTS5 table kept in step by triggers; here a generated
 * column holds the text and pg_trgm's GIN index serves substring searches (ILIKE '%…%') on it.
 * pg_trgm ships with Debian's server package and is a trusted extension, so the database owner
 * may create it. SQLite's remove_diacritics has no immutable counterpart to index here (unaccent
 * is not immutable), so accents are matched as typed.
 */
import type { PostgresMigration } from '../migration.ts';

export const paymentSearch: PostgresMigration = {
  version: 3,
  name: 'payment search',
  sql: `
    CREATE INDEX payments_newest ON payments (created_at, id);
    CREATE INDEX payments_by_status ON payments (status, created_at, id);
    CREATE INDEX payments_by_gateway ON payments (gateway_id, created_at, id);
    CREATE INDEX payments_by_profile ON payments (profile_id, created_at, id);
    CREATE INDEX payments_by_currency ON payments (currency, created_at, id);
    CREATE INDEX payments_by_kind ON payments (kind, created_at, id);
    CREATE INDEX payments_by_amount ON payments (amount_minor, created_at);

    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    ALTER TABLE payments ADD COLUMN search_text text GENERATED ALWAYS AS (
      -- || on text, not concat_ws: a generated column needs an immutable expression, and concat_ws is only stable.
      lower(id || ' ' || merchant_reference || ' ' || coalesce(gateway_transaction_id, '') || ' ' || coalesce(customer_email, '')
        || ' ' || coalesce(card_last4, '') || ' ' || coalesce(description, ''))
    ) STORED;
    CREATE INDEX payment_search ON payments USING gin (search_text gin_trgm_ops);
  `,
};
