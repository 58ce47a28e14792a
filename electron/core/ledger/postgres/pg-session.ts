/**
 * What the PostgreSQL query modules run on: the unit of work's connection when one is open in
 * this async context, the pool otherwise.
 */
import type { SqlRow } from '../row-reader.ts';

export interface PgSession {
  /** True inside a unit of work: reads of a payment or mandate take its row lock (FOR UPDATE). */
  readonly inUnit: boolean;
  /** This ledger's id in change announcements, so it can ignore its own. */
  readonly writer: string;
  rows(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  /** Rows changed (INSERT … ON CONFLICT DO NOTHING, UPDATE, DELETE). */
  changed(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs `work` as one unit of work, joining the one in progress. */
  atomic<T>(work: (session: PgSession) => Promise<T>): Promise<T>;
  /**
   * Runs a statement that may break a constraint. Inside a unit of work it runs under a savepoint:
   * PostgreSQL aborts the whole transaction on an error, and a caller that catches the
   * ConflictError must be able to go on, as it can on SQLite.
   */
  guarded<T>(work: () => Promise<T>): Promise<T>;
  /** Counts the root unit's audit appends, so the anchor moves after its commit. */
  auditAppended(): void;
}

export async function one(session: PgSession, sql: string, params?: readonly unknown[]): Promise<SqlRow | null> {
  return (await session.rows(sql, params))[0] ?? null;
}

/** A patch's columns as `name = $n`, numbered from `first`; undefined leaves a column alone, null clears it. */
export function setClause(columns: Record<string, unknown>, first: number): { sql: string; params: unknown[] } {
  const names = Object.keys(columns).filter((name) => columns[name] !== undefined);
  return { sql: names.map((name, index) => `${name} = $${first + index}`).join(', '), params: names.map((name) => columns[name]) };
}

export const CHANGE_CHANNEL = 'ledger_payment_changes';

/** The SQL expression that announces a change of payment `paymentIdSql`; delivered on commit. */
export function announce(paymentIdSql: string, writerParam: string): string {
  return `pg_notify('${CHANGE_CHANNEL}', json_build_object('paymentId', ${paymentIdSql}, 'writer', ${writerParam}::text)::text)`;
}
