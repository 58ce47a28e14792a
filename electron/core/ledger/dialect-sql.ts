/**
 * Statements written once for both backends: `?` placeholders, numbered for PostgreSQL; times go
 * in as ISO text, which both compare and store as instants.
 */
import type { SqlRow } from './row-reader.ts';

/** What a repository written for both backends runs its statements on. */
export interface SqlDb {
  readonly dialect: 'sqlite' | 'postgres';
  rows(sql: string, params: readonly unknown[]): Promise<SqlRow[]>;
  changed(sql: string, params: readonly unknown[]): Promise<number>;
  /**
   * A write of bookkeeping that the journal can rebuild (a batch row's progress): committed
   * without waiting for the disk. A crash of this process never loses it (it has reached the
   * operating system when this answers); a power cut may, until the next write that waits for the
   * disk, which makes it durable with itself. Inside a transaction it is that transaction's.
   */
  changedUnflushed(sql: string, params: readonly unknown[]): Promise<number>;
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${(n += 1)}`);
}

/** The statement as `dialect` takes its placeholders. */
export function inDialect(dialect: SqlDb['dialect'], sql: string): string {
  return dialect === 'postgres' ? numbered(sql) : sql;
}

/**
 * That `column` is one of a list of texts bound as the statement's first parameter: a JSON array
 * read by json_each on SQLite (which binds no arrays), a text[] on PostgreSQL. `textListParam`
 * binds the list so.
 */
export function inTextList(dialect: SqlDb['dialect'], column: string): string {
  return dialect === 'sqlite' ? `${column} IN (SELECT value FROM json_each(?))` : `${column} = ANY($1::text[])`;
}

export function textListParam(dialect: SqlDb['dialect'], values: readonly string[]): string | readonly string[] {
  return dialect === 'sqlite' ? JSON.stringify(values) : values;
}
