import { createStore, type StateCreator } from 'zustand/vanilla';
import type { OperationOutcome, PaymentSummary, Profile } from '../../../../../shared/ipc/contract.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import type { PaymentMethodChoice } from '../utils/payment-methods.ts';

/*
 * What the virtual terminal remembers between renders: which method is chosen, whether a request
 * is in flight and what came back. Card data never comes here; it lives in the form's inputs only.
 */

export type PaymentInstructions = NonNullable<PaymentSummary['instructions']>;

/** The profile a payment was taken on, as it was then. */
export type OutcomeProfile = Pick<Profile, 'id' | 'name' | 'environment'>;

/** What the outcome panel says beyond the outcome itself: which profile, which method, and where MB WAY rang. */
export interface OutcomeContext {
  /** An outcome belongs to its profile: switching profile afterwards does not make it the new one's. */
  readonly profile: OutcomeProfile;
  readonly method: PaymentMethodChoice;
  /** The `351#…` number an MB WAY request went to. */
  readonly phone: string | null;
}

export interface MethodSlice {
  method: PaymentMethodChoice;
  chooseMethod(method: PaymentMethodChoice): void;
}

export interface SubmissionSlice {
  submitting: boolean;
  /** When the request in flight was sent (Date.now()), for the slow-call notice; null when none is. */
  submittedAt: number | null;
  error: ErrorShape | null;
  outcome: OperationOutcome | null;
  outcomeContext: OutcomeContext | null;
  /** A Multibanco reference or bank account to read out, fetched once the payment exists. */
  instructions: PaymentInstructions | null;
  instructionsError: ErrorShape | null;
  startSubmission(): boolean;
  finishWithOutcome(outcome: OperationOutcome, context: OutcomeContext): void;
  finishWithError(error: ErrorShape): void;
  paymentStatusChanged(paymentId: string, status: PaymentStatus): void;
  instructionsLoaded(paymentId: string, instructions: PaymentInstructions | null, error: ErrorShape | null): void;
  dismissOutcome(): void;
  /** An OTP for the outcome on screen is out (the outcome's own continuation, not a new payment). */
  continuing: boolean;
  continueError: ErrorShape | null;
  startContinue(): boolean;
  /** The continuation's answer: a new outcome for the same payment (context kept), or why it failed. */
  finishContinue(result: { ok: true; value: OperationOutcome } | { ok: false; error: ErrorShape }): void;
}

/** A charge this console sent a moment ago, for the repeat warning (see chargeKey: no whole card number). */
export interface RecentCharge {
  readonly key: string;
  readonly at: number;
  readonly paymentId: string;
}

export interface RecentChargesSlice {
  recentCharges: readonly RecentCharge[];
  recordCharge(charge: RecentCharge): void;
  /** The latest charge with this key within `windowMs` before `now`, if any. */
  recentCharge(key: string, now: number, windowMs: number): RecentCharge | null;
}

export interface NoticeSlice {
  clearedForIdle: boolean;
  setClearedForIdle(cleared: boolean): void;
}

export type NewPaymentState = MethodSlice & SubmissionSlice & RecentChargesSlice & NoticeSlice;

const createMethodSlice: StateCreator<NewPaymentState, [], [], MethodSlice> = (set, get) => ({
  method: 'card',
  chooseMethod(method) {
    if (get().submitting || get().method === method) return;
    set({ method, error: null });
  },
});

const createSubmissionSlice: StateCreator<NewPaymentState, [], [], SubmissionSlice> = (set, get) => ({
  submitting: false,
  submittedAt: null,
  error: null,
  outcome: null,
  outcomeContext: null,
  instructions: null,
  instructionsError: null,
  startSubmission() {
    if (get().submitting) return false;
    set({ submitting: true, submittedAt: Date.now(), error: null, outcome: null, outcomeContext: null, instructions: null, instructionsError: null, clearedForIdle: false });
    return true;
  },
  finishWithOutcome(outcome, context) {
    set({ submitting: false, submittedAt: null, outcome, outcomeContext: context, error: null });
  },
  finishWithError(error) {
    set({ submitting: false, submittedAt: null, error });
  },
  paymentStatusChanged(paymentId, status) {
    const { outcome } = get();
    if (!outcome || outcome.paymentId !== paymentId || outcome.paymentStatus === status) return;
    // A later status (poller, webhook) settles an unknown or action-required outcome on screen.
    set({ outcome: { ...outcome, paymentStatus: status, pendingAction: status === 'requires_action' ? outcome.pendingAction : null } });
  },
  instructionsLoaded(paymentId, instructions, error) {
    if (get().outcome?.paymentId !== paymentId) return;
    set({ instructions, instructionsError: error });
  },
  dismissOutcome() {
    set({ outcome: null, outcomeContext: null, instructions: null, instructionsError: null, error: null, continueError: null });
  },
  continuing: false,
  continueError: null,
  startContinue() {
    if (get().continuing || get().outcome === null) return false;
    set({ continuing: true, continueError: null });
    return true;
  },
  finishContinue(result) {
    const { outcome } = get();
    if (!result.ok) {
      set({ continuing: false, continueError: result.error });
      return;
    }
    // An answer about another payment (the outcome was dismissed meanwhile) is not this screen's.
    set({ continuing: false, continueError: null, ...(outcome?.paymentId === result.value.paymentId ? { outcome: result.value } : {}) });
  },
});

/** Kept at most: a phone agent's last few minutes of charges. */
const RECENT_CHARGES_KEPT = 50;

const createRecentChargesSlice: StateCreator<NewPaymentState, [], [], RecentChargesSlice> = (set, get) => ({
  recentCharges: [],
  recordCharge(charge) {
    set({ recentCharges: [charge, ...get().recentCharges].slice(0, RECENT_CHARGES_KEPT) });
  },
  recentCharge(key, now, windowMs) {
    return get().recentCharges.find((charge) => charge.key === key && now - charge.at >= 0 && now - charge.at < windowMs) ?? null;
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
    ...createMethodSlice(...args),
    ...createSubmissionSlice(...args),
    ...createRecentChargesSlice(...args),
    ...createNoticeSlice(...args),
  }));
}
