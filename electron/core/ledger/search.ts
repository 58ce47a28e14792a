/**
 * The payments list query: filters, free text and keyset pagination in the list's order (newest
 * first unless the operator sorts otherwise), and the totals over the same filters. Keyset (not
 * OFFSET) so that page 500 costs what page 1 costs and rows arriving meanwhile neither repeat
 * nor vanish between pages.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { ValidationError } from '../errors.ts';
import type { SearchFilters, SearchSort, SearchTotals } from './types.ts';

/** Where a page ended, in the sort's own keys; `amountMinor` only for the amount orders. */
export interface PageCursor {
  readonly createdAt: string;
  readonly id: string;
  readonly amountMinor?: string | undefined;
}

/** The columns a sort orders by (each ends in the id, so no two rows tie) and its direction. */
export interface SortOrder {
  readonly columns: readonly string[];
  readonly descending: boolean;
}

export function sortOrder(sort: SearchSort): SortOrder {
  switch (sort) {
    case 'newest':
      return { columns: ['p.created_at', 'p.id'], descending: true };
    case 'oldest':
      return { columns: ['p.created_at', 'p.id'], descending: false };
    case 'amount_desc':
      return { columns: ['p.amount_minor', 'p.created_at', 'p.id'], descending: true };
    case 'amount_asc':
      return { columns: ['p.amount_minor', 'p.created_at', 'p.id'], descending: false };
  }
}

export function isAmountSort(sort: SearchSort): boolean {
  return sort === 'amount_desc' || sort === 'amount_asc';
}

/** A cursor's value with what it is, for the backends that must cast it. */
export interface CursorKey {
  readonly value: string | bigint;
  readonly kind: 'amount' | 'instant' | 'id';
}

/** ORDER BY and the keyset condition of a sort, with the cursor's keys in the columns' order. */
export function orderClauses(sort: SearchSort, cursor: PageCursor | null): { orderBy: string; after: string | null; keys: CursorKey[] } {
  const order = sortOrder(sort);
  const direction = order.descending ? 'DESC' : 'ASC';
  const orderBy = order.columns.map((column) => `${column} ${direction}`).join(', ');
  if (cursor === null) return { orderBy, after: null, keys: [] };
  if (isAmountSort(sort) !== (cursor.amountMinor !== undefined)) throw invalidCursor();
  const keys: CursorKey[] = [
    { value: cursor.createdAt, kind: 'instant' },
    { value: cursor.id, kind: 'id' },
  ];
  if (cursor.amountMinor !== undefined) keys.unshift({ value: BigInt(cursor.amountMinor), kind: 'amount' });
  return { orderBy, after: `(${order.columns.join(', ')}) ${order.descending ? '<' : '>'}`, keys };
}

/** The cursor after `row` for `sort`. */
export function cursorAfter(row: { readonly createdAt: Date; readonly id: string; readonly amountMinor: bigint }, sort: SearchSort): string {
  return encodeCursor({ createdAt: row.createdAt.toISOString(), id: row.id, amountMinor: isAmountSort(sort) ? row.amountMinor.toString() : undefined });
}

export interface SearchQuery {
  readonly sql: string;
  readonly params: SQLInputValue[];
}

/** The trigram index cannot answer fewer than three characters; shorter text matches id prefixes. */
const TRIGRAM = 3;

/**
 * How the free text is matched. Through the trigram index when the text is rare: the matches are
 * fetched and sorted, which is cheap for a few thousand. Row by row along the list order when it
 * is common ("example.com"): the first page fills after a few hundred rows, whereas fetching and
 * sorting a million index matches would take seconds. Both plans match the same payments.
 */
export type TextPlan = 'trigram-index' | 'row-scan';

/** Above this many trigram matches, walking the list order is the faster plan (measured on 1M rows). */
export const TRIGRAM_PLAN_MAX_MATCHES = 4_000;

/** A registered function: whether any of its text arguments holds the (folded) first one. */
export const TEXT_MATCH_FUNCTION = 'ledger_text_contains';

/** The fields free text is looked for in (a substring of one of them), on both backends. */
export const SEARCHED_COLUMNS = ['p.id', 'p.merchant_reference', 'p.gateway_transaction_id', 'p.customer_email', 'p.card_last4', 'p.description', 'p.customer_name', 'p.card_holder'] as const;

/** Text too short for trigrams matches prefixes of the identifiers people paste, not of names or descriptions. */
export const PREFIX_COLUMNS = ['p.id', 'p.merchant_reference', 'p.gateway_transaction_id', 'p.customer_email', 'p.card_last4'] as const;

/** The folding the trigram index applies (case, accents), so the row-by-row plan agrees with it. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
}

const NOT_ASCII = /[^\p{ASCII}]/u;

/** foldForSearch, without decomposing text that has nothing to decompose (most ids and references): the matcher runs once per row. */
function foldFast(text: string): string {
  return NOT_ASCII.test(text) ? foldForSearch(text) : text.toLowerCase();
}

/** Registers the row-by-row matcher on a connection; every connection that searches needs it. */
export function registerSearchFunctions(db: DatabaseSync): void {
  db.function(TEXT_MATCH_FUNCTION, { deterministic: true, varargs: true }, (needle, ...haystacks) => {
    if (typeof needle !== 'string') return 0;
    return haystacks.some((haystack) => typeof haystack === 'string' && foldFast(haystack).includes(needle)) ? 1 : 0;
  });
}

/** Counts an FTS table's trigram matches up to `limit`, to choose the plan without paying for a full count. */
export function trigramMatchCountSql(ftsTable: 'payment_search' | 'audit_search'): string {
  return `SELECT COUNT(*) AS matches FROM (SELECT 1 FROM ${ftsTable} WHERE ${ftsTable} MATCH ? LIMIT ?)`;
}

export const TRIGRAM_MATCH_COUNT_SQL = trigramMatchCountSql('payment_search');

/** Picks the text plan from a capped count of the text's trigram matches. */
export function chooseTextPlan(filters: { readonly text?: string | undefined }, countTrigramMatches: (phrase: string, cap: number) => number): TextPlan {
  const text = filters.text?.trim() ?? '';
  if ([...text].length < TRIGRAM) return 'trigram-index';
  const cap = TRIGRAM_PLAN_MAX_MATCHES + 1;
  return countTrigramMatches(ftsPhrase(text), cap) >= cap ? 'row-scan' : 'trigram-index';
}

export function encodeCursor(cursor: PageCursor): string {
  const keys = cursor.amountMinor === undefined ? [cursor.createdAt, cursor.id] : [cursor.createdAt, cursor.id, cursor.amountMinor];
  return Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');
}

function invalidCursor(): ValidationError {
  return new ValidationError('The page cursor is not valid; start the search again.', { cursor: 'Not a cursor this ledger issued' });
}

export function decodeCursor(cursor: string): PageCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(decoded) || (decoded.length !== 2 && decoded.length !== 3)) throw invalidCursor();
  const [createdAt, id, amountMinor] = decoded as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt))) throw invalidCursor();
  if (amountMinor !== undefined && (typeof amountMinor !== 'string' || !/^\d{1,20}$/.test(amountMinor))) throw invalidCursor();
  return { createdAt, id, amountMinor };
}

/** A phrase query: the whole text as one substring, with FTS5's own quoting. */
export function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** The text with LIKE's wildcards taken literally (the query says `ESCAPE '\\'`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function likePrefix(text: string): string {
  return `${escapeLike(text)}%`;
}

function textCondition(text: string, plan: TextPlan, params: SQLInputValue[]): string {
  if ([...text].length >= TRIGRAM) {
    if (plan === 'row-scan') {
      params.push(foldForSearch(text));
      return `${TEXT_MATCH_FUNCTION}(?, ${SEARCHED_COLUMNS.join(', ')})`;
    }
    params.push(ftsPhrase(text));
    return 'p.list_key IN (SELECT rowid FROM payment_search WHERE payment_search MATCH ?)';
  }
  return prefixCondition(text, params);
}

/** One or two characters: the start of one of the identifiers (LIKE, so ASCII letters in either case). */
export function prefixCondition(text: string, params: SQLInputValue[]): string {
  const prefix = likePrefix(text);
  params.push(...PREFIX_COLUMNS.map(() => prefix));
  return `(${PREFIX_COLUMNS.map((name) => `${name} LIKE ? ESCAPE '\\'`).join(' OR ')})`;
}

/** The filters that are one column equal to one value, as (column, value) pairs, for both backends. */
export function equalityFilters(filters: SearchFilters): Array<[string, string]> {
  const equalities: Array<[string, string | undefined]> = [
    ['p.gateway_id', filters.gatewayId],
    ['p.profile_id', filters.profileId],
    ['p.environment', filters.environment],
    ['p.method', filters.method],
    ['p.kind', filters.kind],
    ['p.currency', filters.currency],
    ['p.gateway_code', filters.gatewayCode],
  ];
  return equalities.filter((pair): pair is [string, string] => pair[1] !== undefined);
}

/**
 * How the other filters are written when a plan reads a given index: `text: false` leaves the text
 * to the plan; `amountIndex: false` writes the amount bounds so no index is read for them (a wide
 * range is faster walked along the list than read from the amount index and sorted).
 */
export interface ConditionOptions {
  readonly text?: boolean;
  readonly amountIndex?: boolean;
}

/** The WHERE clause of the filters (the page, the totals and the plans read it). */
export function filterConditions(filters: SearchFilters, textPlan: TextPlan, params: SQLInputValue[], options: ConditionOptions = {}): string[] {
  const conditions: string[] = [];
  const text = filters.text?.trim() ?? '';
  if (text.length > 0 && options.text !== false) conditions.push(textCondition(text, textPlan, params));
  if (filters.statuses !== undefined && filters.statuses.length > 0) {
    conditions.push(`p.status IN (${filters.statuses.map(() => '?').join(', ')})`);
    params.push(...filters.statuses);
  }
  for (const [name, value] of equalityFilters(filters)) {
    conditions.push(`${name} = ?`);
    params.push(value);
  }
  const amount = options.amountIndex === false ? '+p.amount_minor' : 'p.amount_minor';
  if (filters.amountMinMinor !== undefined) {
    conditions.push(`${amount} >= ?`);
    params.push(filters.amountMinMinor);
  }
  if (filters.amountMaxMinor !== undefined) {
    conditions.push(`${amount} <= ?`);
    params.push(filters.amountMaxMinor);
  }
  if (filters.from !== undefined) {
    conditions.push('p.created_at >= ?');
    params.push(filters.from.toISOString());
  }
  if (filters.to !== undefined) {
    conditions.push('p.created_at < ?');
    params.push(filters.to.toISOString());
  }
  return conditions;
}

export function whereOf(conditions: readonly string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/**
 * Builds the page query. `from` is inclusive and `to` exclusive, so consecutive ranges
 * ([Monday, Tuesday), [Tuesday, Wednesday)) neither overlap nor leave a gap. Asks for one row
 * more than the page to learn whether another page follows.
 */
export function buildSearchQuery(filters: SearchFilters, limit: number, cursor: PageCursor | null, textPlan: TextPlan = 'trigram-index', sort: SearchSort = 'newest'): SearchQuery {
  const params: SQLInputValue[] = [];
  const conditions = filterConditions(filters, textPlan, params);
  const order = orderClauses(sort, cursor);
  if (order.after !== null) {
    conditions.push(`${order.after} (${order.keys.map(() => '?').join(', ')})`);
    params.push(...order.keys.map((key) => key.value));
  }
  params.push(BigInt(limit) + 1n);
  return { sql: `SELECT p.* FROM payments p ${whereOf(conditions)} ORDER BY ${order.orderBy} LIMIT ?`, params };
}

/**
 * The reference plan: every payment read and every filter, the text included, checked row by row
 * (no index, no trigram). Slow by design; the planned queries must find exactly what it finds
 * (the tests and the search bench compare them).
 */
export function buildScanQuery(filters: SearchFilters, limit: number, cursor: PageCursor | null, sort: SearchSort = 'newest'): SearchQuery {
  const query = buildSearchQuery(filters, limit, cursor, 'row-scan', sort);
  return { sql: query.sql.replace('FROM payments p ', 'FROM payments p NOT INDEXED '), params: query.params };
}

/** Count and amount per currency over everything the filters find: one aggregate, never summed across currencies. */
export function buildTotalsQuery(filters: SearchFilters, textPlan: TextPlan = 'trigram-index'): SearchQuery {
  const params: SQLInputValue[] = [];
  const conditions = filterConditions(filters, textPlan, params);
  return { sql: `SELECT p.currency AS currency, COUNT(*) AS payments, SUM(p.amount_minor) AS amount_minor FROM payments p ${whereOf(conditions)} GROUP BY p.currency ORDER BY p.currency`, params };
}

/** The totals query's rows (currency, payments, amount_minor) as the port's totals; the drivers give numbers or bigints. */
export function totalsFromRows(rows: ReadonlyArray<Readonly<Record<string, unknown>>>): SearchTotals {
  const currencies = rows.map((row) => ({ currency: String(row['currency']), count: Number(row['payments']), amountMinor: BigInt(row['amount_minor'] as bigint | number | string) }));
  return { count: currencies.reduce((sum, entry) => sum + entry.count, 0), currencies };
}
