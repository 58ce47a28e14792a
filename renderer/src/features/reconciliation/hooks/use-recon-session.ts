import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ReconSession } from '../../../../../shared/ipc/contract.ts';
import { call } from '../../../api/client.ts';
import { errorShapeOf } from '../../../queries/channel-query.ts';
import { useKeysetList } from '../../../queries/use-keyset-list.ts';
import { reconRowsQuery, reconSessionQuery, reconSessionsQuery, rowsOfPages } from '../queries/recon-queries.ts';
import { useReconciliation } from '../stores/reconciliation.ts';

/** Rows left below the last one shown when the next page is asked for. */
const LOAD_AHEAD = 20;
const NO_SESSIONS: ReconSession[] = [];

/** Earlier sessions, newest first. */
export function useReconSessions() {
  const sessions = useQuery(reconSessionsQuery(call));
  return { sessions: sessions.data ?? NO_SESSIONS, error: errorShapeOf(sessions.error) };
}

/** The open session with its count and gross per class and currency; null while none is open or it is being read. */
export function useReconSummary() {
  const sessionId = useReconciliation((state) => state.openSessionId);
  const summary = useQuery({ ...reconSessionQuery(call, sessionId ?? ''), enabled: sessionId !== null });
  return { summary: sessionId === null ? null : (summary.data ?? null), error: errorShapeOf(summary.error) };
}

/** The open session's rows of the class and text chosen, paged as the operator scrolls. */
export function useReconRows() {
  const sessionId = useReconciliation((state) => state.openSessionId);
  const reconClass = useReconciliation((state) => state.reconClass);
  const text = useReconciliation((state) => state.text);
  const rows = useInfiniteQuery({ ...reconRowsQuery(call, { sessionId: sessionId ?? '', reconClass, text }), enabled: sessionId !== null });
  return useKeysetList(rows, rowsOfPages, LOAD_AHEAD);
}
