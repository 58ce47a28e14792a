/**
 * The payments list query on PostgreSQL: the filters, orders and opaque keyset cursor of
 * search.ts, so a cursor means the same on both backends, and the totals over the same filters.
 * Free text of three characters or more is a case-insensitive substring of one searched field,
 * found through the trigram index over `search_text` (migrations 3 and 13) and, when it holds a
 * space, re-checked per field (the index text joins the fields with spaces, and a phrase spanning
 * two of them must not match, as it cannot in SQLite's per-column FTS5 table). Shorter text matches field prefixes, as on SQLite. Accents
 * are matched as typed here (see migration 3). list-search.ts chooses among the plans below.
 */
import type { SearchFilters, SearchSort } from '../types.ts';
import { buildFacetDaysQuery, windowsCondition, type DayWindow } from '../list-facets.ts';
import { equalityFilters, escapeLike, orderClauses, PREFIX_COLUMNS, SEARCHED_COLUMNS, type PageCursor } from '../search.ts';

const TRIGRAM = 3;

const POSTGRES_CASTS = { amount: '::bigint', instant: '::timestamptz', id: '' } as const;

type Placeholder = (value: unknown) => string;

/** Free text the trigram index serves (three characters or more), lower case; null for none or shorter text. */
export function trigramText(filters: SearchFilters): string | null {
  const text = filters.text?.trim() ?? '';
  return [...text].length >= TRIGRAM ? text.toLowerCase() : null;
}

function filterConditions(filters: SearchFilters, next: Placeholder, withText = true): string[] {
  const conditions: string[] = [];
  const text = withText ? (filters.text?.trim() ?? '') : '';
  if (text.length > 0) {
    if ([...text].length >= TRIGRAM) {
      const pattern = next(`%${escapeLike(text.toLowerCase())}%`);
      // search_text joins the fields with spaces: only a text with a space can span two of them.
      const perField = SEARCHED_COLUMNS.map((column) => `lower(${column}) LIKE ${pattern}`).join(' OR ');
      conditions.push(text.includes(' ') ? `p.search_text LIKE ${pattern} AND (${perField})` : `p.search_text LIKE ${pattern}`);
    } else {
      // lower(x) LIKE, not ILIKE: the prefix indexes (migration 16) are over lower(x).
      const prefix = next(`${escapeLike(text.toLowerCase())}%`);
      conditions.push(`(${PREFIX_COLUMNS.map((column) => `lower(${column}) LIKE ${prefix}`).join(' OR ')})`);
    }
  }
  if (filters.statuses !== undefined && filters.statuses.length > 0) conditions.push(`p.status = ANY(${next([...filters.statuses])}::text[])`);
  for (const [name, value] of equalityFilters(filters)) conditions.push(`${name} = ${next(value)}`);
  if (filters.amountMinMinor !== undefined) conditions.push(`p.amount_minor >= ${next(filters.amountMinMinor)}`);
  if (filters.amountMaxMinor !== undefined) conditions.push(`p.amount_minor <= ${next(filters.amountMaxMinor)}`);
  // `from` inclusive, `to` exclusive, as search.ts.
  if (filters.from !== undefined) conditions.push(`p.created_at >= ${next(filters.from.toISOString())}::timestamptz`);
  if (filters.to !== undefined) conditions.push(`p.created_at < ${next(filters.to.toISOString())}::timestamptz`);
  return conditions;
}

function placeholders(): { params: unknown[]; next: Placeholder } {
  const params: unknown[] = [];
  return {
    params,
    next: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}

function whereOf(conditions: readonly string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** The days of payment_facets that hold the search's facet filters (list-facets.ts), in the list's order. */
export function buildPostgresFacetDaysQuery(filters: SearchFilters, cursor: PageCursor | null, sort: SearchSort): { sql: string; params: unknown[] } {
  const { params, next } = placeholders();
  return { sql: buildFacetDaysQuery(filters, cursor, sort, next, '::date'), params };
}

function afterCursor(sort: SearchSort, cursor: PageCursor | null, next: Placeholder): { orderBy: string; condition: string | null } {
  const order = orderClauses(sort, cursor);
  if (order.after === null) return { orderBy: order.orderBy, condition: null };
  const casts = order.keys.map((key) => `${next(key.kind === 'amount' ? key.value.toString() : key.value)}${POSTGRES_CASTS[key.kind]}`);
  return { orderBy: order.orderBy, condition: `${order.after} (${casts.join(', ')})` };
}

/**
 * The page in one query, left to the planner. `windows`: the only days that can hold the page,
 * from payment_facets, when the filters are all facets. `lookup`: the part of the free text the
 * trigram index is asked for (trigram-sample.ts), read before anything else is checked.
 */
export function buildPostgresSearchQuery(
  filters: SearchFilters,
  limit: number,
  cursor: PageCursor | null,
  sort: SearchSort = 'newest',
  windows: readonly DayWindow[] | null = null,
  lookup: string | null = null,
): { sql: string; params: unknown[] } {
  const { params, next } = placeholders();
  // OFFSET 0 keeps the planner from pushing the other conditions into the index scan: an
  // AND with the bitmap of a filter that a quarter of the ledger shares costs more than
  // checking those conditions on the rows the trigrams leave.
  const source = lookup === null ? 'payments' : `(SELECT * FROM payments WHERE search_text LIKE ${next(`%${escapeLike(lookup)}%`)} OFFSET 0)`;
  const conditions = filterConditions(filters, next);
  if (windows !== null) conditions.push(windowsCondition(windows, next, '::timestamptz'));
  const order = afterCursor(sort, cursor, next);
  if (order.condition !== null) conditions.push(order.condition);
  // The rows the trigrams leave are sorted by their keys alone, and only the page's are read whole.
  const page = `SELECT ${lookup === null ? 'p.*' : 'p.id'} FROM ${source} p ${whereOf(conditions)} ORDER BY ${order.orderBy} LIMIT ${next(limit + 1)}`;
  return { sql: lookup === null ? page : `SELECT p.* FROM payments p JOIN (${page}) page USING (id) ORDER BY ${order.orderBy}`, params };
}

/**
 * Of the first `walk` payments the other filters find, in the list's order, the page's that hold
 * the free text: the page at the cost of a short walk when the text is common among them. The
 * walk stops as soon as the page is full.
 */
export function buildPostgresWalkQuery(filters: SearchFilters, limit: number, cursor: PageCursor | null, sort: SearchSort, walk: number): { sql: string; params: unknown[] } {
  const { params, next } = placeholders();
  const conditions = filterConditions(filters, next, false);
  const order = afterCursor(sort, cursor, next);
  if (order.condition !== null) conditions.push(order.condition);
  const walked = `SELECT p.* FROM payments p ${whereOf(conditions)} ORDER BY ${order.orderBy} LIMIT ${next(walk)}`;
  return { sql: `SELECT p.* FROM (${walked}) p ${whereOf(filterConditions({ text: filters.text }, next))} ORDER BY ${order.orderBy} LIMIT ${next(limit + 1)}`, params };
}

/** Count and amount per currency over everything the filters find (search.ts's buildTotalsQuery). */
export function buildPostgresTotalsQuery(filters: SearchFilters): { sql: string; params: unknown[] } {
  const { params, next } = placeholders();
  const where = whereOf(filterConditions(filters, next));
  return { sql: `SELECT p.currency AS currency, COUNT(*) AS payments, SUM(p.amount_minor) AS amount_minor FROM payments p ${where} GROUP BY p.currency ORDER BY p.currency`, params };
}
