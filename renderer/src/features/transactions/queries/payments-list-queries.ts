import { hashKey, type Query, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { PaymentFilters, PaymentSummary, SearchInput } from '../../../../../shared/ipc/contract.ts';
import type { CallFn } from '../../../api/client.ts';
import { isOlderSummary } from '../../../domain/summary-order.ts';
import { channelQuery, keysetQuery, type KeysetPages } from '../../../queries/channel-query.ts';

export const PAGE_SIZE = 100;

export type PaymentPages = KeysetPages<'payments:search'>;

/** One search's pages; the input is the search without a cursor. */
export function paymentsSearchQuery(call: CallFn, input: SearchInput) {
  return keysetQuery(call, 'payments:search', input);
}

/** The count and per-currency sums of the whole result (not the loaded pages), as the core aggregates them. */
export function paymentsTotalsQuery(call: CallFn, filters: PaymentFilters) {
  return channelQuery(call, 'payments:totals', filters);
}

/**
 * Keeps only the first page of a search the list no longer shows: a search is read again on its
 * return, and an infinite query reads again every page it holds, one after the other (a list
 * scrolled fifty pages deep would be fifty searches before it showed anything new).
 */
export function keepFirstPage(queryClient: QueryClient, queryKey: QueryKey): void {
  const data = queryClient.getQueryData<PaymentPages>(queryKey);
  // Writing the same pages back would date them now (the time rows are read is what staleness is measured against) and cost every key typed a pass over the cache.
  if (data === undefined || data.pages.length <= 1) return;
  queryClient.setQueryData<PaymentPages>(queryKey, { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) }, { updatedAt: queryClient.getQueryState(queryKey)?.dataUpdatedAt });
}

/** A payment created while paging can shift the cursor window; never show the same row twice. */
export function rowsOfPages(data: PaymentPages | undefined): PaymentSummary[] {
  const seen = new Set<string>();
  const rows: PaymentSummary[] = [];
  for (const page of data?.pages ?? []) {
    for (const row of page.rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      rows.push(row);
    }
  }
  return rows;
}

/** Payments on the loaded pages that the core could not show at all (it logs their ids). */
export function skippedOfPages(data: PaymentPages | undefined): number {
  return (data?.pages ?? []).reduce((sum, page) => sum + (page.skipped ?? 0), 0);
}

export interface ListRefreshing {
  /** Reads the queries under `queryKey` again once the current burst of changes has passed. */
  refresh(queryKey: QueryKey): void;
  /** The search is deeper than one page: reading every page again per change would be a storm; the operator is told instead. */
  markStale(searchKey: string): void;
}

/** The list's searches are paged; a one-off search (the sandbox tools' open payments) is read again by its own screen. */
function isPagedSearch(query: Query): boolean {
  const data: unknown = query.state.data;
  return data === undefined || (typeof data === 'object' && data !== null && 'pages' in data);
}

function patchedPages(data: PaymentPages, summary: PaymentSummary): PaymentPages {
  return {
    ...data,
    pages: data.pages.map((page) =>
      page.rows.some((row) => row.id === summary.id) ? { ...page, rows: page.rows.map((row) => (row.id === summary.id && !isOlderSummary(summary, row) ? summary : row)) } : page,
    ),
  };
}

/**
 * The core announced a payment's summary after a change. Every cached search that shows the row
 * takes the summary as it is (no search); one that does not is read again, coalesced with the
 * burst, while it is one page deep. The totals of every filter are read again too: a row on screen
 * that changed status may have left (or joined) the result they count.
 */
export function paymentChangedInCache(queryClient: QueryClient, summary: PaymentSummary, refreshing: ListRefreshing): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: ['payments:search'], predicate: isPagedSearch })) {
    const data = query.state.data as PaymentPages | undefined;
    const shown = data?.pages.some((page) => page.rows.some((row) => row.id === summary.id)) ?? false;
    // A patched row is not a fresh read: the search keeps the time it was read, which staleness is measured against.
    if (data !== undefined && shown) queryClient.setQueryData<PaymentPages>(query.queryKey, patchedPages(data, summary), { updatedAt: query.state.dataUpdatedAt });
    // A read still running may have been answered before this change: it is read again after it.
    if (shown && query.state.fetchStatus !== 'fetching') continue;
    if (data === undefined || data.pages.length <= 1) refreshing.refresh(query.queryKey);
    else refreshing.markStale(hashKey(query.queryKey));
  }
  refreshing.refresh(['payments:totals']);
}
