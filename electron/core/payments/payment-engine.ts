/**
 * The journal discipline and the one state machine for payment status changes, shared by every
 * use-case, by sync, by webhooks and by the recovery pass.
 *
 * - An operation is written as an intent (balance re-checked in the same transaction) and marked
 *   sent before any HTTP call; the answer completes it; a timeout or crash leaves it unknown and an
 *   unknown is resolved by asking the gateway before anything else may act on the payment.
 * - While its call is open, an operation holds a lease in the ledger (renewed, plus the gateway's
 *   settle window), visible to every process on the ledger. A lookup that finds nothing before the
 *   lease ends proves nothing: the operation stays unresolved and keeps its amount reserved.
 * - A status report from the gateway (status answer or webhook) is applied once and never
 *   backwards: a final outcome is never replaced by a pending one, an event older than the newest
 *   applied one is ignored, and a final report contradicting a final outcome sends the payment to
 *   needs review instead of moving money state.
 */
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { OperationKind, PaymentKind, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { OperationOutcome } from '../../../shared/ipc/contract.ts';
import { formatDecimal, MoneyFormatError, parseDecimal } from '../../../shared/money/money.ts';
import type { Auditor } from '../audit.ts';
import type { EventBus, InvocationContext } from '../door.ts';
import { ConsoleError, NotFoundError, UnexpectedGatewayResponseError, ValidationError, leavesOutcomeUnknown } from '../errors.ts';
import type { CallProgress, OperationResult, PaymentRef, PaymentResult, PaymentStart, PendingAction } from '../gateways/types.ts';
import { checkMerchantReference } from '../gateways/reference-rule.ts';
import { newOperationId, newPaymentId } from '../ids.ts';
import type { Ledger } from '../ledger/port.ts';
import type { MaskedCard, OperationRow, PaymentPatch, PaymentRow, StatusEvent } from '../ledger/types.ts';
import type { Clock, Logger } from '../ports.ts';
import type { BoundAdapter, ProfileService } from '../profiles/profile-service.ts';
import { paymentSummarySchema } from '../../../shared/ipc/contract.ts';
import { fitRow } from '../list-rows.ts';
import { applyGatewayRules, releasesRemainder } from './balance-policy.ts';
import { presentSummary } from './presenters.ts';
import { derivePaymentStatus } from './status.ts';

/** Reads of a payment that keeps changing under an announcement before the last one read is announced as it is. */
const CONSISTENT_READ_ATTEMPTS = 3;

/**
 * A gateway's answer to a call whose intent was made durable before the call, or to a status
 * check: committed without waiting for the disk (TransactionOptions.deferFlush). Losing it to a
 * power cut leaves the operation sent, which recovery resolves from the gateway, or the payment
 * due for the same check again; the next durable commit, or the audit anchor's, puts it on the disk.
 */
export const GATEWAY_ANSWER = { deferFlush: true } as const;

/** A payment and its journal as read earlier in the same unit of work, with nothing written to them since. */
interface JournalRead {
  readonly payment: PaymentRow;
  readonly operations: readonly OperationRow[];
}

export interface PaymentEngineDeps {
  readonly ledger: Ledger;
  readonly profiles: ProfileService;
  readonly clock: Clock;
  readonly bus: EventBus;
  readonly auditor: Auditor;
  readonly logger: Logger;
  /** Names this console instance in the leases it holds (default: a random id per start). */
  readonly instanceId?: string;
  /** How long a lease lasts without renewal (default LEASE_TTL_MS); renewed every third of it. */
  readonly leaseTtlMs?: number;
}

/** A lease outlives a missed renewal or two; a crashed holder's lease ends this long after its last renewal. */
export const LEASE_TTL_MS = 15_000;

/** What a gateway said about the base payment, from a status answer or a webhook. */
export interface GatewayReport {
  readonly status: PaymentStatus;
  readonly final: boolean;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
  readonly pendingAction?: PendingAction | null;
  /** When the gateway says the change happened (webhooks); null for status answers. */
  readonly occurredAt: Date | null;
  /** The gateway's id of the payment, when the report carries it (a webhook may beat the HTTP answer). */
  readonly gatewayTransactionId?: string | null;
}

export type ReportEffect = 'applied' | 'unchanged' | 'stale' | 'conflict' | 'no-initial-operation';

export const INITIAL_KINDS: ReadonlySet<OperationKind> = new Set(['purchase', 'authorize', 'mit']);
const UNRESOLVED = new Set(['intent', 'sent', 'unknown']);

/** Not final: the call's outcome is unknown, or the gateway said a follow-up operation is pending. */
export function isOpenOperation(operation: OperationRow): boolean {
  return UNRESOLVED.has(operation.state) || (operation.state === 'pending' && !INITIAL_KINDS.has(operation.kind));
}
const FINAL_STATES = new Set(['succeeded', 'declined', 'failed']);

export interface StartPaymentInput<T> {
  readonly profileId: string;
  readonly kind: PaymentKind;
  readonly method: string;
  readonly operationKind: Extract<OperationKind, 'purchase' | 'authorize' | 'mit'>;
  /** How the payment starts, for the gateway's preflight and the timeline. */
  readonly start: PaymentStart;
  readonly amountMinor: bigint;
  /** What the first operation moves, when it is less than the payment (the first of several instalments). */
  readonly operationAmountMinor?: bigint;
  readonly currency: string;
  readonly merchantReference: string;
  readonly description: string | null;
  readonly customer: { name?: string | undefined; email?: string | undefined; phone?: string | undefined };
  readonly card: MaskedCard | null;
  readonly moto: boolean;
  readonly reason: string | null;
  /** Audit details of the intent (never card data beyond BIN/last 4). */
  readonly auditDetails: Record<string, unknown>;
  /**
   * Picks what the payment is made with from a bound adapter (`requireCapability`); run once before
   * anything is journaled, so a gateway without it changes nothing.
   */
  readonly using: (bound: BoundAdapter) => T;
  readonly call: (using: T, progress: CallProgress) => Promise<PaymentResult>;
  /** Runs inside the completing unit of work when the gateway answered (ledger calls only). */
  readonly onAnswered?: (paymentId: string, result: PaymentResult) => Promise<void>;
}

/** Who changed a payment: one of this console's paths, or another process on the same ledger. */
export type ChangeSource = StatusEvent['source'] | 'elsewhere';

export function outcomeOfStatus(status: PaymentStatus): 'succeeded' | 'declined' | 'failed' {
  if (status === 'declined') return 'declined';
  if (status === 'failed' || status === 'expired') return 'failed';
  return 'succeeded';
}

export function createPaymentEngine(deps: PaymentEngineDeps) {
  const { ledger, clock, bus, auditor, logger } = deps;
  const instanceId = deps.instanceId ?? `console-${randomUUID()}`;
  const leaseTtlMs = deps.leaseTtlMs ?? LEASE_TTL_MS;

  function leaseEnd(profileId: string, from: Date): Date {
    return new Date(from.getTime() + leaseTtlMs + deps.profiles.settleWindowMs(profileId));
  }

  /** Until when a call for this operation may be open or unrecorded (rows from before leases: from when it was sent). */
  function openUntil(operation: OperationRow, profileId: string): Date {
    return operation.inFlightUntil ?? leaseEnd(profileId, operation.sentAt ?? operation.createdAt);
  }

  /** Marks the operation sent, holding its lease; runs inside the intent's unit of work. */
  async function markSent(operation: OperationRow, profileId: string): Promise<OperationRow> {
    const now = clock.now();
    return ledger.operations.update(operation.id, { state: 'sent', sentAt: now, inFlightUntil: leaseEnd(profileId, now), leaseOwner: instanceId });
  }

  /** Makes the gateway call while renewing the lease, so every process sees the call as open. */
  async function whileLeased<T>(operation: OperationRow, profileId: string, call: () => Promise<T>): Promise<T> {
    // Renewals run one after another and the last is awaited before the answer is recorded, so a
    // late renewal can never put back the lease the completion clears.
    let renewing: Promise<void> = Promise.resolve();
    const renew = setInterval(() => {
      renewing = renewing
        .then(async () => {
          await ledger.operations.update(operation.id, { inFlightUntil: leaseEnd(profileId, clock.now()) });
        })
        .catch((error: unknown) => {
          logger.warn('could not renew an in-flight lease', { operationId: operation.id, error: error instanceof Error ? error.message : String(error) });
        });
    }, Math.max(50, Math.floor(leaseTtlMs / 3)));
    renew.unref();
    try {
      return await call();
    } finally {
      clearInterval(renew);
      await renewing;
    }
  }

  async function paymentOrThrow(id: string): Promise<PaymentRow> {
    const payment = await ledger.payments.get(id);
    if (!payment) throw new NotFoundError(`No payment with id ${id}`);
    return payment;
  }

  function refOf(payment: PaymentRow): PaymentRef {
    return {
      gatewayTransactionId: payment.gatewayTransactionId,
      merchantReference: payment.merchantReference,
      kind: payment.kind,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      gatewayData: payment.gatewayData,
      createdAt: payment.createdAt,
    };
  }

  function bind(profileId: string, paymentId: string | null, operationId: string | null): BoundAdapter {
    return deps.profiles.adapterFor(profileId, { paymentId, operationId });
  }

  /** The journal's balances narrowed by the gateway's rules (e.g. OPPWA's single capture). */
  async function balancesOf(payment: PaymentRow) {
    const descriptor = deps.profiles.descriptorOf(payment.gatewayId);
    return applyGatewayRules(await ledger.operations.balances(payment.id), descriptor);
  }

  /** Payments changed since the last announcement, each announced once. */
  const changed = new Map<string, ChangeSource>();
  /**
   * What was last announced of the most recently announced payments. A change announced inside a
   * unit of work and again once it committed (a refund that also changes the status) is read
   * twice after the commit; the second reading says nothing new and is not announced again.
   */
  const lastAnnounced = new Map<string, string>();
  const LAST_ANNOUNCED_KEPT = 1_000;

  /**
   * Announces `payment:changed` for a change of the payment's amounts, operations or status. The
   * announcement runs outside any unit of work (in the context the engine was created in), once
   * the unit it was made in has ended, so it reads what that unit committed (or the current state,
   * should it have rolled back), whether or not the backend queues outside reads behind the unit;
   * other processes hear of the change only once it is committed too.
   */
  function announce(paymentId: string, source: ChangeSource): void {
    if (changed.size === 0) queueMicrotask(announceOutsideUnits);
    changed.set(paymentId, source);
    unitsToSettle.add(ledger.unitSettled());
  }
  /** The units the pending announcements were made in: their reads wait until each has committed or rolled back. */
  const unitsToSettle = new Set<Promise<void>>();

  const announceOutsideUnits = AsyncResource.bind(() => {
    void announceChanged();
  });

  async function announceChanged(): Promise<void> {
    const batch = [...changed];
    changed.clear();
    const settling = [...unitsToSettle];
    unitsToSettle.clear();
    await Promise.all(settling);
    for (const [paymentId, source] of batch) {
      try {
        const read = await consistentRead(paymentId);
        if (!read) continue;
        const { payment, balances } = read;
        const summary = fitRow(presentSummary(payment, balances), paymentSummarySchema);
        if (summary === null) {
          logger.warn('a changed payment cannot be shown; its change is not announced', { paymentId });
          continue;
        }
        const said = JSON.stringify([payment.status, summary.value]);
        if (lastAnnounced.get(paymentId) === said) continue;
        lastAnnounced.delete(paymentId);
        lastAnnounced.set(paymentId, said);
        if (lastAnnounced.size > LAST_ANNOUNCED_KEPT) lastAnnounced.delete(lastAnnounced.keys().next().value ?? paymentId);
        bus.emit('payment:changed', { paymentId, status: payment.status, source, summary: summary.value });
      } catch (error) {
        logger.warn('could not announce a payment change', { paymentId, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  /**
   * The payment and its balances as of one moment, without a unit of work (which would lock the row):
   * two reads can straddle another process's commit (a partial refund on another console: the old
   * status with the new refunded amount). The payment's row is read on both sides of the balances; a
   * commit that changed it in between is read again, and one that did not left the pair consistent.
   */
  async function consistentRead(paymentId: string): Promise<{ payment: PaymentRow; balances: Awaited<ReturnType<typeof balancesOf>> } | null> {
    let payment = await ledger.payments.get(paymentId);
    for (let attempt = 0; payment !== null; attempt += 1) {
      const balances = await balancesOf(payment);
      const after = await ledger.payments.get(paymentId);
      if (after === null) return null;
      if (attempt >= CONSISTENT_READ_ATTEMPTS || (after.updatedAt.getTime() === payment.updatedAt.getTime() && after.status === payment.status)) return { payment: after, balances };
      payment = after;
    }
    return null;
  }

  /** Whether writing `patch` would change what the payment's row holds. */
  function changesPayment(payment: PaymentRow, patch: PaymentPatch): boolean {
    return Object.entries(patch).some(([field, value]) => !isDeepStrictEqual(payment[field as keyof PaymentPatch], value));
  }

  async function initialOperation(paymentId: string): Promise<OperationRow | undefined> {
    return (await ledger.operations.listForPayment(paymentId)).find((op) => INITIAL_KINDS.has(op.kind));
  }

  /** Recomputes the status from the journal and records a change once (timeline + event). */
  async function settleStatus(
    paymentId: string,
    source: StatusEvent['source'],
    detail: string | null,
    hints: { pendingStatus?: PaymentStatus; needsReview?: boolean } = {},
    read?: JournalRead,
  ): Promise<PaymentStatus> {
    const payment = read?.payment ?? (await paymentOrThrow(paymentId));
    const operations = read?.operations ?? (await ledger.operations.listForPayment(paymentId));
    const initial = operations.find((op) => INITIAL_KINDS.has(op.kind));
    const keepsPending = payment.status === 'requires_action' || payment.status === 'expired' ? payment.status : 'pending';
    const journal = await ledger.operations.balances(paymentId);
    const descriptor = deps.profiles.descriptorOf(payment.gatewayId);
    // A single-capture gateway releases the remainder: the authorisation counts as fully settled.
    const balances = releasesRemainder(journal, descriptor) ? { ...journal, voidedMinor: journal.authorizedMinor - journal.capturedMinor } : journal;
    const next = derivePaymentStatus({
      kind: payment.kind,
      initial,
      unresolvedFollowUp: operations.some((op) => op !== initial && UNRESOLVED.has(op.state)),
      balances,
      pendingStatus: hints.pendingStatus ?? keepsPending,
      needsReview: (hints.needsReview ?? false) || payment.gatewayData['reviewRequired'] === 'true',
    });
    if (next !== payment.status) {
      const at = clock.now();
      await ledger.payments.update(paymentId, { status: next }, at);
      await ledger.payments.addStatusEvent({ paymentId, at, from: payment.status, to: next, source, detail });
      announce(paymentId, source);
    }
    return next;
  }

  async function completeOperation(operation: OperationRow, result: OperationResult | PaymentResult, source: StatusEvent['source'], context: InvocationContext): Promise<PaymentStatus> {
    const state = result.outcome;
    const status = await ledger.withTransaction(async () => {
      await ledger.operations.update(operation.id, {
        state,
        gatewayOperationId: 'gatewayOperationId' in result ? result.gatewayOperationId : result.gatewayTransactionId,
        gatewayCode: result.gatewayCode,
        gatewayMessage: result.gatewayMessage,
        completedAt: state === 'pending' ? null : clock.now(),
        // The gateway has answered: the operation is on record there, no call of ours is open.
        inFlightUntil: null,
        leaseOwner: null,
      });
      let pendingStatus: PaymentStatus | undefined;
      if ('gatewayTransactionId' in result && INITIAL_KINDS.has(operation.kind)) {
        await ledger.payments.update(
          operation.paymentId,
          {
            gatewayCode: result.gatewayCode,
            gatewayMessage: result.gatewayMessage,
            ...(result.gatewayTransactionId ? { gatewayTransactionId: result.gatewayTransactionId } : {}),
            gatewayData: result.gatewayData,
            pendingAction: result.pendingAction,
            ...(result.instructions !== undefined ? { instructions: result.instructions } : {}),
          },
          clock.now(),
        );
        pendingStatus = result.status === 'requires_action' || result.status === 'expired' ? result.status : 'pending';
        // A success the gateway flags for manual review (OPPWA 000.400.0xx) stays flagged until a person clears it.
        if (result.outcome === 'succeeded' && result.status === 'needs_review') await ledger.payments.update(operation.paymentId, { gatewayData: { reviewRequired: 'true' } }, clock.now());
      } else {
        await ledger.payments.update(operation.paymentId, { gatewayCode: result.gatewayCode, gatewayMessage: result.gatewayMessage }, clock.now());
      }
      await auditor.record(context, `payment.${operation.kind}`, { type: 'payment', id: operation.paymentId }, state, {
        operationId: operation.id,
        amount: formatDecimal(operation.amountMinor, operation.currency),
        currency: operation.currency,
        gatewayCode: result.gatewayCode,
      });
      return settleStatus(operation.paymentId, source, `${operation.kind} ${state}${result.gatewayMessage ? `: ${result.gatewayMessage}` : ''}`, pendingStatus ? { pendingStatus } : {});
    }, GATEWAY_ANSWER);
    // A partial refund or capture changes the amounts without changing the status.
    announce(operation.paymentId, source);
    return status;
  }

  /** The call failed. Either we know nothing moved (failed) or we cannot know (unknown). */
  async function failOperation(operation: OperationRow, error: unknown, source: StatusEvent['source'], context: InvocationContext, options: { readonly outcomeUnknown?: boolean } = {}): Promise<PaymentStatus> {
    const unknown = options.outcomeUnknown === true || leavesOutcomeUnknown(error);
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof UnexpectedGatewayResponseError ? error.gatewayCode : null;
    const status = await ledger.withTransaction(async () => {
      const profileId = (await paymentOrThrow(operation.paymentId)).profileId;
      await ledger.operations.update(operation.id, {
        state: unknown ? 'unknown' : 'failed',
        gatewayCode: code,
        gatewayMessage: message.slice(0, 500),
        completedAt: unknown ? null : clock.now(),
        // A request that timed out may still be in the gateway's queue: not found proves nothing until the settle window ends.
        inFlightUntil: unknown ? new Date(clock.now().getTime() + deps.profiles.settleWindowMs(profileId)) : null,
        leaseOwner: null,
      });
      await auditor.record(context, `payment.${operation.kind}`, { type: 'payment', id: operation.paymentId }, unknown ? 'unknown' : 'failed', {
        operationId: operation.id,
        error: error instanceof ConsoleError ? error.kind : 'internal',
      });
      return settleStatus(operation.paymentId, source, `${operation.kind} ${unknown ? 'outcome unknown' : 'failed'}: ${message.slice(0, 200)}`, {
        needsReview: error instanceof UnexpectedGatewayResponseError,
      });
    });
    announce(operation.paymentId, source);
    return status;
  }

  async function outcomeOf(paymentId: string, operationId: string): Promise<OperationOutcome> {
    const payment = await paymentOrThrow(paymentId);
    const operation = await ledger.operations.get(operationId);
    if (!operation) throw new NotFoundError(`No operation with id ${operationId}`);
    return {
      paymentId,
      operationId,
      state: operation.state,
      paymentStatus: payment.status,
      gatewayCode: operation.gatewayCode,
      gatewayMessage: operation.gatewayMessage,
      pendingAction: payment.pendingAction ? { ...payment.pendingAction, parameters: [...payment.pendingAction.parameters] } : null,
    };
  }

  function parseAmount(amount: string, currency: string, field: string, allowZero = false): bigint {
    try {
      const minor = parseDecimal(amount, currency);
      if (!allowZero && minor <= 0n) throw new ValidationError('The amount must be greater than zero', { [field]: 'Must be greater than zero' });
      return minor;
    } catch (error) {
      if (error instanceof MoneyFormatError) throw new ValidationError(error.message, { [field]: error.message });
      throw error;
    }
  }

  /**
   * Resolves this payment's operations whose outcome is unknown by asking the gateway.
   * Returns the operations still unresolved (gateway unreachable, or no answer yet).
   */
  async function resolveUnresolved(payment: PaymentRow, source: StatusEvent['source'], context: InvocationContext): Promise<OperationRow[]> {
    const unresolved = (await ledger.operations.listForPayment(payment.id)).filter(isOpenOperation);
    const still: OperationRow[] = [];
    for (const listed of unresolved) {
      // Another path (the call's own answer, a webhook) may have settled it meanwhile.
      const operation = (await ledger.operations.get(listed.id)) ?? listed;
      if (!isOpenOperation(operation)) continue;
      if (operation.state === 'intent') {
        // The intent was committed but "sent" never was: the call was never made.
        await completeOperation(operation, { outcome: 'failed', gatewayOperationId: null, gatewayCode: null, gatewayMessage: 'Interrupted before it was sent; nothing reached the gateway' }, source, context);
        continue;
      }
      const current = await paymentOrThrow(payment.id);
      const mayStillLand = openUntil(operation, current.profileId).getTime() > clock.now().getTime();
      if (operation.state === 'sent' && operation.leaseOwner !== null && mayStillLand) {
        // A call is open on this or another console: its answer settles the operation, not a lookup.
        still.push(operation);
        continue;
      }
      const { adapter } = bind(current.profileId, current.id, operation.id);
      try {
        const found = await adapter.lookupOperation(operation.kind, operation.merchantReference, refOf(current), { amountMinor: operation.amountMinor });
        if (!found) {
          // The gateway told us it was pending, or it may not have recorded it yet: not evidence that nothing moved.
          if (operation.state === 'pending' || mayStillLand) {
            still.push(operation);
            continue;
          }
          await completeOperation(operation, { outcome: 'failed', gatewayOperationId: null, gatewayCode: null, gatewayMessage: 'The gateway has no record of this operation; nothing moved' }, source, context);
          continue;
        }
        if (found.outcome === 'pending' && operation.state === 'pending') {
          still.push(operation);
          continue;
        }
        if (INITIAL_KINDS.has(operation.kind) && (found.gatewayTransactionId || Object.keys(found.gatewayData).length)) {
          await ledger.payments.update(current.id, { ...(found.gatewayTransactionId ? { gatewayTransactionId: found.gatewayTransactionId } : {}), gatewayData: found.gatewayData }, clock.now());
        }
        await completeOperation(operation, found, source, context);
        if (found.outcome === 'pending') still.push(operation);
      } catch (error) {
        logger.warn('could not resolve an operation', { operationId: operation.id, error: error instanceof Error ? error.message : String(error) });
        if (error instanceof UnexpectedGatewayResponseError) await failOperation(operation, error, source, context);
        still.push(operation);
      }
    }
    return still;
  }

  /**
   * A payment whose first operation moved money (or is pending) but which never got the gateway's
   * id (the process died after a webhook settled it and before the answer landed) is unmanageable:
   * refund, capture and void need the id. Finds it by the operation's merchant reference.
   */
  async function repairGatewayId(payment: PaymentRow, context: InvocationContext): Promise<boolean> {
    // Most payments have their id: that is known without reading the journal.
    if (payment.gatewayTransactionId || payment.imported) return false;
    const initial = await initialOperation(payment.id);
    if (!initial || (initial.state !== 'succeeded' && initial.state !== 'pending')) return false;
    const { adapter } = bind(payment.profileId, payment.id, initial.id);
    const found = await adapter.lookupOperation(initial.kind, initial.merchantReference, refOf(payment), { amountMinor: initial.amountMinor });
    if (!found?.gatewayTransactionId) return false;
    const gatewayTransactionId = found.gatewayTransactionId;
    await ledger.withTransaction(async () => {
      await ledger.payments.update(payment.id, { gatewayTransactionId, gatewayData: found.gatewayData }, clock.now());
      if (!initial.gatewayOperationId) await ledger.operations.update(initial.id, { gatewayOperationId: found.gatewayOperationId ?? gatewayTransactionId });
      await auditor.record(context, 'payment.repair-gateway-id', { type: 'payment', id: payment.id }, 'succeeded', { gatewayTransactionId });
    });
    return true;
  }

  /**
   * The one state machine for what a gateway reports about a payment: applied once, never
   * backwards. Runs in its own unit of work.
   */
  async function applyReport(paymentId: string, report: GatewayReport, source: StatusEvent['source'], context: InvocationContext): Promise<ReportEffect> {
    return ledger.withTransaction(async (): Promise<ReportEffect> => {
      const payment = await paymentOrThrow(paymentId);
      if (report.occurredAt && payment.lastGatewayEventAt && report.occurredAt.getTime() < payment.lastGatewayEventAt.getTime()) return 'stale';
      const operations = await ledger.operations.listForPayment(paymentId);
      const initial = operations.find((op) => INITIAL_KINDS.has(op.kind));
      if (!initial) return 'no-initial-operation';
      const newId = report.gatewayTransactionId && !payment.gatewayTransactionId ? report.gatewayTransactionId : null;
      if (newId !== null) {
        // A webhook that beats the HTTP answer carries the id; keep it now, as the answer may never land.
        await ledger.payments.update(paymentId, { gatewayTransactionId: newId }, clock.now());
        if (!initial.gatewayOperationId) await ledger.operations.update(initial.id, { gatewayOperationId: newId });
      }
      const stamp = report.occurredAt ? { lastGatewayEventAt: report.occurredAt } : {};
      if (FINAL_STATES.has(initial.state)) {
        if (!report.final) return 'stale';
        if (outcomeOfStatus(report.status) === initial.state) {
          await ledger.payments.update(paymentId, stamp, clock.now());
          return 'unchanged';
        }
        await ledger.payments.update(paymentId, { ...stamp, gatewayCode: report.gatewayCode, gatewayMessage: report.gatewayMessage }, clock.now());
        await auditor.record(context, 'payment.status-conflict', { type: 'payment', id: paymentId }, 'needs_review', {
          recorded: initial.state,
          reported: report.status,
          gatewayCode: report.gatewayCode,
        });
        await settleStatus(paymentId, source, `gateway reports ${report.status} after ${initial.state}; needs review`, { needsReview: true });
        return 'conflict';
      }
      if (report.final) {
        const outcome = outcomeOfStatus(report.status);
        await ledger.operations.update(initial.id, { state: outcome, gatewayCode: report.gatewayCode, gatewayMessage: report.gatewayMessage, completedAt: clock.now() });
        announce(paymentId, source);
        await ledger.payments.update(paymentId, { ...stamp, gatewayCode: report.gatewayCode, gatewayMessage: report.gatewayMessage, pendingAction: null }, clock.now());
        await auditor.record(context, `payment.${initial.kind}`, { type: 'payment', id: paymentId }, outcome, { via: source, gatewayCode: report.gatewayCode });
        await settleStatus(paymentId, source, `gateway reports ${report.status}`, { pendingStatus: report.status === 'expired' ? 'expired' : 'pending' });
        return 'applied';
      }
      const wasPending = initial.state === 'pending';
      if (!wasPending) {
        await ledger.operations.update(initial.id, { state: 'pending' });
        announce(paymentId, source);
      }
      const patch = { ...stamp, gatewayCode: report.gatewayCode, gatewayMessage: report.gatewayMessage, ...(report.pendingAction !== undefined ? { pendingAction: report.pendingAction } : {}) };
      // A poll that hears what the payment already says writes nothing: no new version for other consoles to read.
      if (changesPayment(payment, patch)) await ledger.payments.update(paymentId, patch, clock.now());
      // Only the codes, the action and the event time were written: what the status is derived from is as read above.
      const unchanged = wasPending && newId === null ? { payment, operations } : undefined;
      const next = await settleStatus(paymentId, source, `gateway reports ${report.status}`, { pendingStatus: report.status === 'requires_action' ? 'requires_action' : 'pending' }, unchanged);
      if (next !== payment.status) await auditor.record(context, 'payment.status', { type: 'payment', id: paymentId }, next, { from: payment.status, via: source, gatewayCode: report.gatewayCode });
      return 'applied';
    });
  }

  /** Journals and sends the first operation of a new payment (sale, authorisation, MB WAY, reference, MIT). */
  async function startPayment<T>(input: StartPaymentInput<T>, context: InvocationContext): Promise<OperationOutcome> {
    const profile = deps.profiles.get(input.profileId);
    const bound = bind(profile.id, null, null);
    input.using(bound);
    // Bad input changes nothing: the gateway's own rules are checked before the journal is written.
    bound.adapter.preflight?.(input.start, { amountMinor: input.operationAmountMinor ?? input.amountMinor, currency: input.currency, customer: input.customer });
    checkMerchantReference(bound.definition.descriptor, profile, input.merchantReference);
    const now = clock.now();
    const paymentId = newPaymentId(now);
    const operationId = newOperationId(now);

    const operation = await ledger.withTransaction(async () => {
      // The ledger's unique (profile, merchant reference) constraint is the double-submit guard: a
      // second insert throws ConflictError and nothing is sent.
      await ledger.payments.insert({
        id: paymentId,
        profileId: profile.id,
        profileName: profile.name,
        gatewayId: profile.gatewayId,
        environment: profile.environment,
        kind: input.kind,
        method: input.method,
        moto: input.moto,
        status: 'unknown',
        currency: input.currency,
        amountMinor: input.amountMinor,
        merchantReference: input.merchantReference,
        description: input.description,
        customerName: input.customer.name ?? null,
        customerEmail: input.customer.email ?? null,
        customerPhone: input.customer.phone ?? null,
        card: input.card,
        imported: false,
        createdAt: now,
      });
      await ledger.payments.addStatusEvent({ paymentId, at: now, from: null, to: 'unknown', source: 'operation', detail: `${input.start} requested` });
      const row = await ledger.operations.insert({
        id: operationId,
        paymentId,
        kind: input.operationKind,
        amountMinor: input.operationAmountMinor ?? input.amountMinor,
        currency: input.currency,
        merchantReference: input.merchantReference,
        reason: input.reason,
        operator: context.operator,
        createdAt: now,
      });
      await auditor.record(context, `payment.${input.operationKind}`, { type: 'payment', id: paymentId }, 'intent', {
        operationId,
        amount: formatDecimal(input.amountMinor, input.currency),
        currency: input.currency,
        method: input.method,
        ...input.auditDetails,
      });
      return markSent(row, profile.id);
    });

    const using = input.using(bind(profile.id, paymentId, operationId));
    // The gateway's id is written as soon as the adapter reports it (the adapter does not wait);
    // the write is awaited before the answer is recorded, so the two cannot land out of order.
    let referenceWrites: Promise<void> = Promise.resolve();
    const progress = {
      recordGatewayReference(gatewayTransactionId: string, data: Record<string, string>) {
        referenceWrites = referenceWrites
          .then(async () => {
            await ledger.payments.update(paymentId, { gatewayTransactionId, gatewayData: data }, clock.now());
          })
          .catch((error: unknown) => {
            logger.warn('could not record the gateway id before the answer', { paymentId, error: error instanceof Error ? error.message : String(error) });
          });
      },
    };
    let result: Awaited<ReturnType<typeof input.call>>;
    try {
      result = await whileLeased(operation, profile.id, () => input.call(using, progress)).finally(() => referenceWrites);
    } catch (error) {
      await failOperation(operation, error, 'operation', context);
      if (!leavesOutcomeUnknown(error)) throw error;
      // Try once to learn the outcome right away; otherwise recovery and sync will.
      await resolveUnresolved(await paymentOrThrow(paymentId), 'recovery', context).catch(() => []);
      return outcomeOf(paymentId, operationId);
    }
    try {
      const onAnswered = input.onAnswered;
      // The answer and what the use-case keeps of it (a stored card, a schedule) are one unit of work.
      if (onAnswered) {
        await ledger.withTransaction(async () => {
          await completeOperation(operation, result, 'operation', context);
          await onAnswered(paymentId, result);
        }, GATEWAY_ANSWER);
      } else {
        await completeOperation(operation, result, 'operation', context);
      }
    } catch (error) {
      // The gateway answered, so it may have acted: a failure to write the answer down never makes
      // the operation failed (money could move twice on a retry). It is left unknown, its amount
      // reserved, and asked about by its merchant reference, as after a lost answer.
      logger.error('could not record a gateway answer; the operation is left unknown and looked up', { paymentId, operationId, error: error instanceof Error ? error.message : String(error) });
      await failOperation(operation, error, 'operation', context, { outcomeUnknown: true });
      await resolveUnresolved(await paymentOrThrow(paymentId), 'recovery', context).catch(() => []);
    }
    return outcomeOf(paymentId, operationId);
  }

  return {
    announce,
    balancesOf,
    paymentOrThrow,
    refOf,
    bind,
    initialOperation,
    settleStatus,
    completeOperation,
    failOperation,
    outcomeOf,
    parseAmount,
    resolveUnresolved,
    repairGatewayId,
    applyReport,
    startPayment,
    markSent,
    whileLeased,
  };
}

export type PaymentEngine = ReturnType<typeof createPaymentEngine>;
