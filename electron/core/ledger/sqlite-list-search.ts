/**
 * The payments list's page on SQLite, read through the plan each search's selectivity calls for,
 * so that no first page reads the whole table (every plan finds exactly what `buildScanQuery`
 * finds; the tests compare them):
 *
 * - two or more equality filters together: `payment_facets` says at once that nothing matches,
 *   or which days hold the page, and only those days are read;
 * - an amount range that holds few payments: read from the amount index, sorted, then the page's
 *   rows fetched; a wide one is walked along the list's order instead;
 * - free text of three characters or more: walked in the list's order straight from the trigram
 *   index (its rowid is `list_key`, migration 16), so the walk stops at the page's end however
 *   far back the matches lie; with filters, a short walk along the filters' index comes first,
 *   which fills the page when the text is common among them;
 * - one or two characters: the NOCASE indexes of the identifiers count the prefix's payments; a
 *   few are read from those indexes, many are walked along the list (they fill a page soon).
 *
 * The list's other orders (by amount) keep the single query of search.ts.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { combinesFacets, buildFacetDaysQuery, dayWindows, daysHolding, facetsOnly, windowsCondition, type DayWindow } from './list-facets.ts';
import type { SqlRow } from './row-reader.ts';
import {
  buildSearchQuery,
  chooseTextPlan,
  filterConditions,
  foldForSearch,
  ftsPhrase,
  orderClauses,
  PREFIX_COLUMNS,
  prefixCondition,
  SEARCHED_COLUMNS,
  sortOrder,
  TEXT_MATCH_FUNCTION,
  TRIGRAM_MATCH_COUNT_SQL,
  whereOf,
  type PageCursor,
} from './search.ts';
import type { SearchFilters, SearchSort } from './types.ts';

/** An amount range holding fewer payments than this is read from the amount index and sorted. */
export const AMOUNT_INDEX_MAX_MATCHES = 5_000;
/** A prefix held by fewer payments than this is read from the identifiers' indexes and sorted. */
export const PREFIX_INDEX_MAX_MATCHES = 2_000;
/** How far the filters' index is walked before free text is read from the trigram index instead. */
export const FILTER_WALK_ROWS = 1_000;
/** list_key is the creation instant in ms times this, plus a counter within the millisecond. */
const LIST_KEY_PER_MS = 1_000_000n;
/** How many of a text's trigrams are counted to find its rarest, and up to how many matches each. */
const SAMPLED_TRIGRAMS = 6;
const RARITY_CAP = 1_000;
/** The keys rarity is counted among: three days of them. */
const RARITY_WINDOW_KEYS = 3n * 86_400_000n * LIST_KEY_PER_MS;

const textOf = (filters: SearchFilters) => filters.text?.trim() ?? '';
const hasAmount = (filters: SearchFilters) => filters.amountMinMinor !== undefined || filters.amountMaxMinor !== undefined;
const msOf = (instant: string) => BigInt(Date.parse(instant));

/** Byte order of UTF-8, as SQLite's BINARY collation compares ids. */
const compareText = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The list's order over rows in hand (newest or oldest), for a merge SQLite did not sort. */
function inListOrder(rows: SqlRow[], sort: SearchSort): SqlRow[] {
  const direction = sort === 'oldest' ? 1 : -1;
  return rows.sort((a, b) => direction * (compareText(String(a['created_at']), String(b['created_at'])) || compareText(String(a['id']), String(b['id']))));
}

/** Where the plans switch; the tests move them to take every plan on a small ledger. */
export interface PlanThresholds {
  readonly amountIndexMaxMatches: number;
  readonly prefixIndexMaxMatches: number;
  readonly filterWalkRows: number;
}

const THRESHOLDS: PlanThresholds = { amountIndexMaxMatches: AMOUNT_INDEX_MAX_MATCHES, prefixIndexMaxMatches: PREFIX_INDEX_MAX_MATCHES, filterWalkRows: FILTER_WALK_ROWS };

export class SqliteListSearch {
  readonly #db: DatabaseSync;
  readonly #thresholds: PlanThresholds;

  constructor(db: DatabaseSync, thresholds: PlanThresholds = THRESHOLDS) {
    this.#db = db;
    this.#thresholds = thresholds;
  }

  /** Up to `limit + 1` rows of the page in the list's order (the extra one says another page follows). */
  page(filters: SearchFilters, limit: number, cursor: PageCursor | null, sort: SearchSort): SqlRow[] {
    const wanted = limit + 1;
    const text = textOf(filters);
    const listOrder = sort === 'newest' || sort === 'oldest';
    let windows: DayWindow[] | null = null;
    if (combinesFacets(filters)) {
      const days = this.#facetDays(filters, cursor, sort, wanted);
      if (days.length === 0) return [];
      if (listOrder && facetsOnly(filters)) windows = dayWindows(days);
    }
    if (!listOrder) {
      const query = buildSearchQuery(filters, limit, cursor, chooseTextPlan(filters, (phrase, cap) => this.#count(TRIGRAM_MATCH_COUNT_SQL, phrase, cap)), sort);
      return this.#all(query.sql, query.params);
    }
    if (hasAmount(filters) && this.#amountMatches(filters) < this.#thresholds.amountIndexMaxMatches) return this.#byAmountIndex(filters, wanted, cursor, sort);
    if ([...text].length >= 3) {
      if (this.#filtered(filters)) {
        const walked = this.#filtersThenText(filters, wanted, cursor, sort);
        if (walked.length === wanted) return walked;
      }
      return this.#byTextIndex(filters, wanted, cursor, sort);
    }
    if (text.length > 0 && this.#prefixMatches(text) < this.#thresholds.prefixIndexMaxMatches) return this.#byPrefixIndex(filters, wanted, cursor, sort);
    return this.#alongTheList(filters, wanted, cursor, sort, windows);
  }

  #all(sql: string, params: SQLInputValue[]): SqlRow[] {
    return this.#db.prepare(sql).all(...params) as SqlRow[];
  }

  #count(sql: string, ...params: SQLInputValue[]): number {
    return Number((this.#db.prepare(sql).get(...params) as SqlRow | undefined)?.['matches'] ?? 0);
  }

  /** Whether anything but the text narrows the search. */
  #filtered(filters: SearchFilters): boolean {
    return filterConditions(filters, 'row-scan', [], { text: false }).length > 0;
  }

  #facetDays(filters: SearchFilters, cursor: PageCursor | null, sort: SearchSort, wanted: number): string[] {
    const params: SQLInputValue[] = [];
    const sql = buildFacetDaysQuery(filters, cursor, sort, (value) => {
      params.push(value as SQLInputValue);
      return '?';
    });
    return daysHolding(this.#db.prepare(sql).iterate(...params) as Iterable<{ day: unknown; payments: unknown }>, wanted, filters, cursor);
  }

  /** The filters, the keyset condition after the cursor and the order, for a query whose rows are `p`. */
  #conditions(filters: SearchFilters, cursor: PageCursor | null, sort: SearchSort, params: SQLInputValue[], options: { text: boolean; amountIndex: boolean }): { conditions: string[]; orderBy: string } {
    const text = textOf(filters);
    const conditions = filterConditions(filters, 'row-scan', params, { text: options.text && text.length > 0, amountIndex: options.amountIndex });
    const order = orderClauses(sort, cursor);
    if (order.after !== null) {
      conditions.push(`${order.after} (${order.keys.map(() => '?').join(', ')})`);
      params.push(...order.keys.map((key) => key.value));
    }
    return { conditions, orderBy: order.orderBy };
  }

  #alongTheList(filters: SearchFilters, wanted: number, cursor: PageCursor | null, sort: SearchSort, windows: DayWindow[] | null): SqlRow[] {
    const params: SQLInputValue[] = [];
    const { conditions, orderBy } = this.#conditions(filters, cursor, sort, params, { text: true, amountIndex: false });
    if (windows !== null) {
      conditions.push(
        windowsCondition(windows, (value) => {
          params.push(value as SQLInputValue);
          return '?';
        }),
      );
    }
    return this.#all(`SELECT p.* FROM payments p ${whereOf(conditions)} ORDER BY ${orderBy} LIMIT ?`, [...params, wanted]);
  }

  #amountMatches(filters: SearchFilters): number {
    const params: SQLInputValue[] = [];
    const bounds: string[] = [];
    if (filters.amountMinMinor !== undefined) {
      bounds.push('amount_minor >= ?');
      params.push(filters.amountMinMinor);
    }
    if (filters.amountMaxMinor !== undefined) {
      bounds.push('amount_minor <= ?');
      params.push(filters.amountMaxMinor);
    }
    return this.#count(`SELECT COUNT(*) AS matches FROM (SELECT 1 FROM payments INDEXED BY payments_by_amount WHERE ${bounds.join(' AND ')} LIMIT ?)`, ...params, this.#thresholds.amountIndexMaxMatches);
  }

  /** The range's payments from the amount index, sorted by the list's order there; only the page's rows are fetched whole. */
  #byAmountIndex(filters: SearchFilters, wanted: number, cursor: PageCursor | null, sort: SearchSort): SqlRow[] {
    const params: SQLInputValue[] = [];
    const { conditions, orderBy } = this.#conditions(filters, cursor, sort, params, { text: true, amountIndex: true });
    const outerOrder = sortOrder(sort).columns.map((column) => `${column.slice(2)} ${sort === 'oldest' ? 'ASC' : 'DESC'}`).join(', ');
    return this.#all(
      `SELECT * FROM payments WHERE seq IN (SELECT p.seq FROM payments p INDEXED BY payments_by_amount ${whereOf(conditions)} ORDER BY ${orderBy} LIMIT ?) ORDER BY ${outerOrder}`,
      [...params, wanted],
    );
  }

  /** The first rows along the filters' index, the text checked row by row: a page when the text is common among them. */
  #filtersThenText(filters: SearchFilters, wanted: number, cursor: PageCursor | null, sort: SearchSort): SqlRow[] {
    const params: SQLInputValue[] = [];
    const { conditions, orderBy } = this.#conditions(filters, cursor, sort, params, { text: false, amountIndex: false });
    const outerOrder = sortOrder(sort).columns.map((column) => `${column.slice(2)} ${sort === 'oldest' ? 'ASC' : 'DESC'}`).join(', ');
    const walked = `SELECT p.* FROM payments p ${whereOf(conditions)} ORDER BY ${orderBy} LIMIT ?`;
    return this.#all(
      `SELECT * FROM (${walked}) AS p WHERE ${TEXT_MATCH_FUNCTION}(?, ${SEARCHED_COLUMNS.join(', ')}) ORDER BY ${outerOrder} LIMIT ?`,
      [...params, this.#thresholds.filterWalkRows, foldForSearch(textOf(filters)), wanted],
    );
  }

  /**
   * The text's matches in the list's order from the trigram index, the other filters checked on
   * each, until the page is full. list_key orders payments of different milliseconds as the list
   * does; within one millisecond the list orders by id, so the last millisecond reached is read
   * whole and sorted.
   */
  #byTextIndex(filters: SearchFilters, wanted: number, cursor: PageCursor | null, sort: SearchSort): SqlRow[] {
    const oldestFirst = sort === 'oldest';
    const text = textOf(filters);
    const match = this.#textMatch(text, cursor, sort);
    const read = (limit: number | null, millisecond: bigint | null): SqlRow[] => {
      const params: SQLInputValue[] = [match];
      const keys: string[] = [];
      if (cursor !== null) {
        keys.push(oldestFirst ? 'payment_search.rowid >= ?' : 'payment_search.rowid < ?');
        params.push((oldestFirst ? msOf(cursor.createdAt) : msOf(cursor.createdAt) + 1n) * LIST_KEY_PER_MS);
      }
      if (millisecond !== null) {
        keys.push('payment_search.rowid BETWEEN ? AND ?');
        params.push(millisecond * LIST_KEY_PER_MS, (millisecond + 1n) * LIST_KEY_PER_MS - 1n);
      }
      const { conditions } = this.#conditions(filters, cursor, sort, params, { text: false, amountIndex: false });
      if (match !== ftsPhrase(text)) {
        conditions.push(`${TEXT_MATCH_FUNCTION}(?, ${SEARCHED_COLUMNS.join(', ')})`);
        params.push(foldForSearch(text));
      }
      const where = ['payment_search MATCH ?', ...keys, ...conditions].join(' AND ');
      const limited = limit === null ? '' : ' LIMIT ?';
      return this.#all(
        `SELECT p.* FROM payment_search JOIN payments p ON p.list_key = payment_search.rowid WHERE ${where} ORDER BY payment_search.rowid ${oldestFirst ? 'ASC' : 'DESC'}${limited}`,
        limit === null ? params : [...params, limit],
      );
    };
    const rows = read(wanted, null);
    const last = rows[rows.length - 1];
    if (rows.length < wanted || last === undefined) return rows;
    const millisecond = BigInt(last['list_key'] as bigint | number) / LIST_KEY_PER_MS;
    const before = rows.filter((row) => BigInt(row['list_key'] as bigint | number) / LIST_KEY_PER_MS !== millisecond);
    return inListOrder([...before, ...read(null, millisecond)], sort).slice(0, wanted);
  }

  /**
   * What the trigram index is asked: the whole text as a phrase when it is four characters or
   * fewer, else the four of its characters around its rarest trigram and the rarest trigram apart
   * from them, each row then checked for the text itself. FTS5 matches a phrase by reading every one of its trigrams' lists, and a text
   * made of common trigrams ("invoice 2025/0056", an OPPWA id starting 8ac7a4a1) reads hundreds of
   * thousands of entries; two neighbouring trigrams, one of them rare, read few.
   * Rarity is counted (up to a cap) among the keys next to where the page starts, three days of them,
   * from a sample of the text's trigrams.
   */
  #textMatch(text: string, cursor: PageCursor | null, sort: SearchSort): string {
    const characters = [...text];
    const trigramAt = (at: number) => characters.slice(at, at + 3).join('');
    const positions = characters.length - 2;
    if (positions <= 2) return ftsPhrase(text);
    const oldestFirst = sort === 'oldest';
    const edge = cursor !== null ? (oldestFirst ? msOf(cursor.createdAt) : msOf(cursor.createdAt) + 1n) * LIST_KEY_PER_MS : this.#edgeKey(oldestFirst);
    const [from, to] = oldestFirst ? [edge, edge + RARITY_WINDOW_KEYS] : [edge - RARITY_WINDOW_KEYS, edge];
    const counts = new Map<string, number>();
    const rarity = (at: number): number => {
      const trigram = trigramAt(at);
      let matches = counts.get(trigram);
      if (matches === undefined) {
        matches = this.#count('SELECT COUNT(*) AS matches FROM (SELECT 1 FROM payment_search WHERE payment_search MATCH ? AND rowid >= ? AND rowid < ? LIMIT ?)', ftsPhrase(trigram), from, to, RARITY_CAP);
        counts.set(trigram, matches);
      }
      return matches;
    };
    const sampled = Math.min(SAMPLED_TRIGRAMS, positions);
    const sample = [...new Set(Array.from({ length: sampled }, (_, n) => Math.round((n * (positions - 1)) / (sampled - 1))))];
    const rarest = sample.reduce((best, at) => (rarity(at) < rarity(best) ? at : best));
    // The rarest trigram with its rarer neighbour: four characters as a phrase are rarer still, and cheap to match.
    const neighbours = [rarest - 1, rarest + 1].filter((at) => at >= 0 && at < positions);
    const neighbour = neighbours.reduce((best, at) => (rarity(at) < rarity(best) ? at : best));
    const window = Math.min(rarest, neighbour);
    const phrase = ftsPhrase(characters.slice(window, window + 4).join(''));
    // And the rarest trigram elsewhere in the text: a rare match found only far back ("MOTO-202507-00561600") walks few candidates.
    const elsewhere = sample.filter((at) => at < window - 2 || at > window + 3);
    if (elsewhere.length === 0) return phrase;
    return `${phrase} AND ${ftsPhrase(trigramAt(elsewhere.reduce((best, at) => (rarity(at) < rarity(best) ? at : best))))}`;
  }

  /** The newest key plus one, or the oldest, where a first page starts. */
  #edgeKey(oldestFirst: boolean): bigint {
    const row = this.#db.prepare(`SELECT ${oldestFirst ? 'MIN' : 'MAX'}(list_key) AS edge FROM payments`).get() as SqlRow | undefined;
    const edge = BigInt((row?.['edge'] as bigint | number | null) ?? 0);
    return oldestFirst ? edge : edge + 1n;
  }

  /** The prefix's payments across the identifiers' NOCASE indexes, counted up to the cap. */
  #prefixMatches(text: string): number {
    const { sql, params } = prefixCandidates(text);
    return this.#count(`SELECT COUNT(*) AS matches FROM (${sql} LIMIT ?)`, ...params, this.#thresholds.prefixIndexMaxMatches);
  }

  #byPrefixIndex(filters: SearchFilters, wanted: number, cursor: PageCursor | null, sort: SearchSort): SqlRow[] {
    const candidates = prefixCandidates(textOf(filters));
    const params: SQLInputValue[] = [...candidates.params];
    const { conditions, orderBy } = this.#conditions(filters, cursor, sort, params, { text: false, amountIndex: false });
    conditions.unshift(`p.seq IN (${candidates.sql})`);
    conditions.push(prefixCondition(textOf(filters), params));
    return this.#all(`SELECT p.* FROM payments p ${whereOf(conditions)} ORDER BY ${orderBy} LIMIT ?`, [...params, wanted]);
  }
}

/** The highest code point: every text that starts with a prefix sorts below the prefix followed by it. */
const LAST_CHARACTER = String.fromCodePoint(0x10ffff);

/**
 * The seqs of payments whose identifiers start with `text`, ASCII case aside, each identifier read
 * through its NOCASE index (migration 16); a payment found by two identifiers comes twice (the
 * count is a cap, and IN keeps one of each). A superset of what LIKE finds only where LIKE and NOCASE
 * disagree, which they do not for ASCII; the page query checks LIKE on every row all the same.
 */
function prefixCandidates(text: string): { sql: string; params: SQLInputValue[] } {
  const params: SQLInputValue[] = [];
  const parts = PREFIX_COLUMNS.map((column) => {
    params.push(text, `${text}${LAST_CHARACTER}`);
    return `SELECT seq FROM payments WHERE ${column.slice(2)} >= ? COLLATE NOCASE AND ${column.slice(2)} < ? COLLATE NOCASE`;
  });
  return { sql: parts.join(' UNION ALL '), params };
}
