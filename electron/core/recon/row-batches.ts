/**
 * Reconciliation moves rows a batch at a time (an await per batch, not per row: at a million rows
 * the per-row promise of an async iterator costs more than matching the row). A source that has
 * its rows one by one, such as a report fetched page by page, is grouped with this.
 */
const DEFAULT_BATCH = 5_000;

export async function* inBatches<T>(items: AsyncIterable<T> | Iterable<T>, size = DEFAULT_BATCH): AsyncGenerator<readonly T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
