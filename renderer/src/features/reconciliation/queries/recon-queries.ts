import type { QueryClient } from '@tanstack/react-query';
import type { ReconClass } from '../../../../../shared/domain/recon.ts';
import type { ReconRow } from '../../../../../shared/ipc/contract.ts';
import type { CallFn } from '../../../api/client.ts';
import { channelKey, channelQuery, keysetQuery, type KeysetPages } from '../../../queries/channel-query.ts';
import type { ReconCache } from '../stores/reconciliation-store.ts';

export const ROWS_PAGE_SIZE = 200;
const SESSIONS_SHOWN = 100;

export type ReconRowPages = KeysetPages<'recon:rows'>;

export interface RowsView {
  readonly sessionId: string;
  /** null: every class. */
  readonly reconClass: ReconClass | null;
  readonly text: string;
}

export function reconSessionsQuery(call: CallFn) {
  return channelQuery(call, 'recon:sessions', { limit: SESSIONS_SHOWN });
}

/** A session with its count and gross per class and currency. */
export function reconSessionQuery(call: CallFn, sessionId: string) {
  return channelQuery(call, 'recon:session', { sessionId });
}

/** A session's rows in file order, of one class or all, containing a text or not; one page per cursor step. */
export function reconRowsQuery(call: CallFn, view: RowsView) {
  const text = view.text.trim();
  return keysetQuery(call, 'recon:rows', {
    sessionId: view.sessionId,
    limit: ROWS_PAGE_SIZE,
    ...(view.reconClass === null ? {} : { reconClass: view.reconClass }),
    ...(text === '' ? {} : { text }),
  });
}

export function rowsOfPages(data: ReconRowPages | undefined): ReconRow[] {
  return (data?.pages ?? []).flatMap((page) => page.rows);
}

/**
 * A resolved row replaces itself in every cached page of its session (a link re-classifies it: it
 * stays in view, showing its new class, until the rows are read again); the totals are read again.
 */
export function rowResolvedInCache(queryClient: QueryClient, sessionId: string, resolved: ReconRow): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: ['recon:rows', { sessionId }] })) {
    const data = query.state.data as ReconRowPages | undefined;
    if (data === undefined) continue;
    queryClient.setQueryData<ReconRowPages>(query.queryKey, {
      ...data,
      pages: data.pages.map((page) => ({ ...page, rows: page.rows.map((row) => (row.id === resolved.id ? resolved : row)) })),
    });
  }
  void queryClient.invalidateQueries({ queryKey: channelKey('recon:session', { sessionId }) });
}

export function reconCacheOf(queryClient: QueryClient): ReconCache {
  return {
    sessionsChanged: () => queryClient.invalidateQueries({ queryKey: ['recon:sessions'] }),
    rowResolved: (sessionId, row) => rowResolvedInCache(queryClient, sessionId, row),
  };
}
