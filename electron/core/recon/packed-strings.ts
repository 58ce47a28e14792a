/**
 * A growing list of strings (or nulls) kept as bytes, for the reconciliation index's million
 * payment ids, gateway ids and merchant references. Held as three million JavaScript strings they
 * were copied by young-generation collections, promoted, and marked by every full collection
 * while the statement was matched; as bytes they are a few typed arrays outside the heap (an
 * import's peak RSS went down by 150–250 MB). A string is made again only when asked for (a
 * matched row's payment id), and a looked-up key is compared in place.
 *
 * Latin-1 text (every id a gateway or the ledger gives out) is stored a byte a character; a
 * string with a wider character is kept as it is, aside.
 *
 * The arrays grow fourfold: what costs is writing to fresh memory (about 8 µs per 4 KiB page on the
 * machines measured), and a growth writes the old contents to fresh memory once more, so fewer
 * growths write less; capacity not yet written to is address space only.
 *
 * The entries are the keys of a StringSlotTable (hashed and compared where they lie).
 */
import type { SlotKeys } from './string-slot-table.ts';
import { latin1Hash, textHash } from './text-hash.ts';

const FIRST_ENTRIES = 1024;
const BYTES = 0;
const NULL = 1;
const WIDE = 2;
const FIRST_BYTES = 1 << 16;
const GROWTH = 4;
const MAX_BYTES = 0xffff_ffff;

export class PackedStrings implements SlotKeys {
  #bytes = Buffer.alloc(FIRST_BYTES);
  /** Where entry n's bytes end; they start where entry n − 1's end (a null or wide entry has none). */
  #ends = new Uint32Array(FIRST_ENTRIES);
  /** Per entry: BYTES, NULL or WIDE (kept in `#wide`). */
  #kinds = new Uint8Array(FIRST_ENTRIES);
  readonly #wide = new Map<number, string>();
  #size = 0;
  #used = 0;

  get size(): number {
    return this.#size;
  }

  push(value: string | null): void {
    const entry = this.#size;
    if (entry === this.#ends.length) this.#growEntries();
    this.#size += 1;
    if (value === null) {
      this.#kinds[entry] = NULL;
      this.#ends[entry] = this.#used;
      return;
    }
    if (this.#used + value.length > this.#bytes.length) this.#growBytes(value.length);
    const bytes = this.#bytes;
    let at = this.#used;
    for (let index = 0; index < value.length; index += 1) {
      const code = value.charCodeAt(index);
      if (code > 0xff) {
        this.#kinds[entry] = WIDE;
        this.#wide.set(entry, value);
        this.#ends[entry] = this.#used;
        return;
      }
      bytes[at] = code;
      at += 1;
    }
    this.#kinds[entry] = BYTES;
    this.#used = at;
    this.#ends[entry] = at;
  }

  get(entry: number): string | null {
    const kind = this.#kinds[entry];
    if (kind === NULL || entry >= this.#size) return null;
    if (kind === WIDE) return this.#wide.get(entry) ?? null;
    return this.#bytes.toString('latin1', this.#startOf(entry), this.#ends[entry] as number);
  }

  /** Whether entry `entry` is `key`, without making a string of it. */
  equals(entry: number, key: string): boolean {
    return this.equalsSlice(entry, key, 0, key.length);
  }

  /** Whether entry `entry` is `text.slice(start, end)`, without making that string. */
  equalsSlice(entry: number, text: string, start: number, end: number): boolean {
    const kind = this.#kinds[entry];
    if (entry >= this.#size || kind === NULL) return false;
    if (kind === WIDE) return this.#wide.get(entry) === text.slice(start, end);
    const from = this.#startOf(entry);
    if ((this.#ends[entry] as number) - from !== end - start) return false;
    const bytes = this.#bytes;
    for (let index = 0; index < end - start; index += 1) {
      if (bytes[from + index] !== text.charCodeAt(start + index)) return false;
    }
    return true;
  }

  isNull(entry: number): boolean {
    return entry >= this.#size || this.#kinds[entry] === NULL;
  }

  /** textHash of the entry's text (an entry that is not null). */
  hashOf(entry: number): number {
    if (this.#kinds[entry] === WIDE) {
      const text = this.#wide.get(entry) as string;
      return textHash(text, 0, text.length);
    }
    return latin1Hash(this.#bytes, this.#startOf(entry), this.#ends[entry] as number);
  }

  /** Whether two entries hold the same text (two nulls do not). */
  sameKey(entry: number, other: number): boolean {
    if (this.#kinds[other] === WIDE) {
      const text = this.#wide.get(other) as string;
      return this.equalsSlice(entry, text, 0, text.length);
    }
    if (this.isNull(entry) || this.isNull(other) || this.#kinds[entry] === WIDE) return false;
    const from = this.#startOf(entry);
    const otherFrom = this.#startOf(other);
    const length = (this.#ends[entry] as number) - from;
    if ((this.#ends[other] as number) - otherFrom !== length) return false;
    return this.#bytes.compare(this.#bytes, otherFrom, otherFrom + length, from, from + length) === 0;
  }

  holds(entry: number, text: string, start: number, end: number): boolean {
    return this.equalsSlice(entry, text, start, end);
  }

  #startOf(entry: number): number {
    return entry === 0 ? 0 : (this.#ends[entry - 1] as number);
  }

  #growEntries(): void {
    const ends = new Uint32Array(this.#ends.length * GROWTH);
    ends.set(this.#ends);
    this.#ends = ends;
    const kinds = new Uint8Array(this.#kinds.length * GROWTH);
    kinds.set(this.#kinds);
    this.#kinds = kinds;
  }

  #growBytes(needed: number): void {
    // Where an entry ends is kept in 32 bits: four gigabytes of ids is far beyond any ledger's window.
    if (this.#used + needed > MAX_BYTES) throw new RangeError('More than 4 GiB of text in one column of the reconciliation index');
    const bytes = Buffer.alloc(Math.min(MAX_BYTES, Math.max(this.#bytes.length * GROWTH, this.#used + needed)));
    this.#bytes.copy(bytes, 0, 0, this.#used);
    this.#bytes = bytes;
  }
}
