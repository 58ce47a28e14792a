/**
 * Values that repeat (a statement's currencies and merchant accounts, a block's statuses) as small
 * codes, each code the value's place in `table`, given in order of first appearance.
 */
export class ValueCodes<T> {
  readonly table: T[] = [];
  readonly #codes = new Map<T, number>();
  #last: T | undefined;
  #lastCode = -1;

  code(value: T): number {
    // Rows come in runs of one value: the last one answers most without hashing.
    if (this.#lastCode >= 0 && value === this.#last) return this.#lastCode;
    let code = this.#codes.get(value);
    if (code === undefined) {
      code = this.table.length;
      this.table.push(value);
      this.#codes.set(value, code);
    }
    this.#last = value;
    this.#lastCode = code;
    return code;
  }
}
