/**
 * The wire log's statements for both backends (`?` placeholders, see dialect-sql.ts).
 *
 * An exchange that repeats the payment's last logged one — the same operation, method, URL,
 * request body, answer status, answer body and error — is counted on that entry (`repeats`,
 * `last_at`) instead of logged again: a payment left pending is asked its status every few minutes
 * for days, and the gateway answers alike each time. Headers are not compared: they carry the
 * request's own date and signature, which differ on every call while saying nothing new.
 */
import type { WireRecord } from '../http/http-client.ts';
import { inDialect, type SqlDb } from './dialect-sql.ts';
import { integer } from './row-reader.ts';
import { wireFromRow } from './row-mappers.ts';
import type { WireCursor, WireLogPage } from './types.ts';

type Dialect = SqlDb['dialect'];

/** Null-safe equality in each dialect. */
const same = (dialect: Dialect) => (dialect === 'postgres' ? 'IS NOT DISTINCT FROM' : 'IS');

export function wireRepeatSql(dialect: Dialect): string {
  const is = same(dialect);
  return inDialect(
    dialect,
    `UPDATE wire_log SET repeats = repeats + 1, last_at = ?
     WHERE seq = (SELECT seq FROM wire_log WHERE payment_id = ? ORDER BY at DESC, seq DESC LIMIT 1)
       AND at <= ? AND gateway_id = ? AND operation_id ${is} ? AND method = ? AND url = ? AND request_body ${is} ?
       AND response_status ${is} ? AND response_body ${is} ? AND error ${is} ?`,
  );
}

/** The repeat statement's parameters; an exchange that concerns no payment is never a repeat. */
export function wireRepeatParams(entry: WireRecord): unknown[] | null {
  if (entry.paymentId === null) return null;
  const at = entry.at.toISOString();
  return [at, entry.paymentId, at, entry.gatewayId, entry.operationId, entry.method, entry.url, entry.requestBody, entry.responseStatus, entry.responseBody, entry.error];
}

export function wirePageSql(dialect: Dialect, from: boolean): string {
  return inDialect(
    dialect,
    `SELECT * FROM wire_log WHERE payment_id = ?${from ? ' AND (at, seq) < (?, ?)' : ''} ORDER BY at DESC, seq DESC LIMIT ?`,
  );
}

export function wirePageParams(paymentId: string, limit: number, before: WireCursor | null): unknown[] {
  return before === null ? [paymentId, limit + 1] : [paymentId, before.at.toISOString(), before.seq, limit + 1];
}

/** Rows of a page query asked for `limit + 1`: the page, and where the next one starts if there is one. */
export function wirePageOf(rows: readonly Parameters<typeof wireFromRow>[0][], limit: number): WireLogPage {
  const entries = rows.slice(0, limit).map(wireFromRow);
  const last = entries.at(-1);
  return { entries, next: rows.length > limit && last !== undefined ? { at: last.at, seq: last.seq } : null };
}

export const WIRE_COUNT_SQL = 'SELECT count(*) AS n FROM wire_log WHERE payment_id = ?';

export function wireCountOf(rows: readonly Parameters<typeof integer>[0][]): number {
  const row = rows[0];
  return row === undefined ? 0 : integer(row, 'n');
}
