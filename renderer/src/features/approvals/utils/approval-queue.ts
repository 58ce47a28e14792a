import type { ApprovalRequest } from '../../../../../shared/ipc/contract.ts';
import type { OperatorRights } from '../../../queries/operator-query.ts';

/** What a request offers this operator: a decision, or why not (shown instead of the buttons). */
export type DecisionOffer = 'decide' | 'own-request' | 'no-right' | 'decided';

/**
 * A pending request is decided by someone else holding the approval right: its requester sees it
 * and follows it, but is never offered the buttons (the core refuses them anyway).
 */
export function decisionOffer(request: Pick<ApprovalRequest, 'status' | 'requestedBy'>, rights: OperatorRights): DecisionOffer {
  if (request.status !== 'pending') return 'decided';
  if (rights.me !== null && request.requestedBy === rights.me.login) return 'own-request';
  if (!rights.may('approve_refund')) return 'no-right';
  return 'decide';
}

/** The queue as the core sends it (pending first, oldest first; then decided ones, newest first), narrowed to what the operator asked to see. */
export type QueueFilter = 'all' | ApprovalRequest['status'];

export const QUEUE_FILTERS: readonly QueueFilter[] = ['all', 'pending', 'approved', 'rejected', 'expired'];

export function queueInput(filter: QueueFilter): { status?: ApprovalRequest['status']; limit: number } {
  return filter === 'all' ? { limit: APPROVALS_SHOWN } : { status: filter, limit: APPROVALS_SHOWN };
}

/** As many as the channel gives at once; older decided requests are in the audit log. */
export const APPROVALS_SHOWN = 500;

/** A pending request past its expiry is shown as lapsed at once, before the core has marked it. */
export function hasLapsed(request: Pick<ApprovalRequest, 'status' | 'expiresAt'>, nowMs: number): boolean {
  return request.status === 'pending' && Date.parse(request.expiresAt) <= nowMs;
}
