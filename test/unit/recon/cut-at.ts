/** A text or bytes cut at the given points (any order; repeats and the ends allowed), as a stream may hand them over. */
export function cutAt<T extends string | Uint8Array>(whole: T, cuts: readonly number[]): T[] {
  const points = [...new Set(cuts.map((cut) => cut % (whole.length + 1)))].sort((a, b) => a - b);
  const piece = (from: number, to?: number): T => (typeof whole === 'string' ? whole.slice(from, to) : whole.subarray(from, to)) as T;
  const pieces: T[] = [];
  let from = 0;
  for (const point of points) {
    pieces.push(piece(from, point));
    from = point;
  }
  pieces.push(piece(from));
  return pieces;
}
