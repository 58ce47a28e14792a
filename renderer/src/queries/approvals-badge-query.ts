import type { CallFn } from '../api/client.ts';
import { channelQuery } from './channel-query.ts';

/**
 * The shell's approvals badge: how many refund requests wait for this operator's decision. The
 * core counts them (`pending`, never this operator's own requests), so one row is enough to ask for.
 */
export function pendingApprovalsQuery(call: CallFn) {
  return channelQuery(call, 'approvals:list', { status: 'pending', limit: 1 });
}

/** Every pending request the operator can see (a payment page looks for its own among them). */
export function pendingRequestsQuery(call: CallFn) {
  return channelQuery(call, 'approvals:list', { status: 'pending', limit: 500 });
}

/** The requests still waiting on one payment, oldest first as the core sends them. */
export function pendingRequestsFor<R extends { readonly paymentId: string; readonly status: string }>(requests: readonly R[], paymentId: string): R[] {
  return requests.filter((request) => request.paymentId === paymentId && request.status === 'pending');
}
