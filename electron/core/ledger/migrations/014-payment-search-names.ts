/**
 * The payments list finds a payment by the customer's name and the cardholder's (an agent on the
 * phone has a name before anything else), and filters by environment and payment method as fast
 * as by the other filters. The FTS5 table of migration 3 is made again with the two name columns,
 * its triggers with it; the indexes end in the list's order (created_at, id), as migration 3's do.
 */
import type { Migration } from './migration.ts';

const COLUMNS = 'id, merchant_reference, gateway_transaction_id, customer_email, card_last4, description, customer_name, card_holder';
const of = (row: 'new' | 'old') => COLUMNS.split(', ').map((column) => `${row}.${column}`).join(', ');

export const paymentSearchNames: Migration = {
  version: 14,
  name: 'payment search names',
  up(db) {
    db.exec(`
      DROP TRIGGER payment_search_after_insert;
      DROP TRIGGER payment_search_after_delete;
      DROP TRIGGER payment_search_after_update;
      DROP TABLE payment_search;

      CREATE VIRTUAL TABLE payment_search USING fts5 (
        ${COLUMNS},
        content = 'payments', content_rowid = 'seq',
        tokenize = 'trigram remove_diacritics 1'
      );
      INSERT INTO payment_search (payment_search) VALUES ('rebuild');

      CREATE TRIGGER payment_search_after_insert AFTER INSERT ON payments
      BEGIN
        INSERT INTO payment_search (rowid, ${COLUMNS}) VALUES (new.seq, ${of('new')});
      END;
      CREATE TRIGGER payment_search_after_delete AFTER DELETE ON payments
      BEGIN
        INSERT INTO payment_search (payment_search, rowid, ${COLUMNS}) VALUES ('delete', old.seq, ${of('old')});
      END;
      CREATE TRIGGER payment_search_after_update AFTER UPDATE OF ${COLUMNS} ON payments
      BEGIN
        INSERT INTO payment_search (payment_search, rowid, ${COLUMNS}) VALUES ('delete', old.seq, ${of('old')});
        INSERT INTO payment_search (rowid, ${COLUMNS}) VALUES (new.seq, ${of('new')});
      END;

      CREATE INDEX payments_by_environment ON payments (environment, created_at, id);
      CREATE INDEX payments_by_method ON payments (method, created_at, id);
    `);
  },
};
