/**
 * A growing list of strings (or nulls) kept as bytes, for the reconciliation index's million
 * payment ids, gateway ids and merchant references. Held as three million JavaScript strings,
 * each was copied by a young-generation collection, promoted, then marked by every full one:
 * about a second of reading a million-payment ledger, against a few hundred milliseconds to
 * read the payments themselves. As bytes they are two typed arrays; a string is made again only
 * when asked for (a matched row's payment id), and compared in place when a key is looked up.
 *
 * Latin-1 text (every id a gateway or the ledger gives out) is stored a byte a character; a
 * string with a wider character is kept as it is, aside.
 */

const NO_STRING = -1;
const FIRST_ENTRIES = 1024;
const FIRST_BYTES = 1 << 16;

export class PackedStrings {
  #bytes = Buffer.alloc(FIRST_BYTES);
  /** Where entry n's bytes end; its start is where entry n − 1's end. NO_STRING in `#kinds` marks a null. */
  #ends = new Float64Array(FIRST_ENTRIES);
  /** 0: bytes; 1: null; 2: aside in `#wide`. */
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
      this.#kinds[entry] = 1;
      this.#ends[entry] = this.#used;
      return;
    }
    if (this.#used + value.length > this.#bytes.length) this.#growBytes(value.length);
    const bytes = this.#bytes;
    let at = this.#used;
    for (let index = 0; index < value.length; index += 1) {
      const code = value.charCodeAt(index);
      if (code > 0xff) {
        this.#kinds[entry] = 2;
        this.#wide.set(entry, value);
        this.#ends[entry] = this.#used;
        return;
      }
      bytes[at] = code;
      at += 1;
    }
    this.#kinds[entry] = 0;
    this.#used = at;
    this.#ends[entry] = at;
  }

  get(entry: number): string | null {
    const kind = this.#kinds[entry];
    if (kind === 1 || entry >= this.#size) return null;
    if (kind === 2) return this.#wide.get(entry) ?? null;
    return this.#bytes.toString('latin1', this.#startOf(entry), this.#ends[entry] as number);
  }

  /** Whether entry `entry` is `key`, without making a string of it. */
  equals(entry: number, key: string): boolean {
    const kind = this.#kinds[entry];
    if (entry >= this.#size || kind === 1) return false;
    if (kind === 2) return this.#wide.get(entry) === key;
    const start = this.#startOf(entry);
    if ((this.#ends[entry] as number) - start !== key.length) return false;
    const bytes = this.#bytes;
    for (let index = 0; index < key.length; index += 1) {
      if (bytes[start + index] !== key.charCodeAt(index)) return false;
    }
    return true;
  }

  #startOf(entry: number): number {
    return entry === 0 ? 0 : (this.#ends[entry - 1] as number);
  }

  #growEntries(): void {
    const ends = new Float64Array(this.#ends.length * 2);
    ends.set(this.#ends);
    this.#ends = ends;
    const kinds = new Uint8Array(this.#kinds.length * 2);
    kinds.set(this.#kinds);
    this.#kinds = kinds;
  }

  #growBytes(needed: number): void {
    const bytes = Buffer.alloc(Math.max(this.#bytes.length * 2, this.#used + needed));
    this.#bytes.copy(bytes, 0, 0, this.#used);
    this.#bytes = bytes;
  }
}
