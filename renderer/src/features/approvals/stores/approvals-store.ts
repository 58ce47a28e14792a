import { createStore } from 'zustand/vanilla';
import type { ApprovalRequest, OperationOutcome } from '../../../../../shared/ipc/contract.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { QueueFilter } from '../utils/approval-queue.ts';

export interface DecisionResult {
  readonly request: ApprovalRequest;
  readonly outcome: OperationOutcome | null;
}

/** What the operator chose on the Approvals screen and what their last decision gave. */
export interface ApprovalsState {
  filter: QueueFilter;
  /** The request whose details and decision panel are open. */
  openId: string | null;
  deciding: 'approve' | 'reject' | null;
  decisionError: ErrorShape | null;
  lastDecision: DecisionResult | null;
  setFilter(filter: QueueFilter): void;
  open(requestId: string | null): void;
  startDecision(decision: 'approve' | 'reject'): void;
  decided(result: DecisionResult | null, error: ErrorShape | null): void;
}

export function createApprovalsStore() {
  return createStore<ApprovalsState>()((set) => ({
    filter: 'all',
    openId: null,
    deciding: null,
    decisionError: null,
    lastDecision: null,
    setFilter: (filter) => set({ filter }),
    open: (openId) => set({ openId, decisionError: null, lastDecision: null }),
    startDecision: (decision) => set({ deciding: decision, decisionError: null, lastDecision: null }),
    decided: (result, error) => set({ deciding: null, lastDecision: result, decisionError: error }),
  }));
}
