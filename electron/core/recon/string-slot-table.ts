/**
 * Text key → slot number, for the reconciliation index's million gateway ids and merchant
 * references. A JavaScript Map took 0.6–1.1 s to take a million new string keys on this machine
 * (most of reading the ledger side of an import); this table, open addressing over typed arrays
 * with each key's hash kept beside its slot, takes about 0.2 s, and finds keys as fast. It holds
 * slot numbers only: the keys stay where the index keeps them (`SlotKeys`), and a slot is added by
 * its number, its key hashed where it lies. A key added twice points at the last slot given, as
 * Map.set would. A key may be looked up as a slice of a longer text (a column's joined values),
 * never made a string.
 *
 * `reserve` sizes the table once for the keys to come: grown a key at a time it rehashed every
 * key at each doubling and wrote a fresh table each time, and first writes to fresh memory are
 * what cost most on the machines measured (about 8 µs per 4 KiB page).
 *
 * A place's slot and hash lie side by side in one array: a million keys make a table of many
 * megabytes, and each probe lands somewhere new in it, so a probe that finds both in one cache
 * line costs one miss instead of two.
 */
import { textHash } from './text-hash.ts';

const EMPTY = -1;
const FIRST_CAPACITY = 1024;
/** Each place's two numbers in `#places`: its slot at 2n, its key's hash (as an int32) at 2n + 1. */
const WIDTH = 2;

/** Where the keys of the slots live. */
export interface SlotKeys {
  /** textHash of the slot's key (the slot has one). */
  hashOf(slot: number): number;
  /** Whether two slots hold the same key. */
  sameKey(slot: number, other: number): boolean;
  /** Whether the slot's key is text[start, end). */
  holds(slot: number, text: string, start: number, end: number): boolean;
}

/** Places for `keys` keys, kept at most half full so that a probe ends after a step or two. */
function capacityFor(keys: number): number {
  let capacity = FIRST_CAPACITY;
  while (keys * 2 > capacity) capacity *= 2;
  return capacity;
}

export class StringSlotTable {
  readonly #keys: SlotKeys;
  #places = emptyPlaces(FIRST_CAPACITY);
  #capacity = FIRST_CAPACITY;
  #mask = FIRST_CAPACITY - 1;
  #size = 0;

  constructor(keys: SlotKeys) {
    this.#keys = keys;
  }

  get size(): number {
    return this.#size;
  }

  /** Makes room for `more` keys beyond those held, at once. */
  reserve(more: number): void {
    const capacity = capacityFor(this.#size + more);
    if (capacity > this.#capacity) this.#rehash(capacity);
  }

  /** Files `slot` under its key. */
  add(slot: number): void {
    if ((this.#size + 1) * 2 > this.#capacity) this.#rehash(this.#capacity * 2);
    const hash = this.#keys.hashOf(slot) | 0;
    const places = this.#places;
    let at = hash & this.#mask;
    for (;;) {
      const held = places[at * WIDTH] as number;
      if (held === EMPTY) {
        places[at * WIDTH] = slot;
        places[at * WIDTH + 1] = hash;
        this.#size += 1;
        return;
      }
      if (places[at * WIDTH + 1] === hash && this.#keys.sameKey(held, slot)) {
        places[at * WIDTH] = slot;
        return;
      }
      at = (at + 1) & this.#mask;
    }
  }

  get(key: string): number | undefined {
    return this.getSlice(key, 0, key.length);
  }

  /** The slot of the key text[start, end). */
  getSlice(text: string, start: number, end: number): number | undefined {
    const hash = textHash(text, start, end) | 0;
    const places = this.#places;
    let at = hash & this.#mask;
    for (;;) {
      const held = places[at * WIDTH] as number;
      if (held === EMPTY) return undefined;
      if (places[at * WIDTH + 1] === hash && this.#keys.holds(held, text, start, end)) return held;
      at = (at + 1) & this.#mask;
    }
  }

  #rehash(capacity: number): void {
    const old = this.#places;
    const oldCapacity = this.#capacity;
    const places = emptyPlaces(capacity);
    this.#places = places;
    this.#capacity = capacity;
    this.#mask = capacity - 1;
    if (this.#size === 0) return;
    for (let from = 0; from < oldCapacity; from += 1) {
      const slot = old[from * WIDTH] as number;
      if (slot === EMPTY) continue;
      const hash = old[from * WIDTH + 1] as number;
      let at = hash & this.#mask;
      while (places[at * WIDTH] !== EMPTY) at = (at + 1) & this.#mask;
      places[at * WIDTH] = slot;
      places[at * WIDTH + 1] = hash;
    }
  }
}

/** Every place empty; an empty place's hash is never read, so it may hold EMPTY too. */
function emptyPlaces(capacity: number): Int32Array {
  return new Int32Array(capacity * WIDTH).fill(EMPTY);
}
