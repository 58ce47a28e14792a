/**
 * The payments list query: filters, free text and keyset pagination, newest first. Keyset (not
 * OFFSET) so that page 500 costs what page 1 costs and rows arriving meanwhile neither repeat
 * nor vanish between pages.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { ValidationError } from '../errors.ts';
import type { SearchFilters } from './types.ts';

export interface PageCursor {
  readonly createdAt: string;
  readonly id: string;
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
export const SEARCHED_COLUMNS = ['p.id', 'p.merchant_reference', 'p.gateway_transaction_id', 'p.customer_email', 'p.card_last4', 'p.description'] as const;

/** The folding the trigram index applies (case, accents), so the row-by-row plan agrees with it. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
}

/** Registers the row-by-row matcher on a connection; every connection that searches needs it. */
export function registerSearchFunctions(db: DatabaseSync): void {
  db.function(TEXT_MATCH_FUNCTION, { deterministic: true, varargs: true }, (needle, ...haystacks) => {
    if (typeof needle !== 'string') return 0;
    return haystacks.some((haystack) => typeof haystack === 'string' && foldForSearch(haystack).includes(needle)) ? 1 : 0;
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
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): PageCursor {
  const invalid = new ValidationError('The page cursor is not valid; start the search again.', { cursor: 'Not a cursor this ledger issued' });
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid;
  const [createdAt, id] = decoded as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt))) throw invalid;
  return { createdAt, id };
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
    return 'p.seq IN (SELECT rowid FROM payment_search WHERE payment_search MATCH ?)';
  }
  const prefix = likePrefix(text);
  const columns = ['p.id', 'p.merchant_reference', 'p.gateway_transaction_id', 'p.customer_email', 'p.card_last4'];
  params.push(...columns.map(() => prefix));
  return `(${columns.map((name) => `${name} LIKE ? ESCAPE '\\'`).join(' OR ')})`;
}

/** The filters that are one column equal to one value, as (column, value) pairs, for both backends. */
export function equalityFilters(filters: SearchFilters): Array<[string, string]> {
  const equalities: Array<[string, string | undefined]> = [
    ['p.gateway_id', filters.gatewayId],
    ['p.profile_id', filters.profileId],
    ['p.kind', filters.kind],
    ['p.currency', filters.currency],
    ['p.gateway_code', filters.gatewayCode],
  ];
  return equalities.filter((pair): pair is [string, string] => pair[1] !== undefined);
}

/**
 * Builds the page query. `from` is inclusive and `to` exclusive, so consecutive ranges
 * ([Monday, Tuesday), [Tuesday, Wednesday)) neither overlap nor leave a gap. Asks for one row
 * more than the page to learn whether another page follows.
 */
export function buildSearchQuery(filters: SearchFilters, limit: number, cursor: PageCursor | null, textPlan: TextPlan = 'trigram-index'): SearchQuery {
  const conditions: string[] = [];
  const params: SQLInputValue[] = [];
  const text = filters.text?.trim() ?? '';
  if (text.length > 0) conditions.push(textCondition(text, textPlan, params));
  if (filters.statuses !== undefined && filters.statuses.length > 0) {
    conditions.push(`p.status IN (${filters.statuses.map(() => '?').join(', ')})`);
    params.push(...filters.statuses);
  }
  for (const [name, value] of equalityFilters(filters)) {
    conditions.push(`${name} = ?`);
    params.push(value);
  }
  if (filters.amountMinMinor !== undefined) {
    conditions.push('p.amount_minor >= ?');
    params.push(filters.amountMinMinor);
  }
  if (filters.amountMaxMinor !== undefined) {
    conditions.push('p.amount_minor <= ?');
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
  if (cursor !== null) {
    conditions.push('(p.created_at, p.id) < (?, ?)');
    params.push(cursor.createdAt, cursor.id);
  }
  params.push(BigInt(limit) + 1n);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return { sql: `SELECT p.* FROM payments p ${where} ORDER BY p.created_at DESC, p.id DESC LIMIT ?`, params };
}
