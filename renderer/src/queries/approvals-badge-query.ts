import type { CallFn } from '../api/client.ts';
import { channelQuery } from './channel-query.ts';

/**
 * The shell's approvals badge: how many refund requests wait for this operator's decision. The
 * core counts them (`pending`, never this operator's own requests), so one row is enough to ask for.
 */
export function pendingApprovalsQuery(call: CallFn) {
  return channelQuery(call, 'approvals:list', { status: 'pending', limit: 1 });
}
