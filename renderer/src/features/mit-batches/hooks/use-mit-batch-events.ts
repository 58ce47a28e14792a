import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { createCoalescedRefresh } from '../../../queries/coalesced-refresh.ts';
import { useRefreshOnEvents } from '../../../queries/use-refresh-on-events.ts';
import { progressIntoCache } from '../queries/mit-batch-queries.ts';
import { mitBatchStore } from '../stores/mit-batches.ts';

/** Lists and filtered rows follow a running batch at most this often; the open rows follow each event. */
const REFRESH_WINDOW_MS = 1_000;
const EVERY_BATCH_QUERY = [['mitbatch:list'], ['mitbatch:get'], ['mitbatch:rows']] as const;

/**
 * While the screen is open: each `mitbatch:progress` goes into the cache (status, counts, the rows
 * that changed) and its pace into the store. A core that comes back after a stop is read again
 * whole: what it did meanwhile, and any batch it took over, were announced to nobody here.
 */
export function useMitBatchEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const refresh = createCoalescedRefresh(queryClient, REFRESH_WINDOW_MS);
    const off = subscribe('mitbatch:progress', (event) => {
      progressIntoCache(queryClient, refresh, event);
      mitBatchStore.getState().progressHeard(event, Date.now());
    });
    return () => {
      off();
      refresh.dispose();
    };
  }, [queryClient]);
  useRefreshOnEvents(['core:availability'], EVERY_BATCH_QUERY, REFRESH_WINDOW_MS);
}
