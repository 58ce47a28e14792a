/**
 * Text key → slot number, for the reconciliation index's million gateway ids and merchant
 * references. A JavaScript Map took 0.6–1.1 s to take a million new string keys on this machine
 * (most of reading the ledger side of an import); this table, open addressing over typed arrays
 * with each key's hash kept beside its slot, takes about 0.2 s, and finds keys as fast. It holds
 * slot numbers only: the keys stay where the index keeps them (`holds` says whether a slot's key
 * is the one looked up). A key set twice points at the last slot given, as Map.set would. A key
 * may be looked up as a slice of a longer text (a column's joined values), never made a string.
 */

const EMPTY = -1;
const FIRST_CAPACITY = 1024;

/** FNV-1a over the UTF-16 code units of text[start, end). */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = start; at < end; at += 1) {
    hash ^= text.charCodeAt(at);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class StringSlotTable {
  /** Whether the slot's key is text[start, end). */
  readonly #holds: (slot: number, text: string, start: number, end: number) => boolean;
  #slots = new Int32Array(FIRST_CAPACITY).fill(EMPTY);
  #hashes = new Uint32Array(FIRST_CAPACITY);
  #mask = FIRST_CAPACITY - 1;
  #size = 0;

  constructor(holds: (slot: number, text: string, start: number, end: number) => boolean) {
    this.#holds = holds;
  }

  get size(): number {
    return this.#size;
  }

  set(key: string, slot: number): void {
    // Kept at most half full, so that a probe ends after a step or two.
    if ((this.#size + 1) * 2 > this.#slots.length) this.#grow();
    const hash = hashOf(key, 0, key.length);
    let at = hash & this.#mask;
    for (;;) {
      const held = this.#slots[at] as number;
      if (held === EMPTY) {
        this.#slots[at] = slot;
        this.#hashes[at] = hash;
        this.#size += 1;
        return;
      }
      if (this.#hashes[at] === hash && this.#holds(held, key, 0, key.length)) {
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
    const hash = hashOf(text, start, end);
    let at = hash & this.#mask;
    for (;;) {
      const held = this.#slots[at] as number;
      if (held === EMPTY) return undefined;
      if (this.#hashes[at] === hash && this.#holds(held, text, start, end)) return held;
      at = (at + 1) & this.#mask;
    }
  }

  #grow(): void {
    const slots = this.#slots;
    const hashes = this.#hashes;
    const capacity = slots.length * 2;
    this.#slots = new Int32Array(capacity).fill(EMPTY);
    this.#hashes = new Uint32Array(capacity);
    this.#mask = capacity - 1;
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
