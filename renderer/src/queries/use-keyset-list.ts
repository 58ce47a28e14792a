import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { errorShapeOf } from './channel-query.ts';
import { shouldLoadMore, type KeysetListState } from './keyset-list.ts';

export interface KeysetList<Row> extends KeysetListState {
  readonly rows: Row[];
  /** No answer yet for the search on screen (the first one, or new filters still reading). */
  readonly searching: boolean;
  /** When the rows on screen were read (a row patched from an event does not count). */
  readonly readAt: number;
  loadMoreNear(lastVisibleIndex: number): void;
  retryNextPage(): void;
}

/** A paged grid's view of its infinite query: the rows of every loaded page, and when to ask for the next. */
export function useKeysetList<Page, PageParam, Row>(
  query: UseInfiniteQueryResult<InfiniteData<Page, PageParam>, Error>,
  rowsOf: (data: InfiniteData<Page, PageParam> | undefined) => Row[],
  threshold: number,
): KeysetList<Row> {
  // `rowsOf` is a plain function of the pages: the rows change only when they do.
  const rows = useMemo(() => rowsOf(query.data), [query.data]);
  const state: KeysetListState = { rowCount: rows.length, hasMore: query.hasNextPage, fetching: query.isFetching, error: errorShapeOf(query.error) };
  return {
    ...state,
    rows,
    searching: query.isPending || (query.isPlaceholderData && query.isFetching),
    readAt: query.dataUpdatedAt,
    loadMoreNear(lastVisibleIndex) {
      if (shouldLoadMore(state, lastVisibleIndex, threshold)) void query.fetchNextPage({ cancelRefetch: false });
    },
    retryNextPage() {
      void query.fetchNextPage();
    },
  };
}
