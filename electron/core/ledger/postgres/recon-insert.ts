/**
 * A batch of reconciliation rows in one statement: one array per column through `unnest`, so a
 * batch of thousands of rows is one round trip instead of one per row.
 */
import { optionalIsoDate } from '../row-reader.ts';
import { RECON_ROW_COLUMNS, writeReconRowValues, type ReconBindValue, type ReconRowEntry } from '../recon-queries.ts';
import type { PgSession } from './pg-session.ts';

const COLUMN_TYPES: Readonly<Record<(typeof RECON_ROW_COLUMNS)[number], string>> = {
  session_id: 'text', recon_class: 'text', reason: 'text', payment_id: 'text', line: 'bigint', gateway_transaction_id: 'text',
  merchant_reference: 'text', kind: 'text', statement_status: 'text', amount_minor: 'bigint', currency: 'text', fee_minor: 'bigint',
  net_minor: 'bigint', transaction_at: 'timestamptz', settled_at: 'timestamptz', merchant_account: 'text', ledger_amount_minor: 'bigint',
  ledger_status: 'text', ordinal: 'bigint', from_block: 'integer',
};

const INSERT_SQL = `INSERT INTO recon_rows (${RECON_ROW_COLUMNS.join(', ')})
  SELECT * FROM unnest(${RECON_ROW_COLUMNS.map((column, index) => `$${index + 1}::${COLUMN_TYPES[column]}[]`).join(', ')})`;

export async function insertReconRows(session: PgSession, sessionId: string, rows: readonly ReconRowEntry[]): Promise<void> {
  const columns: unknown[][] = RECON_ROW_COLUMNS.map(() => []);
  const values: ReconBindValue[] = [];
  for (const row of rows) {
    writeReconRowValues(values, 0, sessionId, row, optionalIsoDate);
    values.forEach((value, index) => (columns[index] as unknown[]).push(typeof value === 'bigint' ? value.toString() : value));
  }
  await session.changed(INSERT_SQL, columns);
}
