/**
 * The payments list query on PostgreSQL: the filters, order (newest first) and opaque keyset cursor
 * of search.ts, so a cursor means the same on both backends. Free text of three characters or more
 * is a case-insensitive substring of one searched field, found through migration 3's trigram index
 * over `search_text` and re-checked per field (the index text joins the fields, and a phrase
 * spanning two of them must not match, as it cannot in SQLite's per-column FTS5 table). Shorter
 * text matches field prefixes, as on SQLite. Accents are matched as typed here (see migration 3).
 */
import type { SearchFilters } from '../types.ts';
import { equalityFilters, escapeLike, SEARCHED_COLUMNS, type PageCursor } from '../search.ts';

const TRIGRAM = 3;

/** Short text matches prefixes of the identifiers people paste, not of the free description. */
const PREFIX_COLUMNS = SEARCHED_COLUMNS.filter((column) => column !== 'p.description');

export function buildPostgresSearchQuery(filters: SearchFilters, limit: number, cursor: PageCursor | null): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const next = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const text = filters.text?.trim() ?? '';
  if (text.length > 0) {
    if ([...text].length >= TRIGRAM) {
      const pattern = next(`%${escapeLike(text.toLowerCase())}%`);
      const perField = SEARCHED_COLUMNS.map((column) => `lower(${column}) LIKE ${pattern}`).join(' OR ');
      conditions.push(`p.search_text LIKE ${pattern} AND (${perField})`);
    } else {
      const prefix = next(`${escapeLike(text)}%`);
      conditions.push(`(${PREFIX_COLUMNS.map((column) => `${column} ILIKE ${prefix}`).join(' OR ')})`);
    }
  }
  if (filters.statuses !== undefined && filters.statuses.length > 0) conditions.push(`p.status = ANY(${next([...filters.statuses])}::text[])`);
  for (const [name, value] of equalityFilters(filters)) conditions.push(`${name} = ${next(value)}`);
  if (filters.amountMinMinor !== undefined) conditions.push(`p.amount_minor >= ${next(filters.amountMinMinor)}`);
  if (filters.amountMaxMinor !== undefined) conditions.push(`p.amount_minor <= ${next(filters.amountMaxMinor)}`);
  // `from` inclusive, `to` exclusive, as search.ts.
  if (filters.from !== undefined) conditions.push(`p.created_at >= ${next(filters.from.toISOString())}::timestamptz`);
  if (filters.to !== undefined) conditions.push(`p.created_at < ${next(filters.to.toISOString())}::timestamptz`);
  if (cursor !== null) conditions.push(`(p.created_at, p.id) < (${next(cursor.createdAt)}::timestamptz, ${next(cursor.id)})`);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return { sql: `SELECT p.* FROM payments p ${where} ORDER BY p.created_at DESC, p.id DESC LIMIT ${next(limit + 1)}`, params };
}
