import { queryOptions, skipToken } from '@tanstack/react-query';
import type { DashboardInput } from '../../../../../shared/domain/dashboard.ts';
import type { CallFn } from '../../../api/client.ts';
import { fetchChannel } from '../../../queries/channel-query.ts';

/** The figures of a period; none asked for while the days chosen are no period (the last figures stay). */
export function dashboardSummaryQuery(call: CallFn, input: DashboardInput | null) {
  return queryOptions({
    queryKey: ['dashboard:summary', input] as const,
    queryFn: input === null ? skipToken : () => fetchChannel(call, 'dashboard:summary', input),
  });
}
