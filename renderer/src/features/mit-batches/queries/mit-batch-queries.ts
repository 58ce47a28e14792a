import type { QueryClient } from '@tanstack/react-query';
import type { MitBatch, MitBatchProgress, MitBatchRow } from '../../../../../shared/domain/mit-batch.ts';
import type { CallFn } from '../../../api/client.ts';
import { channelKey, channelQuery, keysetQuery, type KeysetPages } from '../../../queries/channel-query.ts';
import type { CoalescedRefresh } from '../../../queries/coalesced-refresh.ts';
import { stateOfFilter, type OutcomeFilter } from '../utils/outcome-filter.ts';

export const ROWS_PAGE_SIZE = 200;
const BATCHES_SHOWN = 100;

export type BatchRowPages = KeysetPages<'mitbatch:rows'>;

export function mitBatchesQuery(call: CallFn) {
  return channelQuery(call, 'mitbatch:list', { limit: BATCHES_SHOWN });
}

export function mitBatchQuery(call: CallFn, batchId: string) {
  return channelQuery(call, 'mitbatch:get', { batchId });
}

/** A batch's rows in file order, every one or those in one state; one page per cursor step. */
export function mitBatchRowsQuery(call: CallFn, batchId: string, filter: OutcomeFilter) {
  const state = stateOfFilter(filter);
  return keysetQuery(call, 'mitbatch:rows', { batchId, limit: ROWS_PAGE_SIZE, ...(state === undefined ? {} : { state }) });
}

export function rowsOfPages(data: BatchRowPages | undefined): MitBatchRow[] {
  return (data?.pages ?? []).flatMap((page) => page.rows);
}

/**
 * A progress event into the cache: the batch takes its new status and counts; each changed row
 * replaces itself in every page of the batch's rows showing it. A filtered list may have gained or
 * lost rows, and the list of batches shows the counts, so those are read again once per window.
 */
export function progressIntoCache(queryClient: QueryClient, refresh: Pick<CoalescedRefresh, 'request'>, progress: MitBatchProgress): void {
  const { batchId } = progress;
  queryClient.setQueryData<MitBatch>(channelKey('mitbatch:get', { batchId }), (batch) => (batch === undefined ? batch : { ...batch, status: progress.status, counts: progress.counts }));
  const changed = new Map(progress.changed.map((row) => [row.ordinal, row]));
  for (const query of queryClient.getQueryCache().findAll({ queryKey: ['mitbatch:rows', { batchId }] })) {
    const data = query.state.data as BatchRowPages | undefined;
    const filtered = (query.queryKey[1] as { state?: string } | undefined)?.state !== undefined;
    if (filtered) refresh.request(query.queryKey);
    if (data === undefined || changed.size === 0) continue;
    queryClient.setQueryData<BatchRowPages>(query.queryKey, {
      ...data,
      pages: data.pages.map((page) => ({ ...page, rows: page.rows.map((row) => changed.get(row.ordinal) ?? row) })),
    });
  }
  refresh.request(['mitbatch:list']);
}

/** What the store tells the cache once an action of the operator's changed a batch. */
export interface MitBatchCache {
  /** The core answered with the batch as it is now. */
  batchChanged(batch: MitBatch): void;
}

export function mitBatchCacheOf(queryClient: QueryClient): MitBatchCache {
  return {
    batchChanged(batch) {
      queryClient.setQueryData(channelKey('mitbatch:get', { batchId: batch.id }), batch);
      void queryClient.invalidateQueries({ queryKey: ['mitbatch:list'] });
      void queryClient.invalidateQueries({ queryKey: ['mitbatch:rows', { batchId: batch.id }] });
    },
  };
}
