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
 */
import { textHash } from './text-hash.ts';

const EMPTY = -1;
const FIRST_CAPACITY = 1024;

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
  #slots = new Int32Array(FIRST_CAPACITY).fill(EMPTY);
  #hashes = new Uint32Array(FIRST_CAPACITY);
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
    if (capacity > this.#slots.length) this.#rehash(capacity);
  }

  /** Files `slot` under its key. */
  add(slot: number): void {
    if ((this.#size + 1) * 2 > this.#slots.length) this.#rehash(this.#slots.length * 2);
    const hash = this.#keys.hashOf(slot);
    let at = hash & this.#mask;
    for (;;) {
      const held = this.#slots[at] as number;
      if (held === EMPTY) {
        this.#slots[at] = slot;
        this.#hashes[at] = hash;
        this.#size += 1;
        return;
      }
      if (this.#hashes[at] === hash && this.#keys.sameKey(held, slot)) {
        this.#slots[at] = slot;
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
    const hash = textHash(text, start, end);
    let at = hash & this.#mask;
    for (;;) {
      const held = this.#slots[at] as number;
      if (held === EMPTY) return undefined;
      if (this.#hashes[at] === hash && this.#keys.holds(held, text, start, end)) return held;
      at = (at + 1) & this.#mask;
    }
  }

  #rehash(capacity: number): void {
    const slots = this.#slots;
    const hashes = this.#hashes;
    this.#slots = new Int32Array(capacity).fill(EMPTY);
    this.#hashes = new Uint32Array(capacity);
    this.#mask = capacity - 1;
    if (this.#size === 0) return;
    for (let from = 0; from < slots.length; from += 1) {
      const slot = slots[from] as number;
      if (slot === EMPTY) continue;
      const hash = hashes[from] as number;
      let at = hash & this.#mask;
      while (this.#slots[at] !== EMPTY) at = (at + 1) & this.#mask;
      this.#slots[at] = slot;
      this.#hashes[at] = hash;
    }
  }
}
