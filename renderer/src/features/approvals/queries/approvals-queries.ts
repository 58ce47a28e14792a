import type { QueryClient } from '@tanstack/react-query';
import type { CallFn } from '../../../api/client.ts';
import { channelQuery } from '../../../queries/channel-query.ts';
import { queueInput, type QueueFilter } from '../utils/approval-queue.ts';

/** The queue under a filter; `approval:changed` reads every one of them again (queries/use-pending-approvals.ts). */
export function approvalsQueueQuery(call: CallFn, filter: QueueFilter) {
  return channelQuery(call, 'approvals:list', queueInput(filter));
}

export function thresholdsQuery(call: CallFn) {
  return channelQuery(call, 'approvals:thresholds', {});
}

/** A decision here is also announced as `approval:changed`; reading now spares the operator the wait. */
export function approvalsChanged(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['approvals:list'] });
}
