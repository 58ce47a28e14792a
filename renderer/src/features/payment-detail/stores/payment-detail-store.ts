import { createStore, type StateCreator } from 'zustand/vanilla';
import type { OperationEntry, OperationOutcome, PaymentDetail, PaymentSummary, WireEntry } from '../../../../../shared/ipc/contract.ts';
import type { Envelope, ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { OperationKind, PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import type { CallFn } from '../../../api/client.ts';

export type PaymentAction = 'capture' | 'refund' | 'void' | 'rebill' | 'continueAction' | 'stopSchedule' | 'sync';

/** Which payment the page shows; the payment itself is in the query cache (queries/payment-detail-queries.ts). */
export interface DetailSlice {
  paymentId: string | null;
  open(paymentId: string): void;
}

/** What the store tells the query cache, which holds the payment. */
export interface DetailCache {
  /** An operation was answered: the payment is read again (its time line and allowed actions changed). */
  detailChanged(paymentId: string): Promise<void>;
  /** A sync answers with the payment as it is now. */
  detailAnswered(detail: PaymentDetail): void;
}

export interface ActionsSlice {
  inFlight: PaymentAction | null;
  /** When the action in flight started (Date.now()), for the slow-call notice. */
  inFlightSince: number | null;
  actionError: ErrorShape | null;
  lastOutcome: { action: PaymentAction; outcome: OperationOutcome } | null;
  capture(amount: string, expectedCapturable: string): Promise<boolean>;
  refund(amount: string, expectedRefundable: string, reason: string): Promise<boolean>;
  voidAuthorization(expectedCapturable: string): Promise<boolean>;
  /** A new debit referencing this settled sale, typically to collect again after a chargeback. */
  rebill(amount: string, reason: string): Promise<boolean>;
  /**
   * The customer completed the gateway's step (3-D Secure) out of band: resubmit the payment; or
   * send the one-time password they read out, already checked with `checkOtp`.
   */
  continueAction(otp?: string): Promise<boolean>;
  /** Stops the instalments of the plan that the gateway has not charged yet. */
  stopSchedule(): Promise<boolean>;
  sync(): Promise<boolean>;
  clearActionResult(): void;
}

export type PaymentDetailState = DetailSlice & ActionsSlice;

const createDetailSlice: StateCreator<PaymentDetailState, [], [], DetailSlice> = (set, get) => ({
  paymentId: null,
  open(paymentId) {
    if (get().paymentId !== paymentId) set({ paymentId, actionError: null, lastOutcome: null });
  },
});

const createActionsSlice =
  (call: CallFn, cache: DetailCache): StateCreator<PaymentDetailState, [], [], ActionsSlice> =>
  (set, get) => {
    /**
     * One money-moving request at a time per screen: the store refuses a second one while the
     * first is in flight, whatever the buttons look like.
     */
    async function runOperation(action: Exclude<PaymentAction, 'sync'>, send: (paymentId: string) => Promise<Envelope<OperationOutcome>>): Promise<boolean> {
      const { paymentId, inFlight } = get();
      if (!paymentId || inFlight !== null) return false;
      set({ inFlight: action, inFlightSince: Date.now(), actionError: null, lastOutcome: null });
      const result = await send(paymentId);
      if (get().paymentId !== paymentId) {
        set({ inFlight: null, inFlightSince: null });
        return false;
      }
      if (!result.ok) {
        set({ inFlight: null, inFlightSince: null, actionError: result.error });
        return false;
      }
      set({ lastOutcome: { action, outcome: result.value } });
      await cache.detailChanged(paymentId);
      set({ inFlight: null, inFlightSince: null });
      return true;
    }

    return {
      inFlight: null,
      inFlightSince: null,
      actionError: null,
      lastOutcome: null,
      capture: (amount, expectedCapturable) =>
        runOperation('capture', (paymentId) => call('payments:capture', { paymentId, amount, expectedCapturable })),
      refund: (amount, expectedRefundable, reason) =>
        runOperation('refund', (paymentId) => call('payments:refund', { paymentId, amount, expectedRefundable, reason })),
      voidAuthorization: (expectedCapturable) => runOperation('void', (paymentId) => call('payments:void', { paymentId, expectedCapturable })),
      rebill: (amount, reason) => runOperation('rebill', (paymentId) => call('payments:rebill', { paymentId, amount, reason })),
      continueAction: (otp) => runOperation('continueAction', (paymentId) => call('payments:continueAction', otp === undefined ? { paymentId } : { paymentId, otp })),
      stopSchedule: () => runOperation('stopSchedule', (paymentId) => call('payments:stopSchedule', { paymentId })),
      async sync() {
        const { paymentId, inFlight } = get();
        if (!paymentId || inFlight !== null) return false;
        set({ inFlight: 'sync', inFlightSince: Date.now(), actionError: null, lastOutcome: null });
        const result = await call('payments:sync', { paymentId });
        if (get().paymentId !== paymentId) {
          set({ inFlight: null, inFlightSince: null });
          return false;
        }
        if (!result.ok) {
          set({ inFlight: null, inFlightSince: null, actionError: result.error });
          return false;
        }
        cache.detailAnswered(result.value);
        set({ inFlight: null, inFlightSince: null });
        return true;
      },
      clearActionResult() {
        set({ actionError: null, lastOutcome: null });
      },
    };
  };

export function createPaymentDetailStore(call: CallFn, cache: DetailCache) {
  return createStore<PaymentDetailState>()((...args) => ({
    ...createDetailSlice(...args),
    ...createActionsSlice(call, cache)(...args),
  }));
}

// ---------- selectors ----------

export type TimelineEntry =
  | { readonly type: 'operation'; readonly at: string; readonly operation: OperationEntry }
  | {
      readonly type: 'status';
      readonly at: string;
      readonly from: PaymentStatus | null;
      readonly to: PaymentStatus;
      readonly source: PaymentDetail['statusHistory'][number]['source'];
      readonly detail: string | null;
    };

/**
 * Operations and status changes on one time line, oldest first, so it reads like the journal.
 * At the same instant the operation comes first: it is what caused the status change.
 */
export function selectTimeline(detail: Pick<PaymentDetail, 'operations' | 'statusHistory'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...detail.operations.map((operation) => ({ type: 'operation' as const, at: operation.createdAt, operation })),
    ...detail.statusHistory.map((event) => ({ type: 'status' as const, at: event.at, from: event.from, to: event.to, source: event.source, detail: event.detail })),
  ];
  return entries
    .map((entry, index) => ({ entry, index, time: Date.parse(entry.at) }))
    .sort((a, b) => a.time - b.time || (a.entry.type === b.entry.type ? a.index - b.index : a.entry.type === 'operation' ? -1 : 1))
    .map(({ entry }) => entry);
}

/** Which action buttons the screen offers: the core's `actions` decides, the screen never guesses. */
export function selectOfferedActions(detail: Pick<PaymentDetail, 'actions'> | null): PaymentAction[] {
  if (!detail) return [];
  const order: PaymentAction[] = ['capture', 'void', 'refund', 'rebill', 'continueAction', 'stopSchedule', 'sync'];
  return order.filter((action) => detail.actions[action]);
}

const BOOKED_BY_GATEWAY: ReadonlySet<OperationKind> = new Set<OperationKind>(['chargeback', 'chargeback_reversal']);

/**
 * Chargebacks and their reversals are booked by the card scheme through the gateway, never sent
 * from the console: the timeline marks them so nobody looks for the operator who "did" them.
 */
export function isBookedByGateway(operation: Pick<OperationEntry, 'kind'>): boolean {
  return BOOKED_BY_GATEWAY.has(operation.kind);
}

/**
 * The "Charged back" amount is shown only once the issuer has actually taken money back. The
 * contract's decimals carry no sign or exponent, so any non-zero digit means a non-zero amount.
 */
export function hasChargedBack(payment: Pick<PaymentSummary, 'chargedBack'>): boolean {
  return /[1-9]/.test(payment.chargedBack);
}

/** The redacted wire log entries shown, as plain text, for pasting into a support ticket. */
export function wireLogAsText(entries: readonly WireEntry[]): string {
  return entries
    .map((entry) => {
      const lines = [`# ${entry.at} ${entry.method} ${entry.url}${entry.repeats > 1 ? ` (×${entry.repeats}, last ${entry.lastAt ?? entry.at})` : ''}`];
      for (const [name, value] of Object.entries(entry.requestHeaders)) lines.push(`> ${name}: ${value}`);
      if (entry.requestBody) lines.push('', entry.requestBody);
      if (entry.responseStatus !== null) {
        lines.push('', `< HTTP ${entry.responseStatus}${entry.durationMs !== null ? ` (${entry.durationMs} ms)` : ''}`);
        for (const [name, value] of Object.entries(entry.responseHeaders)) lines.push(`< ${name}: ${value}`);
        if (entry.responseBody) lines.push('', entry.responseBody);
      }
      if (entry.error) lines.push('', `! ${entry.error}`);
      return lines.join('\n');
    })
    .join('\n\n');
}
