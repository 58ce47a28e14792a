/**
 * Whether a view holds the whole of its own ArrayBuffer (a file stream's read, a decoded chunk, a
 * block written into a buffer of its own), so that handing it to another thread can move the memory
 * instead of copying it. A slice of a larger buffer, or one of Node's pool, does not.
 */
export function ownsItsBuffer(view: Uint8Array): view is Uint8Array<ArrayBuffer> {
  const { buffer } = view;
  return buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength;
}
