import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { call, subscribe } from '../../../api/client.ts';
import { errorShapeOf } from '../../../queries/channel-query.ts';
import { pollerSummaryReported } from '../../../queries/poller-summary-query.ts';
import { useRefreshOnEvents } from '../../../queries/use-refresh-on-events.ts';
import { pollerQueueQuery } from '../queries/status-queue-queries.ts';
import { selectIsFiltered } from '../stores/status-queue-store.ts';
import { statusQueueStore, useStatusQueue } from '../stores/status-queue.ts';
import type { QueueEntry } from '../utils/selection.ts';

/** Next checks move on their own; the list is asked again this often even when no event arrives. */
const REFRESH_MS = 10_000;
/** Events (poller passes, payment and mandate changes) read the queue again at most this often. */
const REFRESH_WINDOW_MS = 300;
const NO_ENTRIES: QueueEntry[] = [];

/** The queue under the filters as last read; the rows of the last filters stay while new ones are read. */
export function useQueue() {
  const filters = useStatusQueue((state) => state.filters);
  const queryClient = useQueryClient();
  const queue = useQuery({ ...pollerQueueQuery(call, filters), placeholderData: keepPreviousData });
  return {
    entries: queue.data?.entries ?? NO_ENTRIES,
    total: queue.data?.total ?? 0,
    needsReview: queue.data?.needsReview ?? 0,
    /** Who polls for the ledger's consoles; null until read. */
    polledBy: queue.data?.polledBy ?? null,
    loading: queue.isPending,
    error: errorShapeOf(queue.error),
    refresh() {
      void queryClient.invalidateQueries({ queryKey: ['poller:queue'] });
    },
  };
}

/**
 * Keeps the queue current: after each poller pass, whenever a payment or mandate changes (once per
 * burst) and on a timer, with the progress of a running sync now; the selection follows rows out of the queue.
 */
export function useStatusQueueSync(): void {
  const queryClient = useQueryClient();
  const { entries, total, needsReview, loading } = useQueue();
  const filtered = useStatusQueue(selectIsFiltered);
  useEffect(() => statusQueueStore.getState().keepOnly(entries), [entries]);
  useEffect(() => {
    // An unfiltered answer counts the whole queue: the shell's badges may as well show it.
    if (!loading && !filtered) pollerSummaryReported(queryClient, { waiting: total, needsReview });
  }, [entries, filtered, loading]);
  useRefreshOnEvents(['poller:summary', 'payment:changed', 'mandate:changed'], [['poller:queue']], REFRESH_WINDOW_MS);
  useEffect(() => subscribe('poller:progress', (progress) => statusQueueStore.getState().progressReported(progress.done, progress.total)), []);
  useEffect(() => {
    const timer = window.setInterval(() => void queryClient.invalidateQueries({ queryKey: ['poller:queue'] }), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [queryClient]);
}
