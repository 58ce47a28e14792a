/**
 * What lets every first page of the payments list read an index, not the table (search.ts's plans):
 *
 * - `list_key`: the list's order as one integer (the creation instant in ms × 1,000,000, plus a
 *   counter among payments of the same millisecond), and the FTS5 table keyed by it, so free text
 *   is walked newest first straight from the trigram index and stops at the page's end, however
 *   far back the matches lie. A trigger gives each new payment its key (so every insert, the
 *   ledger's or anyone's, gets one) before its text goes into the index.
 * - `payment_facets`: how many payments each day holds per combination of the list's equality
 *   filters (profile, gateway, environment, method, kind, currency, status), kept by triggers. A
 *   combination no payment has (Sayswitch in EUR) is answered from it without reading payments,
 *   and a rare one reads only the days that hold it.
 * - the amount index ends in (created_at, id), so a narrow range is sorted from the index alone;
 * - one NOCASE index per field that one or two characters match the start of, so a prefix no
 *   payment has is answered from the indexes.
 */
import type { Migration } from './migration.ts';

const TEXT_COLUMNS = 'id, merchant_reference, gateway_transaction_id, customer_email, card_last4, description, customer_name, card_holder';
const of = (row: 'new' | 'old') => TEXT_COLUMNS.split(', ').map((column) => `${row}.${column}`).join(', ');

const FACET_COLUMNS = ['profile_id', 'gateway_id', 'environment', 'method', 'kind', 'currency', 'status'] as const;
const facetValues = (row: 'new' | 'old') => `substr(${row}.created_at, 1, 10), ${FACET_COLUMNS.map((column) => `${row}.${column}`).join(', ')}`;
const facetMatch = (row: 'new' | 'old') => `day = substr(${row}.created_at, 1, 10) AND ${FACET_COLUMNS.map((column) => `${column} = ${row}.${column}`).join(' AND ')}`;

/** The creation instant in ms, from the ISO text the ledger writes. */
export const SQLITE_CREATED_MS = (row: string) => `CAST(round(unixepoch(${row}.created_at, 'subsec') * 1000) AS INTEGER)`;

/** The insert trigger's statement that gives a new payment the next key of its millisecond (migrations 16 and 23). */
export const ASSIGN_LIST_KEY = `        UPDATE payments SET list_key = (
          SELECT coalesce(max(k.list_key) + 1, ${SQLITE_CREATED_MS('new')} * 1000000)
          FROM payments k
          WHERE k.list_key BETWEEN ${SQLITE_CREATED_MS('new')} * 1000000 AND ${SQLITE_CREATED_MS('new')} * 1000000 + 999999
        )
        WHERE seq = new.seq AND new.list_key IS NULL;
`;

export const paymentListPlans: Migration = {
  version: 16,
  name: 'payment list plans',
  up(db) {
    db.exec(`
      ALTER TABLE payments ADD COLUMN list_key INTEGER;
      UPDATE payments SET list_key = keyed.list_key
      FROM (
        SELECT seq, ${SQLITE_CREATED_MS('p')} * 1000000 + row_number() OVER (PARTITION BY ${SQLITE_CREATED_MS('p')} ORDER BY seq) - 1 AS list_key
        FROM payments p
      ) AS keyed
      WHERE payments.seq = keyed.seq;
      CREATE UNIQUE INDEX payments_by_list_key ON payments (list_key);

      DROP TRIGGER payment_search_after_insert;
      DROP TRIGGER payment_search_after_delete;
      DROP TRIGGER payment_search_after_update;
      DROP TABLE payment_search;
      CREATE VIRTUAL TABLE payment_search USING fts5 (
        ${TEXT_COLUMNS},
        content = 'payments', content_rowid = 'list_key',
        tokenize = 'trigram remove_diacritics 1'
      );
      INSERT INTO payment_search (payment_search) VALUES ('rebuild');

      CREATE TRIGGER payment_search_after_insert AFTER INSERT ON payments
      BEGIN
${ASSIGN_LIST_KEY}        INSERT INTO payment_search (rowid, ${TEXT_COLUMNS}) VALUES ((SELECT list_key FROM payments WHERE seq = new.seq), ${of('new')});
      END;
      CREATE TRIGGER payment_search_after_delete AFTER DELETE ON payments
      BEGIN
        INSERT INTO payment_search (payment_search, rowid, ${TEXT_COLUMNS}) VALUES ('delete', old.list_key, ${of('old')});
      END;
      CREATE TRIGGER payment_search_after_update AFTER UPDATE OF ${TEXT_COLUMNS} ON payments
      BEGIN
        INSERT INTO payment_search (payment_search, rowid, ${TEXT_COLUMNS}) VALUES ('delete', old.list_key, ${of('old')});
        INSERT INTO payment_search (rowid, ${TEXT_COLUMNS}) VALUES (new.list_key, ${of('new')});
      END;

      CREATE TABLE payment_facets (
        day TEXT NOT NULL,
        ${FACET_COLUMNS.map((column) => `${column} TEXT NOT NULL`).join(',\n        ')},
        payments INTEGER NOT NULL CHECK (payments >= 0),
        PRIMARY KEY (day, ${FACET_COLUMNS.join(', ')})
      ) STRICT, WITHOUT ROWID;
      INSERT INTO payment_facets (day, ${FACET_COLUMNS.join(', ')}, payments)
        SELECT substr(created_at, 1, 10), ${FACET_COLUMNS.join(', ')}, COUNT(*) FROM payments GROUP BY 1, ${FACET_COLUMNS.join(', ')};
      CREATE TRIGGER payment_facets_after_insert AFTER INSERT ON payments
      BEGIN
        INSERT INTO payment_facets (day, ${FACET_COLUMNS.join(', ')}, payments) VALUES (${facetValues('new')}, 1)
          ON CONFLICT DO UPDATE SET payments = payments + 1;
      END;
      CREATE TRIGGER payment_facets_after_delete AFTER DELETE ON payments
      BEGIN
        UPDATE payment_facets SET payments = payments - 1 WHERE ${facetMatch('old')};
      END;
      CREATE TRIGGER payment_facets_after_update AFTER UPDATE OF created_at, ${FACET_COLUMNS.join(', ')} ON payments
      BEGIN
        UPDATE payment_facets SET payments = payments - 1 WHERE ${facetMatch('old')};
        INSERT INTO payment_facets (day, ${FACET_COLUMNS.join(', ')}, payments) VALUES (${facetValues('new')}, 1)
          ON CONFLICT DO UPDATE SET payments = payments + 1;
      END;

      DROP INDEX payments_by_amount;
      CREATE INDEX payments_by_amount ON payments (amount_minor, created_at, id);

      CREATE INDEX payments_id_prefix ON payments (id COLLATE NOCASE);
      CREATE INDEX payments_reference_prefix ON payments (merchant_reference COLLATE NOCASE);
      CREATE INDEX payments_gateway_transaction_prefix ON payments (gateway_transaction_id COLLATE NOCASE);
      CREATE INDEX payments_email_prefix ON payments (customer_email COLLATE NOCASE);
      CREATE INDEX payments_last4_prefix ON payments (card_last4 COLLATE NOCASE);
    `);
  },
};
