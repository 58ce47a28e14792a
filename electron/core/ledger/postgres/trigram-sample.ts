/**
 * Which part of a searched text the trigram index should look up on PostgreSQL. pg_trgm's GIN
 * index answers `LIKE '%text%'` by reading the posting list of every trigram of the text, and a
 * trigram such as "mot" or "ord" is in a quarter of a ledger's payments: reading its list costs
 * more than everything else in the search (`MOTO-202507-00561600`: 17 ms through the whole text,
 * 1.2 ms through `00561600`, over 1,000,000 payments). Any part of the text finds every payment
 * the text finds, so the index is asked for the part whose trigrams are cheapest to read and
 * leave the fewest rows to check, and the whole text is checked on those rows.
 *
 * How common a trigram is comes from a sample of the ledger's search text, taken in the
 * background and renewed now and then; until there is one, the whole text is looked up, as
 * before. The estimate only chooses the plan: every plan finds the same payments.
 */

/** pg_trgm's word characters, for the ASCII texts planned here; other texts are looked up whole. */
const WORD = /[a-z0-9]+/g;
const NOT_ASCII = /[^\p{ASCII}]/u;
/** Longer texts are looked up whole: they are pasted ids, and the choice would cost more than it saves. */
const MAX_PLANNED_LENGTH = 64;
/** A longer part only adds posting lists to read: the cheapest parts are a few trigrams long. The whole text is always weighed. */
const MAX_PART_LENGTH = 16;
/**
 * What one row left to check costs against one posting read, measured over 1,000,000 payments:
 * about 1 µs a row fetched, checked and sorted, about 0.005 µs a posting entry (17 ms for the
 * lists of `moto-202507-00561600`, most of them a third to a half of the ledger long).
 */
const ROW_CHECK_WEIGHT = 200;

/**
 * The trigrams pg_trgm reads for `LIKE '%text%'` (generate_wildcard_trgm): each run of word
 * characters, padded with two spaces before it and one after it unless the wildcard is there.
 * `text` is lower case, as the index's text is.
 */
export function likeTrigrams(text: string): string[] {
  const trigrams = new Set<string>();
  for (const word of text.matchAll(WORD)) {
    const start = word.index;
    const end = start + word[0].length;
    addWindows(trigrams, `${start === 0 ? '' : '  '}${word[0]}${end === text.length ? '' : ' '}`);
  }
  return [...trigrams];
}

/** The trigrams pg_trgm indexes for a value (generate_trgm): every word padded on both sides. */
export function valueTrigrams(value: string): Set<string> {
  const trigrams = new Set<string>();
  for (const word of value.matchAll(WORD)) addWindows(trigrams, `  ${word[0]} `);
  return trigrams;
}

function addWindows(into: Set<string>, padded: string): void {
  for (let at = 0; at + 3 <= padded.length; at += 1) into.add(padded.slice(at, at + 3));
}

/**
 * Which of a sample of search texts hold a trigram: the rows in order when they are few, a bitset
 * over the sample when they are many, so that the AND of common trigrams is a few hundred word
 * operations rather than a walk through thousands of entries.
 */
type Holders = { readonly rows: Int32Array; readonly count: number } | { readonly bits: Uint32Array; readonly count: number };

const BITSET_FROM = 32;
const NONE: Holders = { rows: new Int32Array(0), count: 0 };

/** How a sample's rows hold each trigram: how long its posting list is, and what an AND of lists leaves. */
export class TrigramSample {
  readonly #holders: Map<string, Holders>;
  readonly sampled: number;

  private constructor(holders: Map<string, Holders>, sampled: number) {
    this.#holders = holders;
    this.sampled = sampled;
  }

  /** Built a slice at a time, giving the event loop back between slices: a sample is taken while the console serves. */
  static async of(texts: readonly string[], slice = 250): Promise<TrigramSample> {
    const rowsOf = new Map<string, number[]>();
    for (let from = 0; from < texts.length; from += slice) {
      if (from > 0) await new Promise((resume) => setImmediate(resume));
      for (let row = from; row < Math.min(texts.length, from + slice); row += 1) {
        for (const trigram of valueTrigrams(texts[row]!)) {
          const rows = rowsOf.get(trigram);
          if (rows === undefined) rowsOf.set(trigram, [row]);
          else rows.push(row);
        }
      }
    }
    const words = Math.ceil(texts.length / 32);
    const holders = new Map<string, Holders>();
    for (const [trigram, rows] of rowsOf) {
      if (rows.length < BITSET_FROM) {
        holders.set(trigram, { rows: Int32Array.from(rows), count: rows.length });
        continue;
      }
      const bits = new Uint32Array(words);
      for (const row of rows) bits[row >>> 5]! |= 1 << (row & 31);
      holders.set(trigram, { bits, count: rows.length });
    }
    return new TrigramSample(holders, texts.length);
  }

  /**
   * The part of `text` (lower case) to look up in the trigram index: the one whose posting lists
   * are estimated cheapest to read plus the rows their AND leaves to check; the longer part on a
   * tie. The whole text when it is not planned here or no part has a trigram.
   */
  lookupPart(text: string): string {
    if (text.length > MAX_PLANNED_LENGTH || NOT_ASCII.test(text)) return text;
    let best = text;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let start = 0; start + 3 <= text.length; start += 1) {
      // A part has every trigram of the shorter parts from its start, and maybe more: it reads at least their posting lists.
      const seen = new Set<string>();
      let postings = 0;
      let left: Holders | null = null;
      const last = start === 0 ? text.length : Math.min(text.length, start + MAX_PART_LENGTH);
      for (let end = start + 3; end <= last && postings < bestCost; end += 1) {
        const part = text.slice(start, end);
        for (const trigram of likeTrigrams(part)) {
          if (seen.has(trigram)) continue;
          seen.add(trigram);
          const holders = this.#holders.get(trigram) ?? NONE;
          postings += holders.count;
          left = left === null ? holders : intersect(left, holders);
        }
        if (left === null) continue;
        const cost = postings + ROW_CHECK_WEIGHT * left.count;
        if (cost < bestCost || (cost === bestCost && part.length > best.length)) {
          best = part;
          bestCost = cost;
        }
      }
    }
    return best;
  }
}

function intersect(a: Holders, b: Holders): Holders {
  if ('bits' in a && 'bits' in b) {
    const bits = new Uint32Array(a.bits.length);
    let count = 0;
    for (let word = 0; word < bits.length; word += 1) {
      const both = a.bits[word]! & b.bits[word]!;
      bits[word] = both;
      count += popcount(both);
    }
    return { bits, count };
  }
  const [few, other] = 'rows' in a ? [a.rows, b] : [(b as { rows: Int32Array }).rows, a];
  const rows = few.filter((row) => holds(other, row));
  return { rows, count: rows.length };
}

function holds(holders: Holders, row: number): boolean {
  if ('bits' in holders) return (holders.bits[row >>> 5]! & (1 << (row & 31))) !== 0;
  // Few entries: a scan is as quick as a search.
  return holders.rows.includes(row);
}

function popcount(word: number): number {
  let bits = word - ((word >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (((bits + (bits >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
