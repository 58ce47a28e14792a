/**
 * The audit log's search, written once for both backends: the filters, the order (newest first,
 * by seq, which is also the chain's order) and the keyset cursor (entries before a seq) mean the
 * same on SQLite and PostgreSQL. Each filter column has an index ending in seq (migration 13), so
 * the first page of a filter costs what its matches cost, not what the log costs.
 *
 * Free text of three characters or more goes through a trigram index: SQLite's FTS5 table kept
 * by an insert trigger (the log is append-only, so nothing else changes it) when the text is rare,
 * the log walked newest first when it is common (the payments search's two plans), PostgreSQL's pg_trgm
 * index over the joined fields, re-checked per field so that a phrase spanning two fields matches
 * on neither backend. Shorter text is looked for field by field. SQLite's index folds accents and
 * PostgreSQL's cannot (see migration 3), so there accents match as typed.
 */
import { requirePageSize } from './ledger-arguments.ts';
import { auditFromRow } from './row-mappers.ts';
import type { SqlRow } from './row-reader.ts';
import { escapeLike, foldForSearch, ftsPhrase, TEXT_MATCH_FUNCTION, type TextPlan } from './search.ts';
import type { AuditFilter, AuditPage } from './types.ts';

export type AuditSearchDialect = 'sqlite' | 'postgres';

const TRIGRAM = 3;

/** The fields free text is looked for in, in the order of the SQLite FTS table's columns. */
export const AUDIT_SEARCHED_COLUMNS = ['operator', 'origin', 'action', 'target_id', 'outcome', 'details'] as const;

/**
 * The text PostgreSQL's trigram index covers (migration 13): the same expression, character for
 * character, or the planner cannot use the index.
 */
export const AUDIT_SEARCH_TEXT_SQL = "lower(operator || ' ' || origin || ' ' || action || ' ' || coalesce(target_id, '') || ' ' || outcome || ' ' || details)";

export interface AuditSearchQuery {
  readonly sql: string;
  readonly params: unknown[];
}

function textCondition(text: string, dialect: AuditSearchDialect, plan: TextPlan, bind: (value: unknown) => string): string {
  const columns = AUDIT_SEARCHED_COLUMNS;
  if ([...text].length < TRIGRAM) {
    const pattern = bind(`%${escapeLike(text)}%`);
    const like = dialect === 'sqlite' ? 'LIKE' : 'ILIKE';
    return `(${columns.map((column) => `${column} ${like} ${pattern} ESCAPE '\\'`).join(' OR ')})`;
  }
  if (dialect === 'sqlite') {
    // Text most entries hold ("customer") fills a page within the first few hundred entries walked
    // newest first; fetching and sorting every index match would read the whole log (search.ts).
    if (plan === 'row-scan') return `${TEXT_MATCH_FUNCTION}(${bind(foldForSearch(text))}, ${columns.join(', ')})`;
    return `seq IN (SELECT rowid FROM audit_search WHERE audit_search MATCH ${bind(ftsPhrase(text))})`;
  }
  const pattern = bind(`%${escapeLike(text.toLowerCase())}%`);
  return `${AUDIT_SEARCH_TEXT_SQL} LIKE ${pattern} AND (${columns.map((column) => `lower(${column}) LIKE ${pattern}`).join(' OR ')})`;
}

function listCondition(column: string, values: readonly string[], dialect: AuditSearchDialect, bind: (value: unknown) => string): string {
  return dialect === 'sqlite' ? `${column} IN (${values.map((value) => bind(value)).join(', ')})` : `${column} = ANY(${bind([...values])}::text[])`;
}

/**
 * One page of entries matching `filter`, before `beforeSeq` when given. Asks for one entry more
 * than the page to learn whether another page follows. Times are bound as ISO text, which SQLite
 * stores and compares as written and PostgreSQL reads as an instant.
 */
export function buildAuditSearchQuery(dialect: AuditSearchDialect, filter: AuditFilter, limit: number, beforeSeq: number | null, textPlan: TextPlan = 'trigram-index'): AuditSearchQuery {
  requirePageSize('Audit log', limit);
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    // Numbered on both, so one value can be used in several places (the text in every field).
    return dialect === 'sqlite' ? `?${params.length}` : `$${params.length}`;
  };
  const instant = (at: Date): string => (dialect === 'sqlite' ? bind(at.toISOString()) : `${bind(at.toISOString())}::timestamptz`);
  const conditions: string[] = [];
  const text = filter.text?.trim() ?? '';
  if (text !== '') conditions.push(textCondition(text, dialect, textPlan, bind));
  if (filter.operator !== undefined) conditions.push(`operator = ${bind(filter.operator)}`);
  if (filter.actions !== undefined && filter.actions.length > 0) conditions.push(listCondition('action', filter.actions, dialect, bind));
  if (filter.targetId !== undefined) conditions.push(`target_id = ${bind(filter.targetId)}`);
  if (filter.outcomes !== undefined && filter.outcomes.length > 0) conditions.push(listCondition('outcome', filter.outcomes, dialect, bind));
  if (filter.from !== undefined) conditions.push(`at >= ${instant(filter.from)}`);
  if (filter.to !== undefined) conditions.push(`at < ${instant(filter.to)}`);
  if (beforeSeq !== null) conditions.push(`seq < ${bind(beforeSeq)}`);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return { sql: `SELECT * FROM audit_log ${where} ORDER BY seq DESC LIMIT ${bind(limit + 1)}`, params };
}

/** The page from what the query found (one entry more than the page when another page follows). */
export function auditPageFrom(found: readonly SqlRow[], limit: number): AuditPage {
  const entries = found.slice(0, limit).map(auditFromRow);
  const last = entries[entries.length - 1];
  return { entries, nextBeforeSeq: found.length > limit && last !== undefined ? last.seq : null };
}
