/**
 * The free-text indexes (payment_search, audit_search) are written behind the journal instead of
 * inside each of its transactions (search-index-behind.ts says how and why). What is indexed is
 * recorded per table as the highest `seq` whose row is in its index; every row up to it is, none
 * after it is. A row already indexed whose searched text changes (a payment's gateway id arriving
 * with the answer) or which is deleted is still kept in step by its trigger; one not yet indexed
 * is left for the catch-up, which reads its text as it is then. The list's order key is still
 * given to each new payment by its insert trigger, as migration 16 did.
 */
import type { Migration } from './migration.ts';
import { ASSIGN_LIST_KEY } from './016-payment-list-plans.ts';

const TEXT_COLUMNS = 'id, merchant_reference, gateway_transaction_id, customer_email, card_last4, description, customer_name, card_holder';
const of = (row: 'new' | 'old') => TEXT_COLUMNS.split(', ').map((column) => `${row}.${column}`).join(', ');
const INDEXED = (table: 'payments' | 'audit') => `(SELECT indexed_to FROM search_index_state WHERE name = '${table}')`;

export const searchIndexBehind: Migration = {
  version: 23,
  name: 'search index behind',
  up(db) {
    db.exec(`
      CREATE TABLE search_index_state (
        name TEXT PRIMARY KEY CHECK (name IN ('payments', 'audit')),
        indexed_to INTEGER NOT NULL CHECK (indexed_to >= 0)
      ) STRICT, WITHOUT ROWID;
      -- Until now both indexes were written with each row: everything there is, is in them.
      INSERT INTO search_index_state (name, indexed_to) VALUES
        ('payments', (SELECT coalesce(max(seq), 0) FROM payments)),
        ('audit', (SELECT coalesce(max(seq), 0) FROM audit_log));

      DROP TRIGGER audit_search_after_insert;

      DROP TRIGGER payment_search_after_insert;
      CREATE TRIGGER payment_search_after_insert AFTER INSERT ON payments
      BEGIN
${ASSIGN_LIST_KEY}        -- A seq at or below the mark is indexed at once (the newest payment was deleted and its seq
        -- given again): the catch-up only reads above the mark.
        INSERT INTO payment_search (rowid, ${TEXT_COLUMNS})
          SELECT list_key, ${TEXT_COLUMNS} FROM payments WHERE seq = new.seq AND new.seq <= ${INDEXED('payments')};
      END;

      DROP TRIGGER payment_search_after_delete;
      CREATE TRIGGER payment_search_after_delete AFTER DELETE ON payments
      WHEN old.seq <= ${INDEXED('payments')}
      BEGIN
        INSERT INTO payment_search (payment_search, rowid, ${TEXT_COLUMNS}) VALUES ('delete', old.list_key, ${of('old')});
      END;

      DROP TRIGGER payment_search_after_update;
      CREATE TRIGGER payment_search_after_update AFTER UPDATE OF ${TEXT_COLUMNS} ON payments
      WHEN old.seq <= ${INDEXED('payments')}
      BEGIN
        INSERT INTO payment_search (payment_search, rowid, ${TEXT_COLUMNS}) VALUES ('delete', old.list_key, ${of('old')});
        INSERT INTO payment_search (rowid, ${TEXT_COLUMNS}) VALUES (new.list_key, ${of('new')});
      END;
    `);
  },
};
