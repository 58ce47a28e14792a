import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '../../../api/client.ts';
import { operatorTimeZone } from '../../../format/date-format.ts';
import { errorShapeOf } from '../../../queries/channel-query.ts';
import { useRefreshOnEvents } from '../../../queries/use-refresh-on-events.ts';
import { dashboardSummaryQuery } from '../queries/dashboard-queries.ts';
import { dashboardRequest } from '../stores/dashboard-store.ts';
import { useDashboard } from '../stores/dashboard.ts';

/** Payments change in bursts (a sync pass, a batch); the figures are read again once per burst. */
const SETTLE_MS = 1_000;

/** The figures for the chosen period and narrowing; the last ones stay on screen while new ones are read. */
export function useDashboardSummary() {
  const period = useDashboard((state) => state.period);
  const narrowing = useDashboard((state) => state.narrowing);
  const summary = useQuery({ ...dashboardSummaryQuery(call, dashboardRequest({ period, narrowing }, operatorTimeZone())), placeholderData: keepPreviousData });
  return { summary: summary.data ?? null, loading: summary.isFetching, error: errorShapeOf(summary.error) };
}

/** Reads the figures again after payments change. */
export function useDashboardRefresh(): void {
  useRefreshOnEvents(['payment:changed'], [['dashboard:summary']], SETTLE_MS);
}
