import { createStore, type StateCreator } from 'zustand/vanilla';
import type { OperationOutcome } from '../../../../../shared/ipc/contract.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { PaymentStatus } from '../../../../../shared/domain/schemas.ts';

/*
 * What the virtual terminal remembers between renders: whether a charge is in flight and what
 * came back. Card data never comes here; it lives in the form's inputs only.
 */

export interface SubmissionSlice {
  submitting: boolean;
  error: ErrorShape | null;
  outcome: OperationOutcome | null;
  startSubmission(): boolean;
  finishWithOutcome(outcome: OperationOutcome): void;
  finishWithError(error: ErrorShape): void;
  paymentStatusChanged(paymentId: string, status: PaymentStatus): void;
  dismissOutcome(): void;
}

export interface NoticeSlice {
  clearedForIdle: boolean;
  setClearedForIdle(cleared: boolean): void;
}

export type NewPaymentState = SubmissionSlice & NoticeSlice;

const createSubmissionSlice: StateCreator<NewPaymentState, [], [], SubmissionSlice> = (set, get) => ({
  submitting: false,
  error: null,
  outcome: null,
  startSubmission() {
    if (get().submitting) return false;
    set({ submitting: true, error: null, outcome: null, clearedForIdle: false });
    return true;
  },
  finishWithOutcome(outcome) {
    set({ submitting: false, outcome, error: null });
  },
  finishWithError(error) {
    set({ submitting: false, error });
  },
  paymentStatusChanged(paymentId, status) {
    const { outcome } = get();
    if (!outcome || outcome.paymentId !== paymentId || outcome.paymentStatus === status) return;
    // A later status (poller, webhook) settles an unknown or action-required outcome on screen.
    set({ outcome: { ...outcome, paymentStatus: status, pendingAction: status === 'requires_action' ? outcome.pendingAction : null } });
  },
  dismissOutcome() {
    set({ outcome: null, error: null });
  },
});

const createNoticeSlice: StateCreator<NewPaymentState, [], [], NoticeSlice> = (set) => ({
  clearedForIdle: false,
  setClearedForIdle(cleared) {
    set({ clearedForIdle: cleared });
  },
});

export function createNewPaymentStore() {
  return createStore<NewPaymentState>()((...args) => ({
    ...createSubmissionSlice(...args),
    ...createNoticeSlice(...args),
  }));
}
