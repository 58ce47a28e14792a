/**
 * Four-eyes refunds: what `payments:refund` and the `approvals:*` channels call. Solo mode has one
 * operator, so a refund is just a refund and there is nothing to approve; team mode keeps requests
 * and thresholds in the shared ledger (team-approvals.ts).
 */
import type { ApprovalStatus } from '../../../shared/domain/operators.ts';
import type { ApprovalRequest, OperationOutcome, RefundAnswer, RefundThreshold } from '../../../shared/ipc/contract.ts';
import type { InvocationContext } from '../door.ts';
import { NotFoundError, NotSupportedError } from '../errors.ts';
import type { PaymentService } from '../payments/payment-service.ts';

export interface RefundInput {
  readonly paymentId: string;
  readonly amount: string;
  readonly expectedRefundable: string;
  readonly reason: string;
}

export interface ApprovalDecision {
  readonly requestId: string;
  readonly decision: 'approve' | 'reject';
  readonly note: string;
}

export interface RefundApprovals {
  refund(input: RefundInput, context: InvocationContext): Promise<RefundAnswer>;
  list(filter: { readonly status?: ApprovalStatus | undefined; readonly limit: number }): Promise<{ requests: ApprovalRequest[]; pending: number }>;
  decide(decision: ApprovalDecision, context: InvocationContext): Promise<{ request: ApprovalRequest; outcome: OperationOutcome | null }>;
  thresholds(): Promise<RefundThreshold[]>;
  saveThresholds(profileId: string, thresholds: ReadonlyArray<{ readonly currency: string; readonly amount: string }>, context: InvocationContext): Promise<RefundThreshold[]>;
  /** Announces requests made or decided on other consoles (approval:changed); returns the unsubscribe. */
  followElsewhere(): () => void;
}

export function soloRefundApprovals(payments: PaymentService): RefundApprovals {
  return {
    refund: (input, context) => payments.refund(input, context),
    list: async () => ({ requests: [], pending: 0 }),
    decide: (decision) => Promise.reject(new NotFoundError(`No approval request with id ${decision.requestId}: refunds need no second operator on a ledger of one`)),
    thresholds: async () => [],
    followElsewhere: () => () => undefined,
    saveThresholds: () => Promise.reject(new NotSupportedError('Four-eyes thresholds exist in team mode only (a shared PostgreSQL ledger); on this computer there is one operator')),
  };
}
