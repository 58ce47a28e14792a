/**
 * The status poller. Every payment (and MB WAY mandate) that is not final has an entry in the
 * ledger's schedule with its next check, so the schedule survives restarts. A pass checks what is
 * due through the same use-cases the operator's Sync button uses (and so the same state machine),
 * a bounded number at a time per gateway, then reschedules with backoff, or removes the entry once
 * the payment is final, or marks it needs review once the gateway's horizon has passed.
 *
 * Of all the consoles on one ledger only one polls on its timer: the holder of the ledger's poller
 * lock (poller-leadership.ts). An entry is claimed before its check, by moving its next check to
 * where the answer would put it, so a poller that dies while it waits for the gateway leaves the
 * entry to its successor at the normal time, not due at once.
 */
import { AsyncResource } from 'node:async_hooks';
import { FINAL_PAYMENT_STATUSES as FINAL, type GatewayId, type PaymentStatus } from '../../../shared/domain/schemas.ts';
import { formatDecimal } from '../../../shared/money/money.ts';
import { SYSTEM_CONTEXT, type Auditor } from '../audit.ts';
import type { EventBus, InvocationContext } from '../door.ts';
import type { GatewayDescriptor, PollPolicy } from '../gateways/types.ts';
import type { Ledger } from '../ledger/port.ts';
import type { PaymentRow, PollEntry } from '../ledger/types.ts';
import type { MandateService } from '../mandates/mandate-service.ts';
import { INITIAL_KINDS, isOpenOperation } from '../payments/payment-engine.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import type { Clock, Logger } from '../ports.ts';
import { NotFoundError } from '../errors.ts';
import { pollDelayMs, stopTime } from './poll-policy.ts';
import { createPollerLeadership, type PollerLeadership } from './poller-leadership.ts';

/** Statuses that wait on the gateway or the customer. */
export const POLLED_STATUSES: ReadonlySet<PaymentStatus> = new Set(['pending', 'requires_action', 'unknown']);

export interface PassSummary {
  readonly due: number;
  readonly checked: number;
  readonly settled: number;
  readonly needsReview: number;
  readonly failed: number;
  readonly waiting: number;
}

/** A pass asked for once (`poll --once`): made here, or left to the console that polls for the team. */
export interface TeamPassSummary extends PassSummary {
  /** Who polls for the team when it was not this process (nothing was checked here); null when the pass ran here. */
  readonly deferredTo: string | null;
}

export interface PollerDeps {
  readonly ledger: Ledger;
  readonly payments: PaymentService;
  readonly mandates: MandateService;
  /** Null for a gateway this version lacks: its payments keep their schedule until it is back. */
  readonly descriptorOf: (gatewayId: GatewayId) => GatewayDescriptor | null;
  readonly clock: Clock;
  readonly bus: EventBus;
  readonly auditor: Auditor;
  readonly logger: Logger;
  readonly random?: () => number;
  /** How this console is named to the others on the ledger when it polls for them. */
  readonly name?: string;
  /** How often a console that does not poll tries to take over (default LEADERSHIP_RETRY_MS). */
  readonly leadershipRetryMs?: number;
}

/** Always go on: a pass driven by hand (tests, the soak) with no one else to defer to. */
const ALWAYS = (): boolean => true;

export function createPoller(deps: PollerDeps) {
  const { ledger, clock, bus, logger } = deps;
  const random = deps.random ?? Math.random;
  const name = deps.name ?? `console (pid ${process.pid})`;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<PassSummary> | null = null;
  let leadership: PollerLeadership | null = null;

  function policyOf(payment: PaymentRow): PollPolicy | null {
    const descriptor = deps.descriptorOf(payment.gatewayId);
    if (descriptor === null) return null;
    return (
      descriptor.pollPolicyFor?.({ method: payment.method, status: payment.status, expiresAt: payment.instructions?.expiresAt ?? null, createdAt: payment.createdAt }) ??
      descriptor.pollPolicy
    );
  }

  /** The payment itself waits on the gateway or the customer, or one of its operations (a pending refund) is not final. */
  async function waits(payment: PaymentRow): Promise<boolean> {
    return POLLED_STATUSES.has(payment.status) || (await ledger.operations.listForPayment(payment.id)).some(isOpenOperation);
  }

  /**
   * The entry waited on the payment's own outcome, which has now come: not on a later refund or
   * capture of a payment that had long settled (its answer is no "payment received").
   */
  async function settledWhileScheduled(payment: PaymentRow, entry: PollEntry | null): Promise<boolean> {
    const initial = (await ledger.operations.listForPayment(payment.id)).find((operation) => INITIAL_KINDS.has(operation.kind));
    return entry !== null && initial?.completedAt != null && initial.completedAt.getTime() >= entry.firstSeenAt.getTime();
  }

  /** Puts a payment on the schedule when it waits on the gateway, takes it off when it does not. */
  async function track(paymentId: string): Promise<void> {
    const payment = await ledger.payments.get(paymentId);
    if (!payment) return;
    if (!(await waits(payment))) {
      const entry = await ledger.schedule.get('payment', paymentId);
      // Most payments that do not wait were never scheduled (a card sale answered at once): nothing to remove, no write.
      if (entry === null) return;
      const wasWaiting = await ledger.schedule.remove('payment', paymentId);
      if (wasWaiting && FINAL.has(payment.status) && !payment.imported && (await settledWhileScheduled(payment, entry))) {
        bus.emit('payment:settled', {
          paymentId,
          status: payment.status,
          amount: formatDecimal(payment.amountMinor, payment.currency),
          currency: payment.currency,
          merchantReference: payment.merchantReference,
        });
      }
      return;
    }
    const now = clock.now();
    const policy = policyOf(payment);
    if (policy === null) return;
    await ledger.schedule.ensure({
      subject: 'payment',
      subjectId: paymentId,
      gatewayId: payment.gatewayId,
      profileId: payment.profileId,
      firstSeenAt: now,
      nextCheckAt: new Date(now.getTime() + pollDelayMs(policy, 0, random)),
    });
  }

  async function trackMandate(mandateId: string): Promise<void> {
    const mandate = await ledger.mandates.get(mandateId);
    if (!mandate) return;
    if (mandate.status !== 'pending') {
      await ledger.schedule.remove('mandate', mandateId);
      return;
    }
    const now = clock.now();
    const policy = deps.descriptorOf(mandate.gatewayId)?.pollPolicy;
    if (policy === undefined) return;
    await ledger.schedule.ensure({
      subject: 'mandate',
      subjectId: mandateId,
      gatewayId: mandate.gatewayId,
      profileId: mandate.profileId,
      firstSeenAt: now,
      nextCheckAt: new Date(now.getTime() + pollDelayMs(policy, 0, random)),
    });
  }

  /** Everything already waiting when the console starts (or was missed) gets an entry. */
  async function reconcile(): Promise<void> {
    for (const payment of await ledger.payments.listOpen(100_000)) await track(payment.id);
    for (const paymentId of new Set((await ledger.operations.listUnresolved()).map((operation) => operation.paymentId))) await track(paymentId);
    for (const mandate of await ledger.mandates.list()) if (mandate.status === 'pending') await trackMandate(mandate.id);
  }

  /**
   * Moves the entry's next check to `next` before the gateway is asked, keeping its counts; false
   * when it left the schedule meanwhile (nothing to check).
   */
  async function claim(entry: PollEntry, now: Date, next: Date): Promise<boolean> {
    try {
      await ledger.schedule.recordResult(entry.subject, entry.subjectId, {
        nextCheckAt: next,
        lastCheckedAt: now,
        attempts: entry.attempts,
        failures: entry.failures,
        lastAnswer: entry.lastAnswer,
        lastError: entry.lastError,
      });
      return true;
    } catch (failure) {
      if (failure instanceof NotFoundError) return false;
      throw failure;
    }
  }

  async function checkPayment(entry: PollEntry, now: Date, counts: { settled: number; needsReview: number; failed: number }, goOn: () => boolean): Promise<void> {
    const payment = await ledger.payments.get(entry.subjectId);
    if (!payment || !(await waits(payment))) {
      if (payment) await track(payment.id);
      else await ledger.schedule.remove('payment', entry.subjectId);
      return;
    }
    const policy = policyOf(payment);
    if (policy === null) return;
    const pastStop = now.getTime() >= stopTime(policy, entry.firstSeenAt).getTime();
    const planned = Math.min(now.getTime() + pollDelayMs(policy, entry.attempts + 1, random), Math.max(stopTime(policy, entry.firstSeenAt).getTime(), now.getTime()));
    if (!goOn() || !(await claim(entry, now, new Date(planned)))) return;
    let answer: string | null = null;
    let error: string | null = null;
    try {
      await deps.payments.sync(payment.id, SYSTEM_CONTEXT);
      answer = (await ledger.payments.get(payment.id))?.status ?? null;
    } catch (failure) {
      error = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
    }
    const after = await ledger.payments.get(payment.id);
    if (after && !(await waits(after))) {
      counts.settled += 1;
      await track(after.id);
      return;
    }
    if (pastStop) {
      // The gateway's window is over and it still has no answer: a person must look at it.
      await ledger.withTransaction(() =>
        deps.payments.engine.settleStatus(payment.id, 'sync', `no final answer within the polling horizon (${Math.round(policy.horizonMs / 60_000)} min)`, { needsReview: true }),
      );
      await deps.auditor.record(SYSTEM_CONTEXT, 'payment.poll-horizon', { type: 'payment', id: payment.id }, 'needs_review', { attempts: entry.attempts + 1 });
      await ledger.schedule.remove('payment', payment.id);
      counts.needsReview += 1;
      return;
    }
    if (error) counts.failed += 1;
    const failures = error ? entry.failures + 1 : 0;
    const step = error ? failures : entry.attempts + 1;
    const next = new Date(now.getTime() + pollDelayMs(policy, step, random));
    await ledger.schedule.recordResult('payment', payment.id, {
      nextCheckAt: stopTime(policy, entry.firstSeenAt).getTime() < next.getTime() && !error ? stopTime(policy, entry.firstSeenAt) : next,
      lastCheckedAt: now,
      attempts: entry.attempts + 1,
      failures,
      lastAnswer: answer,
      lastError: error,
    });
  }

  async function checkMandate(entry: PollEntry, now: Date, counts: { settled: number; failed: number }, goOn: () => boolean): Promise<void> {
    const mandate = await ledger.mandates.get(entry.subjectId);
    if (!mandate || mandate.status !== 'pending') {
      await ledger.schedule.remove('mandate', entry.subjectId);
      return;
    }
    const policy = deps.descriptorOf(mandate.gatewayId)?.pollPolicy;
    if (policy === undefined) return;
    if (!goOn() || !(await claim(entry, now, new Date(now.getTime() + pollDelayMs(policy, entry.attempts + 1, random))))) return;
    let error: string | null = null;
    let answer: string | null = null;
    try {
      answer = (await deps.mandates.sync(mandate.id, SYSTEM_CONTEXT)).status;
    } catch (failure) {
      error = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
    }
    if (answer && answer !== 'pending') {
      counts.settled += 1;
      await ledger.schedule.remove('mandate', mandate.id);
      return;
    }
    if (now.getTime() >= stopTime(policy, entry.firstSeenAt).getTime()) {
      await ledger.schedule.remove('mandate', mandate.id);
      return;
    }
    if (error) counts.failed += 1;
    const failures = error ? entry.failures + 1 : 0;
    await ledger.schedule.recordResult('mandate', mandate.id, {
      nextCheckAt: new Date(now.getTime() + pollDelayMs(policy, error ? failures : entry.attempts + 1, random)),
      lastCheckedAt: now,
      attempts: entry.attempts + 1,
      failures,
      lastAnswer: answer,
      lastError: error,
    });
  }

  /** `goOn` is asked before each check: a poller that stopped leading checks nothing more. */
  async function runPass(goOn: () => boolean): Promise<PassSummary> {
    const now = clock.now();
    const due = await ledger.schedule.due(now, 10_000);
    const counts = { settled: 0, needsReview: 0, failed: 0 };
    let skipped = 0;
    const byGateway = new Map<GatewayId, PollEntry[]>();
    for (const entry of due) byGateway.set(entry.gatewayId, [...(byGateway.get(entry.gatewayId) ?? []), entry]);
    await Promise.all(
      [...byGateway.entries()].map(async ([gatewayId, entries]) => {
        const descriptor = deps.descriptorOf(gatewayId);
        if (descriptor === null) return;
        const limit = Math.max(1, descriptor.pollPolicy.maxConcurrent);
        let next = 0;
        const worker = async () => {
          while (next < entries.length && goOn()) {
            const entry = entries[next++]!;
            try {
              if (entry.subject === 'payment') await checkPayment(entry, now, counts, goOn);
              else await checkMandate(entry, now, counts, goOn);
            } catch (failure) {
              logger.warn('poll check failed', { subject: entry.subject, id: entry.subjectId, error: failure instanceof Error ? failure.message : String(failure) });
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(limit, entries.length) }, worker));
        skipped += entries.length - next;
      }),
    );
    const queue = await ledger.views.pollQueueSummary();
    const summary: PassSummary = { due: due.length, checked: due.length - skipped, ...counts, waiting: queue.waiting };
    bus.emit('poller:summary', queue);
    return summary;
  }

  /** Schedule updates started by events, so `stop` and `settled` can wait for them. */
  const tracking = new Set<Promise<void>>();
  function follow(update: Promise<void>, subject: string, id: string): void {
    const followed = update.catch((failure: unknown) => {
      logger.warn('could not update the polling schedule', { subject, id, error: failure instanceof Error ? failure.message : String(failure) });
    });
    tracking.add(followed);
    void followed.finally(() => tracking.delete(followed));
  }

  // Runs where the poller was made, not where the event was emitted: an event emitted inside a
  // unit of work must not make the schedule's writes join that unit (and outlive it).
  const unsubscribe = bus.subscribe(
    AsyncResource.bind((event: string, payload: unknown) => {
      if (event === 'payment:changed') {
        const { paymentId } = payload as { paymentId: string };
        follow(track(paymentId), 'payment', paymentId);
      }
      if (event === 'mandate:changed') {
        const { mandateId } = payload as { mandateId: string };
        follow(trackMandate(mandateId), 'mandate', mandateId);
      }
    }),
  );

  function passWhile(goOn: () => boolean): Promise<PassSummary> {
    if (!running) running = runPass(goOn).finally(() => (running = null));
    return running;
  }

  async function deferred(): Promise<TeamPassSummary> {
    const leader = (await ledger.pollerLock.holder()) ?? 'another console on this ledger';
    const queue = await ledger.views.pollQueueSummary();
    return { due: 0, checked: 0, settled: 0, needsReview: 0, failed: 0, waiting: queue.waiting, deferredTo: leader };
  }

  /** Waits for the schedule updates that events have started (and those they start in turn). */
  async function settled(): Promise<void> {
    while (tracking.size > 0) await Promise.all([...tracking]);
  }

  return {
    track,
    reconcile,
    settled,
    /**
     * One pass over everything due now, whoever polls for the team (tests and the soak drive the
     * poller so); concurrent calls share the pass in flight.
     */
    pass(): Promise<PassSummary> {
      return passWhile(ALWAYS);
    },
    /**
     * One pass for a scheduler (`poll --once`): made only if no other console polls for the team
     * right now, holding the poller lock while it runs; otherwise nothing is checked and the
     * summary names who polls, so a cron job beside running consoles never doubles their calls.
     */
    async passForTeam(): Promise<TeamPassSummary> {
      if (leadership !== null) {
        if (leadership.leading()) return { ...(await passWhile(leadership.leading)), deferredTo: null };
        return deferred();
      }
      const lock = ledger.pollerLock;
      if (!(await lock.tryAcquire(name))) return deferred();
      let lost = false;
      const unsubscribe = lock.onLost(() => (lost = true));
      try {
        return { ...(await passWhile(() => !lost)), deferredTo: null };
      } finally {
        unsubscribe();
        await lock.release();
      }
    },
    /** Who polls for the team: this console, another as it named itself (`by`), or nobody right now. */
    async polledBy(): Promise<{ here: boolean; by: string | null }> {
      if (leadership?.leading()) return { here: true, by: name };
      const holder = await ledger.pollerLock.holder();
      return { here: false, by: holder === null ? null : holder.slice(0, 200) };
    },
    /** Whether this console polls for the team now (its timer's passes run). */
    leading(): boolean {
      return leadership?.leading() ?? false;
    },
    /** "Sync now" from the queue view: the operator's own sync for each, with progress events. */
    async syncNow(paymentIds: readonly string[], context: InvocationContext) {
      const results: Array<{ paymentId: string; ok: boolean; status: PaymentStatus | null; message: string }> = [];
      let done = 0;
      for (const paymentId of paymentIds) {
        try {
          await deps.payments.sync(paymentId, context);
          const payment = await ledger.payments.get(paymentId);
          const status = payment?.status ?? null;
          results.push({ paymentId, ok: true, status, message: status ? `Now ${status}` : 'Checked' });
          await track(paymentId);
          // An operator's check counts like the poller's own: the queue shows it, and the next
          // automatic check is spaced from it (rate limits apply to both).
          const entry = await ledger.schedule.get('payment', paymentId);
          const policy = payment ? policyOf(payment) : null;
          if (payment && entry && policy) {
            const now = clock.now();
            await ledger.schedule.recordResult('payment', paymentId, {
              nextCheckAt: new Date(now.getTime() + pollDelayMs(policy, entry.attempts + 1, random)),
              lastCheckedAt: now,
              attempts: entry.attempts + 1,
              failures: 0,
              lastAnswer: status,
              lastError: null,
            });
          }
        } catch (failure) {
          results.push({ paymentId, ok: false, status: (await ledger.payments.get(paymentId))?.status ?? null, message: failure instanceof Error ? failure.message : String(failure) });
        }
        done += 1;
        bus.emit('poller:progress', { done, total: paymentIds.length });
      }
      return { results };
    },
    /** Keeps the schedule and, while this console holds the poller lock, makes a pass every `intervalMs`. */
    async start(intervalMs = 1_000): Promise<void> {
      if (timer) return;
      await reconcile();
      if (timer) return;
      const leader = createPollerLeadership({ lock: ledger.pollerLock, name, logger, ...(deps.leadershipRetryMs ? { retryMs: deps.leadershipRetryMs } : {}) });
      leadership = leader;
      leader.start();
      timer = setInterval(() => {
        if (running !== null || !leader.leading()) return;
        void leader
          .confirmed()
          .then((still) => (still ? passWhile(leader.leading) : null))
          .catch((failure: unknown) => logger.warn('poll pass failed', { error: String(failure) }));
      }, intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      unsubscribe();
      await running?.catch(() => undefined);
      await leadership?.stop();
      await settled();
    },
  };
}

export type Poller = ReturnType<typeof createPoller>;
