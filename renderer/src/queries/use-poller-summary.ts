import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { call, subscribe } from '../api/client.ts';
import { pollerSummaryQuery, pollerSummaryReported, type PollerSummary } from './poller-summary-query.ts';
import { useRefreshOnEvents } from './use-refresh-on-events.ts';

/** A payment changed by an operator or a webhook between passes asks again at most this often. */
const REFRESH_WINDOW_MS = 300;

export function usePollerSummary<T>(select: (summary: PollerSummary | undefined) => T): T {
  return select(useQuery(pollerSummaryQuery(call)).data);
}

/**
 * Keeps the shell's badges current: the poller reports after each pass; a payment changed by an
 * operator or a webhook between passes can enter or leave "needs review", so that asks again.
 */
export function usePollerSummarySync(): void {
  const queryClient = useQueryClient();
  useEffect(() => subscribe('poller:summary', (summary) => pollerSummaryReported(queryClient, summary)), [queryClient]);
  useRefreshOnEvents(['payment:changed'], [pollerSummaryQuery(call).queryKey], REFRESH_WINDOW_MS);
}
