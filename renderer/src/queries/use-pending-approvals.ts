import { useQuery } from '@tanstack/react-query';
import { call } from '../api/client.ts';
import { badgeCount } from './poller-summary-query.ts';
import { pendingApprovalsQuery } from './approvals-badge-query.ts';
import { useRefreshOnEvents } from './use-refresh-on-events.ts';

/** A burst of decisions (a colleague working the queue) reads the count once. */
const REFRESH_WINDOW_MS = 300;

/** The count for the badge, or null (none known, or none waiting); asked only in team mode. */
export function usePendingApprovals(enabled: boolean): number | null {
  const { data } = useQuery({ ...pendingApprovalsQuery(call), enabled });
  return enabled ? badgeCount(data?.pending) : null;
}

/** Every `approvals:list` answer: the badge's and the Approvals screen's. */
const APPROVALS_KEY = ['approvals:list'] as const;

/** Every console hears a request made, decided or expired on any console of the ledger: the badge and the queue are read again. */
export function usePendingApprovalsSync(): void {
  useRefreshOnEvents(['approval:changed'], [APPROVALS_KEY], REFRESH_WINDOW_MS);
}
