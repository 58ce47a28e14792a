/**
 * A batch of reconciliation rows on SQLite: ROWS_PER_STATEMENT rows to a statement, their values
 * written into one reused parameter array (binding a statement per row was a third of saving a
 * million rows). Placeholders are plain `?`: node:sqlite binds numbered ones (`?NNN`) several
 * times slower.
 */
import type { StatementSync } from 'node:sqlite';
import { optionalIsoDate } from './row-reader.ts';
import { RECON_ROW_COLUMNS, writeReconRowValues, type ReconBindValue, type ReconRowEntry } from './recon-queries.ts';

/** 20 columns × 50 rows = 1,000 parameters, well under SQLite's limit of 32,766. */
const ROWS_PER_STATEMENT = 50;
const COLUMN_COUNT = RECON_ROW_COLUMNS.length;

function insertSql(rows: number): string {
  const tuple = `(${RECON_ROW_COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO recon_rows (${RECON_ROW_COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
}

export class SqliteReconInsert {
  readonly #many: StatementSync;
  readonly #one: StatementSync;
  readonly #manyValues: ReconBindValue[] = new Array<ReconBindValue>(ROWS_PER_STATEMENT * COLUMN_COUNT);
  readonly #oneValues: ReconBindValue[] = new Array<ReconBindValue>(COLUMN_COUNT);

  constructor(prepare: (sql: string) => StatementSync) {
    this.#many = prepare(insertSql(ROWS_PER_STATEMENT));
    this.#one = prepare(insertSql(1));
  }

  /** Inserts the rows; the caller holds the transaction. */
  insert(sessionId: string, rows: readonly ReconRowEntry[]): void {
    const many = this.#manyValues;
    let at = 0;
    for (; at + ROWS_PER_STATEMENT <= rows.length; at += ROWS_PER_STATEMENT) {
      for (let offset = 0; offset < ROWS_PER_STATEMENT; offset += 1) writeReconRowValues(many, offset * COLUMN_COUNT, sessionId, rows[at + offset] as ReconRowEntry, optionalIsoDate);
      this.#many.run(...many);
    }
    for (; at < rows.length; at += 1) {
      writeReconRowValues(this.#oneValues, 0, sessionId, rows[at] as ReconRowEntry, optionalIsoDate);
      this.#one.run(...this.#oneValues);
    }
  }
}
