/**
 * The payments list's page on PostgreSQL, read through the plan each search calls for, so that
 * no first page depends on a guess of the planner's about free text (its estimate for
 * `LIKE '%…%'` is blind to where the matches lie: `MOTO-202507` over 1,000,000 payments took
 * 0.3–0.6 s walking the whole list backwards for a month it reached last). Every plan finds
 * what the single query of search-query.ts finds; the tests compare them.
 *
 * - Two or more equality filters together: payment_facets says at once that nothing matches, or
 *   which days hold the page (list-facets.ts).
 * - Free text of three characters or more, in the list's orders: first a short walk along the
 *   list (through the other filters' index) that fills the page when the text is common there;
 *   then the trigram index, asked for the part of the text that is cheapest to look up
 *   (trigram-sample.ts), with the whole text and the filters checked on the rows it leaves.
 * - Everything else: the single query.
 */
import type { SqlRow } from '../row-reader.ts';
import { combinesFacets, daysHolding, dayWindows, facetsOnly, type DayWindow } from '../list-facets.ts';
import type { PageCursor } from '../search.ts';
import type { SearchFilters, SearchSort } from '../types.ts';
import { buildPostgresFacetDaysQuery, buildPostgresSearchQuery, buildPostgresWalkQuery, trigramText } from './search-query.ts';
import { TrigramSample } from './trigram-sample.ts';

type Rows = (sql: string, params: readonly unknown[]) => Promise<SqlRow[]>;

/** Where the plans switch; the tests move them to take every plan on a small ledger. */
export interface PostgresPlanThresholds {
  /** How far the list is walked for free text before the trigram index is asked. */
  readonly walkRows: number;
  /** Below this many payments the trigram index is asked for the whole text: there is nothing to save. */
  readonly sampleFromRows: number;
  /** How many payments' search text the trigram estimate is taken from. */
  readonly sampleRows: number;
  /** How long an estimate is used before it is taken again in the background. */
  readonly sampleMaxAgeMs: number;
}

export const POSTGRES_PLAN_THRESHOLDS: PostgresPlanThresholds = { walkRows: 2_000, sampleFromRows: 50_000, sampleRows: 20_000, sampleMaxAgeMs: 15 * 60_000 };

export class PostgresListSearch {
  readonly #rows: Rows;
  readonly #thresholds: PostgresPlanThresholds;
  #sample: { readonly taken: number; readonly trigrams: TrigramSample | null } | null = null;
  #sampling: Promise<void> | null = null;

  constructor(rows: Rows, thresholds: PostgresPlanThresholds = POSTGRES_PLAN_THRESHOLDS) {
    this.#rows = rows;
    this.#thresholds = thresholds;
  }

  /** The page's rows and one more when there are more, as search-query.ts's single query returns them. */
  async page(filters: SearchFilters, limit: number, cursor: PageCursor | null, sort: SearchSort): Promise<SqlRow[]> {
    let windows: DayWindow[] | null = null;
    if (combinesFacets(filters)) {
      const facets = buildPostgresFacetDaysQuery(filters, cursor, sort);
      const days = daysHolding((await this.#rows(facets.sql, facets.params)) as Array<{ day: unknown; payments: unknown }>, limit + 1, filters, cursor);
      if (days.length === 0) return [];
      if (facetsOnly(filters) && (sort === 'newest' || sort === 'oldest')) windows = dayWindows(days);
    }
    const text = trigramText(filters);
    if (text === null || (sort !== 'newest' && sort !== 'oldest')) {
      const query = buildPostgresSearchQuery(filters, limit, cursor, sort, windows);
      return this.#rows(query.sql, query.params);
    }
    const walk = buildPostgresWalkQuery(filters, limit, cursor, sort, this.#thresholds.walkRows);
    const walked = await this.#rows(walk.sql, walk.params);
    if (walked.length > limit) return walked;
    const query = buildPostgresSearchQuery(filters, limit, cursor, sort, null, this.#trigrams()?.lookupPart(text) ?? text);
    return this.#rows(query.sql, query.params);
  }

  /** Takes the trigram estimate now (the tests, and a caller that wants it before the first search). */
  refreshSample(): Promise<void> {
    this.#sampling ??= this.#takeSample().finally(() => {
      this.#sampling = null;
    });
    return this.#sampling;
  }

  /** The estimate in hand, renewed in the background when missing or old: a search never waits for it. */
  #trigrams(): TrigramSample | null {
    if (this.#sample === null || Date.now() - this.#sample.taken > this.#thresholds.sampleMaxAgeMs) {
      // A failed sample leaves the whole text to be looked up, as before there was one.
      this.refreshSample().catch(() => undefined);
    }
    return this.#sample?.trigrams ?? null;
  }

  async #takeSample(): Promise<void> {
    const taken = Date.now();
    const [size] = await this.#rows("SELECT greatest(reltuples, 0)::float8 AS payments FROM pg_class WHERE oid = 'payments'::regclass", []);
    const payments = Number(size?.['payments'] ?? 0);
    if (payments < this.#thresholds.sampleFromRows) {
      this.#sample = { taken, trigrams: null };
      return;
    }
    // SYSTEM samples whole pages: cheap, and a page's payments differ in all but their time.
    const percent = Math.min(100, (100 * this.#thresholds.sampleRows) / Math.max(payments, 1));
    const rows = await this.#rows('SELECT search_text FROM payments TABLESAMPLE SYSTEM ($1)', [percent]);
    this.#sample = { taken, trigrams: await TrigramSample.of(rows.map((row) => String(row['search_text'] ?? ''))) };
  }
}
