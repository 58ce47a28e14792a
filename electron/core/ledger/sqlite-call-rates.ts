/**
 * The shared call budgets (migration 007) in SQLite. Count and insert run in one write
 * transaction, so two processes asking at the same moment cannot both take the last call.
 */
import type { PreparedStatements } from './prepared-statements.ts';
import { requireCallBudget } from './ledger-arguments.ts';
import { integer } from './row-reader.ts';

export class SqliteCallRates {
  readonly #sql: PreparedStatements;
  readonly #transaction: <T>(work: () => T) => T;

  constructor(sql: PreparedStatements, transaction: <T>(work: () => T) => T) {
    this.#sql = sql;
    this.#transaction = transaction;
  }

  tryRecordCall(key: string, limit: number, windowMs: number, at: Date): boolean {
    requireCallBudget(limit, windowMs);
    const now = at.getTime();
    return this.#transaction(() => {
      // Every key's expired calls go, so the table holds at most one window of calls.
      this.#sql.get('DELETE FROM rate_limited_calls WHERE expires_at_ms <= ?').run(now);
      const row = this.#sql.one('SELECT COUNT(*) AS n FROM rate_limited_calls WHERE call_key = ? AND called_at_ms > ?', key, now - windowMs);
      if (integer(row ?? { n: 0n }, 'n') >= limit) return false;
      this.#sql.get('INSERT INTO rate_limited_calls (call_key, called_at_ms, expires_at_ms) VALUES (?, ?, ?)').run(key, now, now + windowMs);
      return true;
    });
  }
}
