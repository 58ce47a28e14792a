/**
 * What makes the payments list fast over a million rows: one index per list filter ending in the
 * list's order (created_at, id), and a trigram full-text index over the fields people paste into
 * the search box, kept in step with the payments table by triggers.
 */
import type { Migration } from './migration.ts';

export const paymentSearch: Migration = {
  version: 3,
  name: 'payment search',
  up(db) {
    db.exec(`
      CREATE INDEX payments_newest ON payments (created_at, id);
      CREATE INDEX payments_by_status ON payments (status, created_at, id);
      CREATE INDEX payments_by_gateway ON payments (gateway_id, created_at, id);
      CREATE INDEX payments_by_profile ON payments (profile_id, created_at, id);
      CREATE INDEX payments_by_currency ON payments (currency, created_at, id);
      CREATE INDEX payments_by_kind ON payments (kind, created_at, id);
      CREATE INDEX payments_by_amount ON payments (amount_minor, created_at);

      -- External content: the text lives once, in payments; rowid is payments.seq, which VACUUM keeps.
      CREATE VIRTUAL TABLE payment_search USING fts5 (
        id, merchant_reference, gateway_transaction_id, customer_email, card_last4, description,
        content = 'payments', content_rowid = 'seq',
        tokenize = 'trigram remove_diacritics 1'
      );
      INSERT INTO payment_search (payment_search) VALUES ('rebuild');

      CREATE TRIGGER payment_search_after_insert AFTER INSERT ON payments
      BEGIN
        INSERT INTO payment_search (rowid, id, merchant_reference, gateway_transaction_id, customer_email, card_last4, description)
        VALUES (new.seq, new.id, new.merchant_reference, new.gateway_transaction_id, new.customer_email, new.card_last4, new.description);
      END;
      CREATE TRIGGER payment_search_after_delete AFTER DELETE ON payments
      BEGIN
        INSERT INTO payment_search (payment_search, rowid, id, merchant_reference, gateway_transaction_id, customer_email, card_last4, description)
        VALUES ('delete', old.seq, old.id, old.merchant_reference, old.gateway_transaction_id, old.customer_email, old.card_last4, old.description);
      END;
      CREATE TRIGGER payment_search_after_update
      AFTER UPDATE OF id, merchant_reference, gateway_transaction_id, customer_email, card_last4, description ON payments
      BEGIN
        INSERT INTO payment_search (payment_search, rowid, id, merchant_reference, gateway_transaction_id, customer_email, card_last4, description)
        VALUES ('delete', old.seq, old.id, old.merchant_reference, old.gateway_transaction_id, old.customer_email, old.card_last4, old.description);
        INSERT INTO payment_search (rowid, id, merchant_reference, gateway_transaction_id, customer_email, card_last4, description)
        VALUES (new.seq, new.id, new.merchant_reference, new.gateway_transaction_id, new.customer_email, new.card_last4, new.description);
      END;
    `);
  },
};
