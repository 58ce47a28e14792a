import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { MitBatch } from '../../../../../shared/domain/mit-batch.ts';
import { call } from '../../../api/client.ts';
import { errorShapeOf } from '../../../queries/channel-query.ts';
import { useKeysetList } from '../../../queries/use-keyset-list.ts';
import { mitBatchesQuery, mitBatchQuery, mitBatchRowsQuery, rowsOfPages } from '../queries/mit-batch-queries.ts';
import { useMitBatches } from '../stores/mit-batches.ts';

/** Rows left below the last one shown when the next page is asked for. */
const LOAD_AHEAD = 40;
const NO_BATCHES: MitBatch[] = [];

/** Earlier batches, newest first. */
export function useMitBatchList() {
  const batches = useQuery(mitBatchesQuery(call));
  return { batches: batches.data ?? NO_BATCHES, error: errorShapeOf(batches.error) };
}

/** The open batch with its status, counts and totals; null while none is open or it is being read. */
export function useOpenBatch() {
  const batchId = useMitBatches((state) => state.openBatchId);
  const batch = useQuery({ ...mitBatchQuery(call, batchId ?? ''), enabled: batchId !== null });
  return { batch: batchId === null ? null : (batch.data ?? null), error: errorShapeOf(batch.error) };
}

/** The open batch's rows under the filter chosen, paged as the operator scrolls. */
export function useOpenBatchRows() {
  const batchId = useMitBatches((state) => state.openBatchId);
  const filter = useMitBatches((state) => state.filter);
  const rows = useInfiniteQuery({ ...mitBatchRowsQuery(call, batchId ?? '', filter), enabled: batchId !== null });
  return useKeysetList(rows, rowsOfPages, LOAD_AHEAD);
}
