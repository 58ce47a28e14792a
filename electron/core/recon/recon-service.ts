/**
 * Reconciliation sessions as use-cases: import a statement (match it and save every outcome in
 * batches, with progress), cancel one, and resolve its rows (accept, link by hand, follow up).
 * Every resolution goes to the audit log in the same unit of work as the change it records.
 */
import type { ReconClass } from '../../../shared/domain/recon.ts';
import type { Auditor } from '../audit.ts';
import type { InvocationContext } from '../door.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { newReconSessionId } from '../ids.ts';
import type { Ledger } from '../ledger/port.ts';
import type { ReconFollowUp, ReconRowBatch, ReconRowPatch, ReconRowRecord, ReconSessionRow } from '../ledger/recon-types.ts';
import type { OperationRow, ReconLedgerOperation, ReconLedgerPayment } from '../ledger/types.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import type { Clock } from '../ports.ts';
import { buildReconIndex, classifyLinked, ledgerPaymentsForRecon, ledgerWindow, matchStatementBatches, type MatchOptions } from './matcher.ts';
import { ImportBatchBuilder } from './import-batch.ts';
import { portBatchWriter, type ReconBatchWriterOpener } from './recon-writer-thread.ts';
import type { StatementRow } from './statement-row.ts';
import type { StatementBatch } from './statement-row-columns.ts';
import { DEFAULT_HEARTBEAT_INTERVAL_MS, importOwner, startImportHeartbeat, type ImportHeartbeatDeps } from './import-heartbeat.ts';

/** Rows saved per unit of work: large enough that a million rows take a hundred commits, small enough to hold a write lock for a moment. */
const BATCH = 10_000;

export interface ReconImportInput {
  /**
   * The statement's rows, a batch at a time (see row-batches.ts for a source that has them one by
   * one); as columns from a reading thread, its clean matches are saved without an object each.
   */
  readonly batches: AsyncIterable<StatementBatch>;
  readonly period: { readonly from: Date; readonly to: Date };
  readonly profileId: string;
  /** What was imported, in words (file name, or report and range). */
  readonly source: string;
  readonly mapping: string;
  /** Our merchant account(s) at the gateway, as the statement names them; empty: not checked. */
  readonly merchantAccounts?: readonly string[];
  readonly match?: Pick<MatchOptions, 'dateWindowMs' | 'expectedFee' | 'expectedInFile'>;
}

export interface ReconProgress {
  readonly sessionId: string;
  readonly rowsRead: number;
  readonly rowsPerSecond: number;
  readonly done: boolean;
}

export interface ReconImportControl {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReconProgress) => void;
  readonly context: InvocationContext;
}

export type ReconResolveInput =
  | { readonly action: 'accept'; readonly note: string }
  | { readonly action: 'link'; readonly paymentId: string; readonly note?: string | undefined }
  | { readonly action: 'follow_up'; readonly followUp: ReconFollowUp; readonly note?: string | undefined };

/** What a follow-up needs of the payment use-cases. */
export type ReconPaymentActions = Pick<PaymentService, 'sync' | 'importPayment'>;

export interface ReconServiceDeps {
  readonly ledger: Ledger;
  readonly auditor: Auditor;
  readonly clock: Clock;
  readonly payments: ReconPaymentActions;
  /** How a running import stamps its session (import-heartbeat.ts); default: this process, every 10 s. */
  readonly heartbeat?: Partial<Omit<ImportHeartbeatDeps, 'ledger' | 'clock'>>;
  /** Where an import's batches are saved (recon-writer-thread.ts); default: through the port. */
  readonly openBatchWriter?: ReconBatchWriterOpener;
}

export interface ReconService {
  startReconImport(input: ReconImportInput, control: ReconImportControl): Promise<ReconSessionRow>;
  /** Stops an import running here (it then removes its rows), or marks a stale running session cancelled. */
  cancel(sessionId: string, context: InvocationContext): Promise<ReconSessionRow>;
  resolve(sessionId: string, rowId: number, input: ReconResolveInput, context: InvocationContext): Promise<ReconRowRecord>;
}

/** A payment's refunds or chargebacks as the matcher compares them. */
function moneyBackOf(operations: readonly OperationRow[], kind: ReconLedgerOperation['kind']): ReconLedgerOperation[] {
  return operations
    .filter((operation) => operation.kind === kind)
    .map((operation) => ({ kind, operationId: operation.id, gatewayOperationId: operation.gatewayOperationId, amountMinor: operation.amountMinor, state: operation.state }));
}

/** The statement row a saved row came from (a row missing from the file has none). */
function statementRowOf(record: ReconRowRecord): StatementRow | null {
  if (record.kind === null || record.statementStatus === null || record.line === null) return null;
  return {
    line: record.line,
    gatewayTransactionId: record.gatewayTransactionId,
    merchantReference: record.merchantReference,
    kind: record.kind,
    status: record.statementStatus,
    amountMinor: record.amountMinor,
    currency: record.currency,
    feeMinor: record.feeMinor,
    netMinor: record.netMinor,
    transactionAt: record.transactionAt,
    settledAt: record.settledAt,
    merchantAccount: record.merchantAccount,
  };
}

export function createReconService(deps: ReconServiceDeps): ReconService {
  const { ledger, auditor, clock } = deps;
  const running = new Map<string, AbortController>();
  const owner = deps.heartbeat?.owner ?? importOwner();

  async function reconPayment(paymentId: string): Promise<ReconLedgerPayment> {
    const payment = await ledger.payments.get(paymentId);
    if (payment === null) throw new NotFoundError(`No payment with id ${paymentId}`);
    const operations = await ledger.operations.listForPayment(paymentId);
    return {
      id: payment.id,
      gatewayTransactionId: payment.gatewayTransactionId,
      merchantReference: payment.merchantReference,
      status: payment.status,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      createdAt: payment.createdAt,
      refunds: moneyBackOf(operations, 'refund'),
      chargebacks: moneyBackOf(operations, 'chargeback'),
    };
  }

  /**
   * Ends a stopped import as cancelled. A console that found this import silent past the limit may
   * have cancelled the session already (a stalled process on a shared ledger): its late batches go
   * with this call's delete all the same, and the session is answered as it stands.
   */
  async function finishCancelled(sessionId: string): Promise<ReconSessionRow> {
    try {
      return await ledger.recon.finishSession(sessionId, 'cancelled', clock.now());
    } catch (error) {
      const stored = await ledger.recon.getSession(sessionId);
      if (stored?.status === 'cancelled') return stored;
      throw error;
    }
  }

  async function linkPatch(record: ReconRowRecord, paymentId: string): Promise<NonNullable<ReconRowPatch['reclassify']>> {
    const row = statementRowOf(record);
    if (row === null) throw new ValidationError('A payment missing from the file has no statement row to link', { rowId: 'Not a statement row' });
    const payment = await reconPayment(paymentId);
    const outcome = classifyLinked(row, payment, {});
    const reconClass: ReconClass = outcome.reconClass;
    return { reconClass, paymentId: payment.id, reason: outcome.reason === null ? 'linked by hand' : `linked by hand: ${outcome.reason}`, ledgerAmountMinor: payment.amountMinor, ledgerStatus: payment.status };
  }

  async function record(sessionId: string, rowId: number, patch: ReconRowPatch, context: InvocationContext, details: Record<string, unknown>): Promise<ReconRowRecord> {
    return ledger.withTransaction(async (tx) => {
      const resolved = await tx.recon.resolveRow(sessionId, rowId, patch);
      await auditor.record(context, 'recon.resolve', { type: 'recon_row', id: `${sessionId}/${rowId}` }, 'succeeded', {
        resolution: patch.resolution.kind,
        followUp: patch.resolution.followUp,
        note: patch.resolution.note,
        class: resolved.reconClass,
        paymentId: resolved.paymentId,
        ...details,
      });
      return resolved;
    });
  }

  return {
    async startReconImport(input, control) {
      const { context, signal, onProgress } = control;
      if (!(input.period.from.getTime() < input.period.to.getTime())) {
        throw new ValidationError('The statement period must end after it starts', { period: 'From must be before to' });
      }
      const started = clock.now();
      const session = await ledger.recon.createSession({
        id: newReconSessionId(started),
        operator: context.operator,
        createdAt: started,
        profileId: input.profileId,
        source: input.source,
        mapping: input.mapping,
        periodFrom: input.period.from,
        periodTo: input.period.to,
      });
      const abort = new AbortController();
      running.set(session.id, abort);
      // Opened now, so that a writing thread starts while the ledger is read.
      const writer = (deps.openBatchWriter ?? (() => portBatchWriter(ledger)))();
      const stop = (): void => abort.abort();
      // Heartbeat: a console starting elsewhere leaves this session alone while it beats; it stops the import if the session was given up.
      const heartbeat = startImportHeartbeat({ ledger, clock, owner, intervalMs: deps.heartbeat?.intervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS, ...(deps.heartbeat?.logger ? { logger: deps.heartbeat.logger } : {}) }, session.id, stop);
      signal?.addEventListener('abort', stop, { once: true });
      if (signal?.aborted === true) abort.abort();
      const startedMs = Date.now();
      let gathered: ImportBatchBuilder | null = null;
      const report = (done: boolean): void => {
        const seconds = Math.max((Date.now() - startedMs) / 1000, 1e-3);
        const rowsRead = gathered?.rowsRead ?? 0;
        onProgress?.({ sessionId: session.id, rowsRead, rowsPerSecond: Math.round(rowsRead / seconds), done });
      };
      // A batch is saved while the next one is read and matched (on PostgreSQL the server writes
      // meanwhile); one save at a time, in order, and all of them over before the session ends.
      let saving: Promise<void> = Promise.resolve();
      try {
        const options: MatchOptions = { period: input.period, merchantAccounts: input.merchantAccounts ?? [], ...input.match };
        const index = await buildReconIndex(ledgerPaymentsForRecon(ledger, ledgerWindow(input.profileId, options)));
        const batches = new ImportBatchBuilder(index);
        gathered = batches;
        const save = async (): Promise<void> => {
          await saving;
          const rows: ReconRowBatch = batches.take();
          saving = rows.size === 0 ? Promise.resolve() : writer.add(session.id, rows);
          // Awaited before the next save and at the end; a failure in between must not be an unhandled rejection.
          saving.catch(() => undefined);
        };
        for await (const matched of matchStatementBatches(input.batches, index, options)) {
          if (abort.signal.aborted) break;
          batches.add(matched);
          if (batches.size >= BATCH) {
            await save();
            report(false);
          }
        }
        if (abort.signal.aborted) {
          await saving.catch(() => undefined);
          const cancelled = await finishCancelled(session.id);
          await auditor.record(context, 'recon.import', { type: 'recon_session', id: session.id }, 'cancelled', { source: input.source, mapping: input.mapping, rowsRead: batches.rowsRead });
          report(true);
          return cancelled;
        }
        await save();
        await saving;
        const done = await ledger.recon.finishSession(session.id, 'done', clock.now());
        await auditor.record(context, 'recon.import', { type: 'recon_session', id: session.id }, 'succeeded', { source: input.source, mapping: input.mapping, rowsRead: batches.rowsRead, rows: done.rowCount });
        report(true);
        return done;
      } catch (error) {
        // A file that fails half-way leaves nothing half-imported either: the last save lands before the rows go.
        await saving.catch(() => undefined);
        await ledger.recon.finishSession(session.id, 'cancelled', clock.now()).catch(() => undefined);
        throw error;
      } finally {
        await writer.close();
        await heartbeat.stop();
        running.delete(session.id);
        signal?.removeEventListener('abort', stop);
      }
    },

    async cancel(sessionId, context) {
      const session = await ledger.recon.getSession(sessionId);
      if (session === null) throw new NotFoundError(`No reconciliation session ${sessionId}`);
      const here = running.get(sessionId);
      if (here !== undefined) {
        here.abort();
        return session;
      }
      const cancelled = await ledger.recon.finishSession(sessionId, 'cancelled', clock.now());
      await auditor.record(context, 'recon.cancel', { type: 'recon_session', id: sessionId }, 'succeeded', {});
      return cancelled;
    },

    async resolve(sessionId, rowId, input, context) {
      const existing = await ledger.recon.getRow(sessionId, rowId);
      if (existing === null) throw new NotFoundError(`No row ${rowId} in reconciliation session ${sessionId}`);
      const at = clock.now();
      const note = input.note?.trim() === '' ? null : (input.note ?? null);
      if (input.action === 'accept') {
        if (note === null) throw new ValidationError('Say why the row is accepted', { note: 'A note is required' });
        return record(sessionId, rowId, { resolution: { kind: 'accepted', note, followUp: null, by: context.operator, at } }, context, {});
      }
      if (input.action === 'link') {
        const reclassify = await linkPatch(existing, input.paymentId);
        return record(sessionId, rowId, { resolution: { kind: 'linked', note, followUp: null, by: context.operator, at }, reclassify }, context, { linkedTo: input.paymentId });
      }
      const resolution = { kind: 'follow_up' as const, note, followUp: input.followUp, by: context.operator, at };
      if (input.followUp === 'sync_payment') {
        if (existing.paymentId === null) throw new ValidationError('This row has no ledger payment to sync', { followUp: 'No payment' });
        await deps.payments.sync(existing.paymentId, context);
        return record(sessionId, rowId, { resolution, reclassify: await linkPatchOrKeep(existing, existing.paymentId) }, context, {});
      }
      if (input.followUp === 'import_payment') {
        if (existing.gatewayTransactionId === null && existing.merchantReference === null) {
          throw new ValidationError('The row has neither a gateway id nor a reference to look the payment up by', { followUp: 'Nothing to look up' });
        }
        const session = await ledger.recon.getSession(sessionId);
        if (session === null) throw new NotFoundError(`No reconciliation session ${sessionId}`);
        const paymentId = await deps.payments.importPayment(
          { profileId: session.profileId, gatewayTransactionId: existing.gatewayTransactionId ?? undefined, merchantReference: existing.gatewayTransactionId === null ? (existing.merchantReference ?? undefined) : undefined },
          context,
        );
        return record(sessionId, rowId, { resolution, reclassify: await linkPatch(existing, paymentId) }, context, { imported: paymentId });
      }
      // A refund moves money: the follow-up is recorded here and the operator opens it from the
      // payment, with its own confirmation and amount, rather than the recon screen refunding on a click.
      return record(sessionId, rowId, { resolution }, context, {});
    },
  };

  /** After a sync the payment may agree now: re-classify a statement row; a row missing from the file keeps its class. */
  async function linkPatchOrKeep(record: ReconRowRecord, paymentId: string): Promise<ReconRowPatch['reclassify']> {
    return statementRowOf(record) === null ? undefined : linkPatch(record, paymentId);
  }
}
