/**
 * A digest of the ledger's money tables, read through a connection of its own (WAL lets it read
 * while the core writes). Every table is included except the logs a refused call may rightly
 * append to (audit, wire log), the migration bookkeeping and the search indexes derived from
 * payments and from the audit log — so a table added later (say, operation leases) is covered
 * without a change here.
 */
import { createHash } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';

const EXCLUDED = new Set(['audit_log', 'wire_log', 'schema_migrations']);
const DERIVED_PREFIXES = ['payment_search', 'audit_search'];

export interface LedgerDigest {
  digest(): string;
  /** Rows per table, for the report. */
  sizes(): Record<string, number>;
  close(): void;
}

function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? `${item}n` : item instanceof Uint8Array ? Buffer.from(item).toString('hex') : item));
}

export function openLedgerDigest(path: string): LedgerDigest {
  const db = new DatabaseSync(path, { readOnly: true, readBigInts: true, timeout: 5_000 });
  function tables(): string[] {
    return db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all()
      .map((row) => String(row['name']))
      .filter((name) => !EXCLUDED.has(name) && !DERIVED_PREFIXES.some((prefix) => name.startsWith(prefix)));
  }
  return {
    digest() {
      const hash = createHash('sha256');
      for (const table of tables()) {
        hash.update(`\u0000${table}\u0000`);
        // Ordered by every column, so WITHOUT ROWID tables digest the same way as the others.
        const columns = db.prepare(`PRAGMA table_info("${table}")`).all().map((column) => `"${String(column['name'])}"`);
        for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY ${columns.join(', ')}`).iterate()) hash.update(stringify(row));
      }
      return hash.digest('hex');
    },
    sizes() {
      return Object.fromEntries(tables().map((table) => [table, Number(db.prepare(`SELECT count(*) AS n FROM "${table}"`).get()?.['n'] ?? 0)]));
    },
    close: () => db.close(),
  };
}
