/**
 * Runs batches of merchant-initiated charges. Each row is charged through the payment service's
 * `chargeStored` — the journal writes its intent before the call — under the row's own merchant
 * reference. Exactly once:
 * - a batch is run by the holder of its lease in the ledger (renewed while it runs), so two
 *   consoles never run one batch; a row moves from ready to charging by one conditional update
 *   that also requires the batch still running under this holder, so pause and cancel take
 *   effect between rows and never race a start;
 * - a row found charging when a run begins (its runner stopped mid-call) is never sent again: its
 *   payment is found by the row's merchant reference and resolved by the engine's recovery (a
 *   lookup at the gateway by that reference); only a row whose intent never reached the journal is
 *   charged, and then under the same reference, which the journal's unique constraint guards.
 *
 * Calls to one gateway from this process share a bound (the gateway's `pollPolicy.maxConcurrent`:
 * no gateway publishes a charge rate limit, see the fact sheets); an answer left unknown (a
 * timeout, a 429) makes that gateway's lane wait before its next charge, doubling up to 30 s.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { MitBatchRow } from '../../../shared/domain/mit-batch.ts';
import { formatDecimal } from '../../../shared/money/money.ts';
import type { OperationState } from '../../../shared/domain/schemas.ts';
import type { Auditor } from '../audit.ts';
import { SYSTEM_CONTEXT } from '../audit.ts';
import type { EventBus, InvocationContext } from '../door.ts';
import { ConflictError, ConsoleError, NotFoundError } from '../errors.ts';
import type { MitBatchRecord, MitBatchRowOutcome, MitBatchRowRecord } from '../ledger/mit-batch-types.ts';
import type { Ledger } from '../ledger/port.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import type { Clock, Logger } from '../ports.ts';
import type { ProfileService } from '../profiles/profile-service.ts';
import { batchChargeDescription, nextAttemptReference } from './batch-references.ts';
import { presentMitBatch, presentMitBatchRow } from './mit-batch-presenters.ts';

export const DEFAULT_BATCH_LEASE_MS = 30_000;
const PAGE = 200;
const PROGRESS_EVERY_MS = 250;
const MAX_BACKOFF_MS = 30_000;
/** How often a row whose charge failed unexpectedly, with nothing journaled, is tried in all. */
const UNEXPECTED_FAILURE_ATTEMPTS = 3;
const UNEXPECTED_FAILURE_PAUSE_MS = 200;

export interface MitBatchRunnerDeps {
  readonly ledger: Ledger;
  readonly payments: PaymentService;
  readonly profiles: ProfileService;
  readonly bus: EventBus;
  readonly auditor: Auditor;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Who this process is in the batch's lease. */
  readonly instanceId: string;
  /** How long a lease lasts without renewal (a killed runner's batch can be taken over after it). */
  readonly leaseMs?: number;
}

/** One gateway's share of this process's calls: at most `limit` at once, and a pause after an unknown answer. */
class GatewayLane {
  #active = 0;
  readonly #waiting: Array<() => void> = [];
  #backoffMs = 0;
  #until = 0;
  readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }

  async acquire(): Promise<void> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active += 1;
    const wait = this.#until - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  release(answered: boolean): void {
    if (answered) this.#backoffMs = 0;
    else {
      this.#backoffMs = Math.min(Math.max(this.#backoffMs * 2, 500), MAX_BACKOFF_MS);
      this.#until = Date.now() + this.#backoffMs;
    }
    const next = this.#waiting.shift();
    if (next) next();
    else this.#active -= 1;
  }
}

function rowStateOf(state: OperationState): MitBatchRowOutcome['state'] {
  switch (state) {
    case 'succeeded':
    case 'pending':
    case 'declined':
    case 'failed':
      return state;
    default:
      return 'unknown';
  }
}

interface Run {
  stopping: boolean;
  done: Promise<void>;
}

export function createMitBatchRunner(deps: MitBatchRunnerDeps) {
  const { ledger, payments, profiles, bus, clock, logger, instanceId } = deps;
  const leaseMs = deps.leaseMs ?? DEFAULT_BATCH_LEASE_MS;
  const lanes = new Map<string, GatewayLane>();
  const runs = new Map<string, Run>();
  let watch: NodeJS.Timeout | null = null;

  const laneOf = (gatewayId: string): GatewayLane => {
    let lane = lanes.get(gatewayId);
    if (lane === undefined) {
      lane = new GatewayLane(profiles.descriptorOf(gatewayId as never).pollPolicy.maxConcurrent);
      lanes.set(gatewayId, lane);
    }
    return lane;
  };
  const leaseEnd = () => new Date(clock.now().getTime() + leaseMs);

  async function batchOrThrow(id: string): Promise<MitBatchRecord> {
    const batch = await ledger.mitBatches.get(id);
    if (batch === null) throw new NotFoundError(`No batch ${id}`);
    return batch;
  }

  /** The row's outcome from the journal: its payment (found by the row's reference) and that payment's charge. */
  async function outcomeFromJournal(batch: MitBatchRecord, row: MitBatchRowRecord, context: InvocationContext): Promise<MitBatchRowOutcome | null> {
    const payment = await ledger.payments.findByMerchantReference(batch.profileId, row.merchantReference ?? '');
    if (payment === null) return null;
    // The engine's recovery: a lookup at the gateway by the operation's merchant reference, never a second charge.
    await payments.engine.resolveUnresolved(payment, 'recovery', context).catch((error: unknown) => logger.warn('a batch row could not be resolved yet', { batchId: batch.id, ordinal: row.ordinal, error: String(error) }));
    const operation = await payments.engine.initialOperation(payment.id);
    const current = (await ledger.payments.get(payment.id)) ?? payment;
    return {
      state: rowStateOf(operation?.state ?? 'unknown'),
      paymentId: payment.id,
      gatewayTransactionId: current.gatewayTransactionId,
      gatewayCode: operation?.gatewayCode ?? null,
      gatewayMessage: operation?.gatewayMessage ?? null,
      error: null,
      at: clock.now(),
    };
  }

  async function chargeOnce(batch: MitBatchRecord, row: MitBatchRowRecord, context: InvocationContext): Promise<MitBatchRowOutcome> {
    const outcome = await payments.chargeStored(
      {
        tokenId: row.tokenId ?? '',
        kind: 'sale',
        money: { amount: formatDecimal(row.amountMinor ?? 0n, row.currency ?? ''), currency: row.currency ?? '' },
        merchantReference: row.merchantReference ?? undefined,
        description: batchChargeDescription(row.reference ?? '', row.description),
        recurrence: row.recurrence ?? 'unscheduled',
        reason: `Batch ${batch.id}, line ${row.line}`,
      },
      context,
    );
    const payment = await ledger.payments.get(outcome.paymentId);
    return {
      state: rowStateOf(outcome.state),
      paymentId: outcome.paymentId,
      gatewayTransactionId: payment?.gatewayTransactionId ?? null,
      gatewayCode: outcome.gatewayCode,
      gatewayMessage: outcome.gatewayMessage,
      error: null,
      at: clock.now(),
    };
  }

  /**
   * Whatever made a charge throw, a payment the journal holds under the row's reference is the
   * row's outcome — resolved from there, never sent again (the reference may be taken by a run that
   * stopped, or the error came after the intent was written). With none there, no money moved: a
   * refusal is the row's end, but an unexpected failure (a lost deadlock, a dropped connection to
   * the shared ledger) is tried again a few times before the row is given up as failed. If the
   * journal itself cannot be read the error propagates and the row stays charging, for the next run.
   */
  async function charge(batch: MitBatchRecord, row: MitBatchRowRecord, context: InvocationContext): Promise<MitBatchRowOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await chargeOnce(batch, row, context);
      } catch (error) {
        const known = await outcomeFromJournal(batch, row, context);
        if (known !== null) return known;
        if (error instanceof ConsoleError) return failedOutcome(error.message);
        logger.error('a batch row failed', { batchId: batch.id, ordinal: row.ordinal, attempt, error: error instanceof Error ? error.message : String(error) });
        if (attempt >= UNEXPECTED_FAILURE_ATTEMPTS) return failedOutcome('The charge could not be made; the details are in the log');
        await sleep(UNEXPECTED_FAILURE_PAUSE_MS * attempt);
      }
    }
  }

  const failedOutcome = (error: string): MitBatchRowOutcome => ({ state: 'failed', paymentId: null, gatewayTransactionId: null, gatewayCode: null, gatewayMessage: null, error, at: clock.now() });

  /**
   * A row a stopped run left charging. Its charge is looked up in the journal (and at the gateway by
   * its reference); one the journal holds as failed moved no money — the crash came before the
   * request left, or the gateway never had it once the settle window passed — so the row is charged
   * again under its next attempt's reference, written to the row first so that a second crash finds it.
   */
  async function strandedOutcome(batch: MitBatchRecord, row: MitBatchRowRecord, context: InvocationContext): Promise<MitBatchRowOutcome> {
    let current = row;
    for (;;) {
      const known = await outcomeFromJournal(batch, current, context);
      if (known === null) return charge(batch, current, context);
      const from = current.merchantReference;
      const next = known.state === 'failed' && from !== null ? nextAttemptReference(batch.id, current.ordinal, from) : null;
      if (next === null || from === null || !(await ledger.mitBatches.rereferenceRow(batch.id, current.ordinal, from, next))) return known;
      logger.info('a batch row whose charge a stop cut off is charged again', { batchId: batch.id, ordinal: current.ordinal, merchantReference: next });
      current = { ...current, merchantReference: next };
      const outcome = await charge(batch, current, context);
      if (outcome.state !== 'failed' || outcome.paymentId !== null) return outcome;
    }
  }

  async function loop(batchId: string, run: Run, context: InvocationContext): Promise<void> {
    const batch = await batchOrThrow(batchId);
    const lane = laneOf(batch.gatewayId);
    const started = Date.now();
    let finished = 0;
    let changed: MitBatchRow[] = [];
    let reportedAt = 0;

    const report = async (force: boolean) => {
      if (!force && Date.now() - reportedAt < PROGRESS_EVERY_MS) return;
      reportedAt = Date.now();
      const current = presentMitBatch(await batchOrThrow(batchId));
      const seconds = (Date.now() - started) / 1000;
      const rowsPerSecond = seconds > 0 ? finished / seconds : 0;
      const left = current.counts.ready + current.counts.charging;
      bus.emit('mitbatch:progress', {
        batchId,
        status: current.status,
        counts: current.counts,
        rowsPerSecond: Math.round(rowsPerSecond * 10) / 10,
        etaSeconds: rowsPerSecond > 0 ? Math.round(left / rowsPerSecond) : left === 0 ? 0 : null,
        changed,
      });
      changed = [];
    };
    const settle = async (row: MitBatchRowRecord, outcome: MitBatchRowOutcome) => {
      await ledger.mitBatches.finishRow(batchId, row.ordinal, outcome);
      finished += 1;
      changed.push(presentMitBatchRow({ ...row, ...outcome, state: outcome.state, finishedAt: outcome.at }));
      await report(false);
    };

    const heartbeat = setInterval(() => {
      void ledger.mitBatches.renew(batchId, instanceId, leaseEnd()).then(
        (held) => {
          if (!held) run.stopping = true;
        },
        () => undefined,
      );
    }, Math.max(leaseMs / 3, 50));
    heartbeat.unref();
    try {
      // Rows a stopped run left charging: resolved from the journal, or — never journaled — charged under their reference.
      for (let after = 0; ; ) {
        const stranded = await ledger.mitBatches.rowsIn(batchId, 'charging', after, PAGE);
        if (stranded.length === 0) break;
        for (const row of stranded) {
          after = row.ordinal;
          if (run.stopping) break;
          await settle(row, await strandedOutcome(batch, row, context));
        }
      }
      const inFlight = new Set<Promise<void>>();
      let after = 0;
      while (!run.stopping) {
        const ready = await ledger.mitBatches.rowsIn(batchId, 'ready', after, PAGE);
        if (ready.length === 0) break;
        for (const row of ready) {
          after = row.ordinal;
          await lane.acquire();
          if (run.stopping || !(await ledger.mitBatches.claimRow(batchId, row.ordinal, instanceId))) {
            lane.release(true);
            if (run.stopping) break;
            continue;
          }
          const task = charge(batch, row, context).then(
            async (outcome) => {
              lane.release(outcome.state !== 'unknown');
              await settle(row, outcome);
            },
            (error: unknown) => {
              lane.release(false);
              throw error;
            },
          );
          const tracked = task.catch((error: unknown) => logger.error('a batch row could not be recorded', { batchId, ordinal: row.ordinal, error: String(error) })).finally(() => inFlight.delete(tracked));
          inFlight.add(tracked);
        }
      }
      await Promise.all(inFlight);
      if (!run.stopping && (await ledger.mitBatches.count(batchId, 'ready')) === 0 && (await ledger.mitBatches.count(batchId, 'charging')) === 0) {
        if (await ledger.mitBatches.transition(batchId, ['running'], 'done', clock.now())) {
          const done = await batchOrThrow(batchId);
          await deps.auditor.record(context, 'mitbatch.done', { type: 'mitbatch', id: batchId }, 'succeeded', countsDetail(done));
        }
      } else {
        await ledger.mitBatches.release(batchId, instanceId);
      }
    } finally {
      clearInterval(heartbeat);
      await report(true).catch(() => undefined);
    }
  }

  function launch(batchId: string, context: InvocationContext): void {
    const run: Run = { stopping: false, done: Promise.resolve() };
    run.done = (async () => {
      await Promise.resolve();
      try {
        await loop(batchId, run, context);
      } catch (error) {
        logger.error('a batch stopped', { batchId, error: error instanceof Error ? error.message : String(error) });
        await ledger.mitBatches.release(batchId, instanceId).catch(() => undefined);
      } finally {
        runs.delete(batchId);
      }
    })();
    runs.set(batchId, run);
  }

  const countsDetail = (batch: MitBatchRecord) => {
    const { counts } = presentMitBatch(batch);
    return { ran: counts.ran, succeeded: counts.succeeded, declined: counts.declined, failed: counts.failed, unknown: counts.unknown, skipped: counts.skipped };
  };

  async function stopLocal(batchId: string): Promise<void> {
    const run = runs.get(batchId);
    if (run === undefined) return;
    run.stopping = true;
    await run.done;
  }

  return {
    async start(batchId: string, confirmRows: number, context: InvocationContext): Promise<MitBatchRecord> {
      const batch = await batchOrThrow(batchId);
      if (batch.status !== 'previewed') throw new ConflictError(`Batch ${batchId} was already started (it is ${batch.status})`);
      const ready = batch.states.get('ready') ?? 0;
      if (ready !== confirmRows) throw new ConflictError(`The batch has ${ready} rows to charge, not ${confirmRows}`, { confirmRows: `Confirm ${ready}` });
      if (!(await ledger.mitBatches.claim(batchId, instanceId, ['previewed'], clock.now(), leaseEnd()))) throw new ConflictError(`Batch ${batchId} was started elsewhere`);
      await deps.auditor.record(context, 'mitbatch.start', { type: 'mitbatch', id: batchId }, 'succeeded', { rows: ready });
      launch(batchId, context);
      return batchOrThrow(batchId);
    },

    async pause(batchId: string, context: InvocationContext): Promise<MitBatchRecord> {
      await batchOrThrow(batchId);
      if (!(await ledger.mitBatches.transition(batchId, ['running'], 'paused', clock.now()))) throw new ConflictError(`Batch ${batchId} is not running`);
      await stopLocal(batchId);
      await deps.auditor.record(context, 'mitbatch.pause', { type: 'mitbatch', id: batchId }, 'succeeded');
      return batchOrThrow(batchId);
    },

    /** A paused batch, or a running one whose runner stopped (its lease ended): rows it left charging are resolved, never sent again. */
    async resume(batchId: string, context: InvocationContext): Promise<MitBatchRecord> {
      await batchOrThrow(batchId);
      if (runs.has(batchId)) throw new ConflictError(`Batch ${batchId} is running in this console`);
      if (!(await ledger.mitBatches.claim(batchId, instanceId, ['paused', 'running'], clock.now(), leaseEnd()))) {
        throw new ConflictError(`Batch ${batchId} is not paused, or another console is running it`);
      }
      await deps.auditor.record(context, 'mitbatch.resume', { type: 'mitbatch', id: batchId }, 'succeeded');
      launch(batchId, context);
      return batchOrThrow(batchId);
    },

    async cancel(batchId: string, context: InvocationContext): Promise<MitBatchRecord> {
      await batchOrThrow(batchId);
      const cancelled = await ledger.withTransaction(async () => {
        if (!(await ledger.mitBatches.transition(batchId, ['previewed', 'running', 'paused'], 'cancelled', clock.now()))) return false;
        await ledger.mitBatches.skipReady(batchId, clock.now());
        return true;
      });
      if (!cancelled) throw new ConflictError(`Batch ${batchId} has already ended`);
      // Charges on their way finish and are recorded.
      await stopLocal(batchId);
      const batch = await batchOrThrow(batchId);
      await deps.auditor.record(context, 'mitbatch.cancel', { type: 'mitbatch', id: batchId }, 'succeeded', countsDetail(batch));
      return batch;
    },

    /** At start: batches left running by a console that stopped (their lease ended) are taken over and resumed. */
    async resumeAbandoned(): Promise<string[]> {
      const taken: string[] = [];
      for (const id of await ledger.mitBatches.abandoned(clock.now())) {
        if (runs.has(id) || !(await ledger.mitBatches.claim(id, instanceId, ['running'], clock.now(), leaseEnd()))) continue;
        await deps.auditor.record(SYSTEM_CONTEXT, 'mitbatch.resume', { type: 'mitbatch', id }, 'succeeded', { reason: 'its console stopped' });
        launch(id, SYSTEM_CONTEXT);
        taken.push(id);
      }
      return taken;
    },

    /**
     * Rows whose charge had no final outcome (unknown, pending) take their payment's since: a sync,
     * the poller or a webhook may have settled it. Reads the journal only; asks no gateway.
     */
    async refreshOpen(batchId: string): Promise<void> {
      for (const state of ['unknown', 'pending'] as const) {
        for (let after = 0; ; ) {
          const open = await ledger.mitBatches.rowsIn(batchId, state, after, PAGE);
          if (open.length === 0) break;
          for (const row of open) {
            after = row.ordinal;
            if (row.paymentId === null) continue;
            const operation = await payments.engine.initialOperation(row.paymentId);
            const now = operation === undefined ? state : rowStateOf(operation.state);
            if (now === state) continue;
            const payment = await ledger.payments.get(row.paymentId);
            await ledger.mitBatches.finishRow(batchId, row.ordinal, {
              state: now,
              paymentId: row.paymentId,
              gatewayTransactionId: payment?.gatewayTransactionId ?? null,
              gatewayCode: operation?.gatewayCode ?? null,
              gatewayMessage: operation?.gatewayMessage ?? null,
              error: null,
              at: clock.now(),
            });
          }
        }
      }
    },

    /** Resolves when the batch's run in this process (if any) has stopped. */
    async settled(batchId: string): Promise<void> {
      await runs.get(batchId)?.done;
    },

    /**
     * Takes over, while this console runs, batches whose console stopped mid-run: a core restarted
     * after a crash starts before the old lease has ended, so the check at start alone misses them.
     */
    watchAbandoned(intervalMs: number = Math.max(leaseMs / 2, 50)): void {
      if (watch !== null) return;
      watch = setInterval(() => {
        void this.resumeAbandoned().then(
          (taken) => {
            if (taken.length > 0) logger.warn('batches left running by a console that stopped are resumed', { batches: taken });
          },
          (error: unknown) => logger.warn('could not look for abandoned batches', { error: error instanceof Error ? error.message : String(error) }),
        );
      }, intervalMs);
      watch.unref();
    },

    /** Stops taking rows, lets the charges on their way finish, and hands the leases back. */
    async close(): Promise<void> {
      if (watch !== null) clearInterval(watch);
      watch = null;
      await Promise.all([...runs.keys()].map(stopLocal));
    },
  };
}

export type MitBatchRunner = ReturnType<typeof createMitBatchRunner>;
