/**
 * The days that hold payments of a combination of the list's equality filters, read from
 * `payment_facets` (migration 16) on either backend. Two or more such filters have no index of
 * their own together: walking one filter's index and checking the others row by row reads every
 * payment of that filter when the combination is rare or absent (Sayswitch in EUR). The counts
 * say at once that nothing matches, or which days to read.
 */
import type { SearchFilters, SearchSort } from './types.ts';
import { equalityFilters, type PageCursor } from './search.ts';

/** The filters payment_facets counts by: every equality filter but the gateway's code, and the statuses. */
function facetFilters(filters: SearchFilters): Array<[string, readonly string[]]> {
  const pairs: Array<[string, readonly string[]]> = equalityFilters(filters)
    .filter(([column]) => column !== 'p.gateway_code')
    .map(([column, value]) => [column.slice(2), [value]]);
  if (filters.statuses !== undefined && filters.statuses.length > 0) pairs.push(['status', filters.statuses]);
  return pairs;
}

/** Whether the filters combine two or more facets, the case one filter's index does not answer. */
export function combinesFacets(filters: SearchFilters): boolean {
  return facetFilters(filters).length >= 2;
}

/** Whether the facets (and the period) are all the filters, so the page lies within the days that hold them. */
export function facetsOnly(filters: SearchFilters): boolean {
  const text = filters.text?.trim() ?? '';
  return text.length === 0 && filters.amountMinMinor === undefined && filters.amountMaxMinor === undefined && filters.gatewayCode === undefined;
}

const dayOf = (instant: string | Date) => (typeof instant === 'string' ? instant : instant.toISOString()).slice(0, 10);

/**
 * The days holding matches, newest first for the newest order (oldest first for the oldest), from
 * the filters' own period and the cursor's day on; `next` writes a placeholder in the dialect.
 */
export function buildFacetDaysQuery(filters: SearchFilters, cursor: PageCursor | null, sort: SearchSort, next: (value: unknown) => string, dayCast = ''): string {
  const conditions = facetFilters(filters).map(([column, values]) => (values.length === 1 ? `${column} = ${next(values[0])}` : `${column} IN (${values.map((value) => next(value)).join(', ')})`));
  if (filters.from !== undefined) conditions.push(`day >= ${next(dayOf(filters.from))}${dayCast}`);
  if (filters.to !== undefined) conditions.push(`day <= ${next(dayOf(filters.to))}${dayCast}`);
  const oldestFirst = sort === 'oldest';
  if (cursor !== null && (sort === 'newest' || oldestFirst)) conditions.push(`day ${oldestFirst ? '>=' : '<='} ${next(dayOf(cursor.createdAt))}${dayCast}`);
  const day = dayCast === '' ? 'day' : "to_char(day, 'YYYY-MM-DD')";
  return `SELECT ${day} AS day, SUM(payments) AS payments FROM payment_facets WHERE ${conditions.join(' AND ')} GROUP BY day HAVING SUM(payments) > 0 ORDER BY day ${oldestFirst ? 'ASC' : 'DESC'}`;
}

/** A period [from, to) of whole days, as the instants the list compares created_at with. */
export interface DayWindow {
  readonly from: string;
  readonly to: string;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The days that hold the page: in the list's order, until they hold `needed` payments (fewer if
 * the counts run out). The counts cover the facet filters only, so the page lies within these
 * days exactly when the facet filters are all the filters there are. A day the search takes only
 * part of counts for nothing: the cursor's (the pages before may have shown any part of it) and
 * the days the period starts and ends in.
 */
export function daysHolding(rows: Iterable<{ readonly day: unknown; readonly payments: unknown }>, needed: number, filters: SearchFilters, cursor: PageCursor | null): string[] {
  const partial = new Set([cursor?.createdAt, filters.from, filters.to].filter((instant) => instant !== undefined).map((instant) => dayOf(instant)));
  const days: string[] = [];
  let held = 0;
  for (const row of rows) {
    const day = String(row.day);
    days.push(day);
    if (!partial.has(day)) held += Number(row.payments);
    if (held >= needed) break;
  }
  return days;
}

/** The days as periods, neighbouring days joined into one. */
export function dayWindows(days: readonly string[]): DayWindow[] {
  const sorted = [...days].sort();
  const windows: Array<{ from: string; to: string }> = [];
  for (const day of sorted) {
    const last = windows[windows.length - 1];
    if (last !== undefined && last.to === day) last.to = nextDay(day);
    else windows.push({ from: day, to: nextDay(day) });
  }
  return windows.map((window) => ({ from: `${window.from}T00:00:00.000Z`, to: `${window.to}T00:00:00.000Z` }));
}

/** created_at within one of the windows; `next` writes a placeholder, `cast` what the dialect needs. */
export function windowsCondition(windows: readonly DayWindow[], next: (value: unknown) => string, cast = ''): string {
  return `(${windows.map((window) => `(p.created_at >= ${next(window.from)}${cast} AND p.created_at < ${next(window.to)}${cast})`).join(' OR ')})`;
}
