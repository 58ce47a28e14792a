/**
 * The customer's and the cardholder's names join the searched text, and the list filters by
 * environment and payment method through indexes of their own (SQLite migration 14 says why).
 * A generated column's expression cannot be altered, so `search_text` is made again, with its
 * trigram index.
 */
import type { PostgresMigration } from '../migration.ts';

export const paymentSearchNames: PostgresMigration = {
  version: 14,
  name: 'payment search names',
  sql: `
    DROP INDEX payment_search;
    ALTER TABLE payments DROP COLUMN search_text;
    ALTER TABLE payments ADD COLUMN search_text text GENERATED ALWAYS AS (
      lower(id || ' ' || merchant_reference || ' ' || coalesce(gateway_transaction_id, '') || ' ' || coalesce(customer_email, '')
        || ' ' || coalesce(card_last4, '') || ' ' || coalesce(description, '') || ' ' || coalesce(customer_name, '')
        || ' ' || coalesce(card_holder, ''))
    ) STORED;
    CREATE INDEX payment_search ON payments USING gin (search_text gin_trgm_ops);

    CREATE INDEX payments_by_environment ON payments (environment, created_at, id);
    CREATE INDEX payments_by_method ON payments (method, created_at, id);
  `,
};
