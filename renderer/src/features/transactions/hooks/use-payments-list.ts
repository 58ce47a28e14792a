import { hashKey, keepPreviousData, useInfiniteQuery, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { call, subscribe } from '../../../api/client.ts';
import { errorShapeOf } from '../../../queries/channel-query.ts';
import { createCoalescedRefresh } from '../../../queries/coalesced-refresh.ts';
import { isReadBefore } from '../../../queries/keyset-list.ts';
import { useKeysetList } from '../../../queries/use-keyset-list.ts';
import { useSettledInput } from '../../../queries/use-settled-input.ts';
import { localeStore, useIntlLocale } from '../../../i18n/locale-store.ts';
import { intlLocaleFor } from '../../../i18n/translate.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { keepFirstPage, PAGE_SIZE, paymentChangedInCache, paymentsSearchQuery, paymentsTotalsQuery, rowsOfPages, skippedOfPages } from '../queries/payments-list-queries.ts';
import { transactionsStore, useTransactions } from '../stores/transactions.ts';
import { parseQuery } from '../utils/query-syntax.ts';
import type { ListSort } from '../../../../../shared/domain/saved-view.ts';
import { buildSearchInput, filtersOfSearch, type BuiltSearch, type TransactionFilters } from '../utils/search-input.ts';

/**
 * The totals count the whole result, which costs far more than a page (seconds over a million
 * payments, on a core of the machine's two the screen also needs): they are asked once typing
 * pauses, never per key.
 */
const TOTALS_PAUSE_MS = 300;
/** Changes to rows not on screen, and to the totals, are read again at most this often. */
const REFRESH_WINDOW_MS = 300;
const LOAD_MORE_THRESHOLD = 20;

function searchRequest(filters: TransactionFilters, queryText: string, sort: ListSort, gatewayIds: readonly string[], locale: string): BuiltSearch {
  return buildSearchInput(filters, parseQuery(queryText, gatewayIds, locale), PAGE_SIZE, undefined, sort);
}

/** The search the filter bar, the query and the order make, with what the query could not take. */
export function useSearchRequest(): BuiltSearch {
  const filters = useTransactions((state) => state.filters);
  const queryText = useTransactions((state) => state.queryText);
  const sort = useTransactions((state) => state.sort);
  const gateways = useWorkspace((state) => state.gateways);
  const locale = useIntlLocale();
  return useMemo(
    () =>
      searchRequest(
        filters,
        queryText,
        sort,
        gateways.map((gateway) => gateway.id),
        locale,
      ),
    [filters, queryText, sort, gateways, locale],
  );
}

/**
 * Reads the list's first page as the page starts, before the screen that shows it has rendered:
 * the screen's own search then finds it in the cache and shows it at once (and reads it again,
 * as every screen does when it mounts). The gateways are not known yet; the query text, which
 * only they could change, is empty until the operator types. A search the screen builds
 * otherwise (a pinned view, a production profile's environment) is its own entry.
 */
export function readFirstPageEarly(queryClient: QueryClient): void {
  const { filters, queryText, sort } = transactionsStore.getState();
  if (queryText.trim() !== '') return;
  const { input } = searchRequest(filters, queryText, sort, [], intlLocaleFor(localeStore.getState().locale));
  void queryClient.prefetchInfiniteQuery(paymentsSearchQuery(call, input));
}

/**
 * The list's pages for the search as it is now, asked at every change (a key typed, a filter
 * chosen): the answer to an older search fills only its own cache entry and never reaches the
 * screen, which keeps the rows of the last search it showed until the new ones come. The totals
 * follow the filters and query only (an order changes no total), once typing pauses.
 */
export function usePaymentsList() {
  const { input } = useSearchRequest();
  const searchQuery = paymentsSearchQuery(call, input);
  const search = useInfiniteQuery({ ...searchQuery, placeholderData: keepPreviousData });
  const settledFilters = useSettledInput(filtersOfSearch(input), TOTALS_PAUSE_MS);
  const totals = useQuery({ ...paymentsTotalsQuery(call, settledFilters ?? filtersOfSearch(input)), enabled: settledFilters !== undefined, placeholderData: keepPreviousData });
  const list = useKeysetList(search, rowsOfPages, LOAD_MORE_THRESHOLD);
  const queryClient = useQueryClient();
  const searchKey = hashKey(searchQuery.queryKey);
  const { queryKey } = searchQuery;
  // A search the list leaves (another search, another screen) keeps its first page only, for when it comes back.
  useEffect(() => () => keepFirstPage(queryClient, queryKey), [queryClient, searchKey]);
  const staleAt = useTransactions((state) => state.staleSearches[searchKey]);
  return {
    ...list,
    skipped: skippedOfPages(search.data),
    stale: isReadBefore(staleAt, list.readAt),
    /** Reads the search again from its first page (the pages below are dropped). */
    refresh() {
      void queryClient.resetQueries({ queryKey: searchQuery.queryKey, exact: true });
    },
    totals: totals.data ?? null,
    totalsError: errorShapeOf(totals.error),
  };
}

/** Keeps the cached searches and totals current when the core reports a payment changed (operation, poller, webhook, another console). */
export function usePaymentChangedRefresh(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const refresh = createCoalescedRefresh(queryClient, REFRESH_WINDOW_MS);
    const refreshing = {
      refresh: refresh.request,
      markStale: (searchKey: string) => transactionsStore.getState().markSearchStale(searchKey, Date.now()),
    };
    const off = subscribe('payment:changed', (event) => paymentChangedInCache(queryClient, event.summary, refreshing));
    return () => {
      off();
      refresh.dispose();
    };
  }, [queryClient]);
}
