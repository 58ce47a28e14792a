import type { OperationOutcome, RefundAnswer } from '../../shared/ipc/contract.ts';

/** A refund's outcome, for tests where no four-eyes threshold applies (it fails the test if one did). */
export function refunded(answer: RefundAnswer): OperationOutcome {
  if ('approvalRequested' in answer) throw new Error(`expected a refund, got approval request ${answer.approvalRequested.id}`);
  return answer;
}
