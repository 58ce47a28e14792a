/**
 * The hash the reconciliation index files its keys under: FNV-1a over UTF-16 code units. A Latin-1
 * text kept as bytes (packed-strings.ts) has one byte per code unit, of the same value, so its
 * bytes hash to what its string does, and a key is hashed where it lies without making a string.
 */

const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;

/** The hash of text[start, end). */
export function textHash(text: string, start: number, end: number): number {
  let hash = OFFSET_BASIS;
  for (let at = start; at < end; at += 1) {
    hash ^= text.charCodeAt(at);
    hash = Math.imul(hash, PRIME);
  }
  return hash >>> 0;
}

/** The hash of bytes[start, end) read as Latin-1 text: textHash of that text. */
export function latin1Hash(bytes: Uint8Array, start: number, end: number): number {
  let hash = OFFSET_BASIS;
  for (let at = start; at < end; at += 1) {
    hash ^= bytes[at] as number;
    hash = Math.imul(hash, PRIME);
  }
  return hash >>> 0;
}
