/**
 * A statement's bytes to text, a slice at a time, as TextDecoder streams them, but with ASCII
 * slices copied natively as Latin-1 instead of going through the decoder: statements are ASCII
 * almost always, and TextDecoder's UTF-8 path was a twelfth of the reading thread's time on a
 * million-row file. ASCII reads the same in every encoding this takes the short way for.
 *
 * A slice goes the short way only when the decoder holds no part of a character, that is when
 * the last bytes it was given ended on an ASCII byte, and never first (the decoder drops a BOM
 * only from the start of what it is given).
 */
import { isAscii } from 'node:buffer';
import type { StatementEncoding } from './mappings/statement-mapping.ts';

/** Encodings in which every ASCII byte is its own character. */
const ASCII_COMPATIBLE: ReadonlySet<StatementEncoding> = new Set<StatementEncoding>(['utf-8', 'windows-1252']);

export class StatementTextDecoder {
  readonly #decoder: TextDecoder;
  readonly #asciiCompatible: boolean;
  /** Nothing of a character is pending in the decoder, and it has seen the start of the text. */
  #between = false;

  constructor(encoding: StatementEncoding) {
    this.#decoder = new TextDecoder(encoding);
    this.#asciiCompatible = ASCII_COMPATIBLE.has(encoding);
  }

  /** The text of the next bytes (a character cut at the end is kept for the next call). */
  decode(bytes: Uint8Array): string {
    if (this.#between && bytes.length > 0 && isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const text = this.#decoder.decode(bytes, { stream: true });
    if (bytes.length > 0) this.#between = this.#asciiCompatible && (bytes[bytes.length - 1] as number) < 0x80;
    return text;
  }

  /** What is left once the bytes have ended (a cut character as U+FFFD). */
  end(): string {
    return this.#decoder.decode();
  }
}
