/**
 * The SQLite ledger's free-text indexes (FTS5 trigram tables over payments and the audit log) are
 * written behind the journal, not inside each of its transactions (migration 23).
 *
 * Why: an FTS5 table writes a segment of its own at every commit that touched it, and rewrites the
 * record that lists its segments. With both indexes kept by triggers, a stored-card charge wrote
 * about 37 of its 125 WAL pages to them (audit_search 23, payment_search 14, over the charge's four
 * commits), and on this kind of disk a commit costs what its pages cost. Indexed many rows at a
 * time, the same text makes one segment per batch.
 *
 * When: rows are indexed oldest first, (a) before any free-text search reads an index, inside the
 * same connection's write lock, so a search always finds every row committed before it; and (b) by
 * the port shortly after writes (sqlite-port.ts), a bounded number at a time, so a search seldom
 * has more than a second of rows to index first.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';

export type SearchIndexName = 'payments' | 'audit';

interface IndexedTable {
  /** Whether a row is past the mark. */
  readonly behind: StatementSync;
  /** The seq of the `limit`-th row past the mark (or the last one). */
  readonly upTo: StatementSync;
  /** Indexes the rows past the mark up to a seq. */
  readonly index: StatementSync;
  readonly mark: StatementSync;
}

const PAYMENT_TEXT = 'id, merchant_reference, gateway_transaction_id, customer_email, card_last4, description, customer_name, card_holder';
const AUDIT_TEXT = 'operator, origin, action, target_id, outcome, details';

const SOURCES: Record<SearchIndexName, { readonly table: string; readonly fts: string; readonly rowid: string; readonly text: string }> = {
  payments: { table: 'payments', fts: 'payment_search', rowid: 'list_key', text: PAYMENT_TEXT },
  audit: { table: 'audit_log', fts: 'audit_search', rowid: 'seq', text: AUDIT_TEXT },
};

export class SearchIndexBehind {
  readonly #tables: Record<SearchIndexName, IndexedTable>;

  constructor(db: DatabaseSync) {
    const prepare = (name: SearchIndexName): IndexedTable => {
      const { table, fts, rowid, text } = SOURCES[name];
      const mark = `(SELECT indexed_to FROM search_index_state WHERE name = '${name}')`;
      return {
        behind: db.prepare(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE seq > ${mark}) AS behind`),
        upTo: db.prepare(`SELECT max(seq) AS up_to FROM (SELECT seq FROM ${table} WHERE seq > ${mark} ORDER BY seq LIMIT ?)`),
        index: db.prepare(`INSERT INTO ${fts} (rowid, ${text}) SELECT ${rowid}, ${text} FROM ${table} WHERE seq > ${mark} AND seq <= ? ORDER BY seq`),
        mark: db.prepare(`UPDATE search_index_state SET indexed_to = ? WHERE name = '${name}'`),
      };
    };
    this.#tables = { payments: prepare('payments'), audit: prepare('audit') };
  }

  /** Whether `name`'s index lacks rows the table has. No lock, one index probe. */
  behind(name: SearchIndexName): boolean {
    return Number(this.#tables[name].behind.get()?.['behind'] ?? 0) !== 0;
  }

  /**
   * Indexes the rows `name`'s index lacks (at most `limit`, oldest first) and moves the mark past
   * them. The caller holds a write transaction.
   */
  catchUp(name: SearchIndexName, limit = Number.POSITIVE_INFINITY): number {
    const table = this.#tables[name];
    // LIMIT -1 is SQLite's "no limit".
    const upTo = table.upTo.get(Number.isFinite(limit) ? limit : -1)?.['up_to'];
    if (upTo === null || upTo === undefined) return 0;
    const indexed = Number(table.index.run(upTo as bigint).changes);
    table.mark.run(upTo as bigint);
    return indexed;
  }
}
