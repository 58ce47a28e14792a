/**
 * The payments list's totals on SQLite: the count and amounts per currency of everything a
 * search finds, through the text plan its selectivity calls for. The core's own connection runs it
 * for a store that has no file of its own; otherwise the totals thread does, on a read connection
 * of its own (search-totals-thread.ts).
 */
import type { DatabaseSync } from 'node:sqlite';
import { integer, type SqlRow } from './row-reader.ts';
import { buildTotalsQuery, chooseTextPlan, totalsFromRows, TRIGRAM_MATCH_COUNT_SQL } from './search.ts';
import type { SearchFilters, SearchTotals } from './types.ts';

export function countSearchTotals(db: DatabaseSync, filters: SearchFilters): SearchTotals {
  const plan = chooseTextPlan(filters, (phrase, cap) => integer((db.prepare(TRIGRAM_MATCH_COUNT_SQL).get(phrase, cap) as SqlRow | undefined) ?? { matches: 0n }, 'matches'));
  const query = buildTotalsQuery(filters, plan);
  return totalsFromRows(db.prepare(query.sql).all(...query.params) as SqlRow[]);
}
