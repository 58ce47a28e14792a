/**
 * Prepared statements kept by their SQL text: each query is compiled once per connection, and the
 * ledger and its audit log share the cache of the one connection they write through.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { SqlRow } from './row-reader.ts';

export class PreparedStatements {
  readonly #db: DatabaseSync;
  readonly #cache = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get(sql: string): StatementSync {
    let statement = this.#cache.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#cache.set(sql, statement);
    }
    return statement;
  }

  one(sql: string, ...params: SQLInputValue[]): SqlRow | null {
    return (this.get(sql).get(...params) as SqlRow | undefined) ?? null;
  }

  all(sql: string, ...params: SQLInputValue[]): SqlRow[] {
    return this.get(sql).all(...params) as SqlRow[];
  }
}
