/**
 * The ledger as the core sees it: asynchronous, split into repositories by job, with one unit of
 * work. Two backends implement it — embedded SQLite (one file per desktop, the default) and
 * PostgreSQL (one database shared by several consoles and their webhook receivers) — and one
 * contract suite (test/ledger-port/) holds both to the same behaviour.
 *
 * Row shapes live in types.ts; this file says what can be asked and what each answer promises.
 */
import type { GatewayId, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { WireRecord } from '../http/http-client.ts';
import type { DashboardFigures, DashboardFilter } from './dashboard-query.ts';
import type { MitBatchRowState, MitBatchStatus } from '../../../shared/domain/mit-batch.ts';
import type { MitBatchRecord, MitBatchRowOutcome, MitBatchRowPage, MitBatchRowRecord, NewMitBatch, NewMitBatchRow } from './mit-batch-types.ts';
import type { NewReconRow, NewReconSession, ReconRowBatch, ReconRowFilter, ReconRowPage, ReconRowPatch, ReconRowRecord, ReconSessionRow, ReconSummaryLine, StaleReconSession } from './recon-types.ts';
import type {
  AuditEntry,
  AuditFilter,
  AuditInput,
  AuditPage,
  AuditReport,
  AuditSeal,
  AuditVerification,
  Balances,
  MandatePatch,
  MandateRow,
  NewMandate,
  NewOperation,
  NewPayment,
  NotificationReceipt,
  OperationPatch,
  OperationRow,
  PaymentPatch,
  PaymentRow,
  PollEntry,
  PollQueuePage,
  PollQueueState,
  PollQueueSummary,
  PollResult,
  ReconLedgerFilter,
  ReconLedgerPage,
  SearchFilters,
  SearchPage,
  SearchSort,
  SearchTotals,
  StatusEvent,
  StoredToken,
  StoredWire,
  WireCursor,
  WireLogPage,
} from './types.ts';

export interface PaymentRepository {
  /** Throws ConflictError when (profileId, merchantReference) or the id is taken. */
  insert(payment: NewPayment): Promise<PaymentRow>;
  /**
   * Inside a unit of work, reading a payment locks it until the work ends (PostgreSQL: row lock;
   * SQLite: the write transaction is exclusive anyway): every money rule is read-check-write on one
   * payment, and a second console must wait for the first one's write before it reads.
   */
  get(id: string): Promise<PaymentRow | null>;
  findByGatewayId(gatewayId: GatewayId, gatewayTransactionId: string): Promise<PaymentRow | null>;
  findByMerchantReference(profileId: string, merchantReference: string): Promise<PaymentRow | null>;
  /** Throws NotFoundError for an unknown id. `gatewayData` is merged into the stored map. */
  update(id: string, patch: PaymentPatch, at: Date): Promise<PaymentRow>;
  /** Payments not final yet, oldest first (for the poller and the sandbox tools). */
  listOpen(limit: number): Promise<PaymentRow[]>;
  /** Payments whose first operation moved money (or is pending) but which have no gateway id. */
  listMissingGatewayId(limit: number): Promise<PaymentRow[]>;
  countWithStatus(status: PaymentStatus): Promise<number>;
  addStatusEvent(event: StatusEvent): Promise<void>;
  listStatusEvents(paymentId: string): Promise<StatusEvent[]>;
}

export interface OperationRepository {
  /** Throws ConflictError when the merchant reference is taken (it is the idempotency key). */
  insert(operation: NewOperation): Promise<OperationRow>;
  get(id: string): Promise<OperationRow | null>;
  update(id: string, patch: OperationPatch): Promise<OperationRow>;
  /** Oldest first. */
  listForPayment(paymentId: string): Promise<OperationRow[]>;
  /**
   * Operations without a final outcome: intent, sent or unknown, and follow-up operations (capture,
   * refund, void, rebill) the gateway reported pending. What recovery, sync and the poller follow.
   */
  listUnresolved(): Promise<OperationRow[]>;
  findByMerchantReference(merchantReference: string): Promise<OperationRow | null>;
  findByGatewayId(gatewayOperationId: string): Promise<OperationRow | null>;
  /**
   * Derived from the journal. Inside a unit of work it locks the payment like `payments.get`, so
   * "check the balance, then insert the intent" cannot interleave with another console's.
   */
  balances(paymentId: string): Promise<Balances>;
  /**
   * A page of payments' balances in one statement, for lists that show many (the payments list,
   * its export); an id the ledger does not have is absent. Never locks: not for a money rule.
   */
  balancesOf(paymentIds: readonly string[]): Promise<Map<string, Balances>>;
}

export interface TokenRepository {
  insert(token: StoredToken): Promise<void>;
  get(id: string): Promise<StoredToken | null>;
  /** Active tokens only, newest first. */
  list(profileId?: string): Promise<StoredToken[]>;
  /** False when there was no active token with this id. */
  delete(id: string): Promise<boolean>;
}

export interface MandateRepository {
  insert(mandate: NewMandate): Promise<MandateRow>;
  /** Locks the mandate inside a unit of work, like `payments.get`. */
  get(id: string): Promise<MandateRow | null>;
  findByGatewayId(profileId: string, gatewayMandateId: string): Promise<MandateRow | null>;
  update(id: string, patch: MandatePatch, at: Date): Promise<MandateRow>;
  /** Newest first. */
  list(profileId?: string): Promise<MandateRow[]>;
}

export interface NewPollEntry {
  readonly subject: PollEntry['subject'];
  readonly subjectId: string;
  readonly gatewayId: GatewayId;
  readonly profileId: string;
  readonly firstSeenAt: Date;
  readonly nextCheckAt: Date;
}

/** The status-polling schedule: payments and mandates that are not final yet. */
export interface ScheduleRepository {
  /**
   * Puts a subject on the schedule if it is not there yet (an existing entry keeps its first-seen
   * time, attempts and next check). Returns the entry as stored.
   */
  ensure(entry: NewPollEntry): Promise<PollEntry>;
  get(subject: PollEntry['subject'], subjectId: string): Promise<PollEntry | null>;
  recordResult(subject: PollEntry['subject'], subjectId: string, result: PollResult): Promise<PollEntry>;
  /** Moves the next check forward to `at` if it is later than `at` (used by "sync now"). */
  soon(subject: PollEntry['subject'], subjectId: string, at: Date): Promise<void>;
  remove(subject: PollEntry['subject'], subjectId: string): Promise<boolean>;
  /** Entries due at `now`, soonest first. */
  due(now: Date, limit: number): Promise<PollEntry[]>;
  /** The whole schedule, soonest first, optionally for one gateway. */
  list(filter: { gatewayId?: GatewayId | undefined; limit: number }): Promise<PollEntry[]>;
  count(): Promise<number>;
}

export interface NotificationRepository {
  /**
   * Records a webhook delivery once. False when (profileId, eventId) was seen before, by this
   * console or any other on the same ledger: the caller acknowledges the duplicate and applies nothing.
   */
  record(receipt: NotificationReceipt): Promise<boolean>;
}

export interface AuditRepository {
  /**
   * From now on new entries are sealed with the key and each commit that added some advances the
   * anchor file; or, without a key, every append is refused. A ledger never sealed (tests, earlier
   * versions) writes and checks a plain hash chain.
   */
  seal(seal: AuditSeal): Promise<void>;
  /**
   * Appends one entry after the chain's head as every console on this ledger sees it. Throws
   * VaultUnavailableError when the seal is unavailable; inside a unit of work that rolls all of it back.
   */
  append(entry: AuditInput): Promise<AuditEntry>;
  /** Newest first. */
  list(limit: number, beforeSeq?: number): Promise<AuditEntry[]>;
  /** Entries matching `filter`, newest first, one page at a time (keyset: entries before `beforeSeq`). */
  search(filter: AuditFilter, limit: number, beforeSeq: number | null): Promise<AuditPage>;
  verify(): Promise<AuditVerification>;
  report(): Promise<AuditReport>;
}

/** Every gateway exchange, redacted before it gets here. */
export interface WireLogRepository {
  /** Logs the exchange, or counts it on the payment's last entry when it repeats that one (wire-log-queries.ts). */
  record(entry: WireRecord): Promise<void>;
  /** The payment's whole log, oldest first. */
  listForPayment(paymentId: string): Promise<StoredWire[]>;
  /** One page of the payment's log, newest first, from `before` (exclusive). */
  page(paymentId: string, limit: number, before: WireCursor | null): Promise<WireLogPage>;
  /** How many entries the payment's log holds (a repeated exchange is one), counted up to WIRE_COUNT_CAP (wire-log-queries.ts). */
  count(paymentId: string): Promise<number>;
}

/** The gateways' call budgets, shared by every process on the ledger (OPPWA's status limit). */
export interface CallRateRepository {
  /**
   * Records one call under `key` when fewer than `limit` were recorded in the `windowMs` up to
   * `at`, and answers true; answers false, recording nothing, when the budget is spent.
   */
  tryRecordCall(key: string, limit: number, windowMs: number, at: Date): Promise<boolean>;
}

/** Reconciliation sessions and their rows (reconciliation's own store; payments are only read). */
export interface ReconRepository {
  createSession(session: NewReconSession): Promise<ReconSessionRow>;
  getSession(id: string): Promise<ReconSessionRow | null>;
  /** Newest first. */
  listSessions(limit: number): Promise<ReconSessionRow[]>;
  /** Appends one batch of a running session's rows; call inside a unit of work with the batch. */
  addRows(sessionId: string, rows: readonly NewReconRow[]): Promise<void>;
  /** The same for a batch already split into its matched block and its other rows (an import's). */
  addBatch(sessionId: string, batch: ReconRowBatch): Promise<void>;
  /**
   * Ends a running session. `cancelled` removes every row it had, so nothing half-imported stays;
   * the session itself stays, marked, as a trace. Throws ValidationError when it is not running.
   */
  finishSession(id: string, status: 'done' | 'cancelled', at: Date): Promise<ReconSessionRow>;
  /** Count and gross per class and currency. */
  summary(sessionId: string): Promise<ReconSummaryLine[]>;
  /** One page in file order, keyset cursor. */
  rows(sessionId: string, filter: ReconRowFilter, limit: number, cursor: string | null): Promise<ReconRowPage>;
  getRow(sessionId: string, rowId: number): Promise<ReconRowRecord | null>;
  /** Throws NotFoundError for a row not in the session. */
  resolveRow(sessionId: string, rowId: number, patch: ReconRowPatch): Promise<ReconRowRecord>;
  /** `owner` is still importing session `id`; false when the session is no longer running (cancelled elsewhere). */
  beatSession(id: string, owner: string, at: Date): Promise<boolean>;
  /** Running sessions whose last heartbeat (or, without one, creation) is before `before`. */
  staleSessions(before: Date): Promise<StaleReconSession[]>;
  /**
   * Cancels a session found stale and removes its rows, in the caller's unit of work; false, with
   * nothing changed, when it has beaten since or is no longer running.
   */
  cancelStaleSession(id: string, before: Date, at: Date): Promise<boolean>;
}

/**
 * Batches of merchant-initiated charges and their rows (mit-batch-queries.ts). A batch is run by
 * one process at a time, the holder of its lease; a row is started once, by one conditional update.
 */
export interface MitBatchRepository {
  /** Keeps a previewed batch with every record of its file (refused ones without a merchant reference); call inside a unit of work. */
  create(batch: NewMitBatch, rows: readonly NewMitBatchRow[]): Promise<MitBatchRecord>;
  get(id: string): Promise<MitBatchRecord | null>;
  /** Newest first. */
  list(filter: { readonly profileId?: string | undefined; readonly status?: MitBatchStatus | undefined; readonly limit: number }): Promise<MitBatchRecord[]>;
  /** One page in file order, keyset cursor. */
  rows(batchId: string, filter: { readonly state?: MitBatchRowState | undefined }, limit: number, cursor: string | null): Promise<MitBatchRowPage>;
  /** Rows in `state` after `afterOrdinal`, in file order. */
  rowsIn(batchId: string, state: MitBatchRowState, afterOrdinal: number, limit: number): Promise<MitBatchRowRecord[]>;
  count(batchId: string, state: MitBatchRowState): Promise<number>;
  /**
   * Makes `owner` the batch's runner until `leaseUntil`, moving it from one of `from` to running;
   * false when it is in none of them or another owner's lease has not ended at `at`.
   */
  claim(id: string, owner: string, from: readonly MitBatchStatus[], at: Date, leaseUntil: Date): Promise<boolean>;
  /** False when `owner` no longer runs it (paused, cancelled, taken over after its lease ended). */
  renew(id: string, owner: string, leaseUntil: Date): Promise<boolean>;
  /** Moves the batch from one of `from` to `to`, ending any lease; false when it was in none of them. */
  transition(id: string, from: readonly MitBatchStatus[], to: MitBatchStatus, at: Date): Promise<boolean>;
  /** Ends `owner`'s lease (it stopped running the batch) without changing its status. */
  release(id: string, owner: string): Promise<void>;
  /** Running batches whose lease ended before `at`: their runner stopped. */
  abandoned(at: Date): Promise<string[]>;
  /** Moves a row from ready to charging for `owner`; false when it was not ready (someone started it). */
  claimRow(batchId: string, ordinal: number, owner: string): Promise<boolean>;
  /** A charging row's next attempt goes out under `to`, if its reference is still `from`; false when it is not. */
  rereferenceRow(batchId: string, ordinal: number, from: string, to: string): Promise<boolean>;
  /** Records a started row's outcome (again, when an unknown one is resolved). Throws ValidationError for a row never started. */
  finishRow(batchId: string, ordinal: number, outcome: MitBatchRowOutcome): Promise<void>;
  /** Marks every row not started as skipped (the batch was cancelled); answers how many. */
  skipReady(batchId: string, at: Date): Promise<number>;
}

/** Read models for screens that must stay cheap however large the ledger grows. */
/** The public base URL of the team's webhook receiver, shared by every console on the ledger. */
export interface WebhookReceiverSettings {
  readonly publicBaseUrl: string;
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

export interface WebhookReceiverSettingsRepository {
  get(): Promise<WebhookReceiverSettings | null>;
  /** `publicBaseUrl: null` clears it. */
  save(change: { readonly publicBaseUrl: string | null; readonly at: Date; readonly by: string }): Promise<void>;
}

export interface LedgerViews {
  /** The payments list: one page in the chosen order (newest first by default), keyset cursor. */
  searchPayments(filters: SearchFilters, limit: number, cursor: string | null, sort?: SearchSort): Promise<SearchPage>;
  /**
   * The list's count and amounts per currency over the whole result, as one aggregate read; an
   * aborted `signal` gives it up (a newer count replaced it), where the backend can.
   */
  searchTotals(filters: SearchFilters, signal?: AbortSignal): Promise<SearchTotals>;
  /** The badges' counts in one read (runs after every payment change). */
  pollQueueSummary(): Promise<PollQueueSummary>;
  /** One page of the queue view with its subjects and the matching total, in one read. */
  pollQueuePage(filter: { gatewayId?: GatewayId | undefined; state?: PollQueueState | undefined; limit: number }): Promise<PollQueuePage>;
  /**
   * Reconciliation's read of one profile's payments created in [from, to), with their refunds:
   * pages in insertion order, keyset cursor, so a million payments are read once each.
   */
  paymentsForRecon(filter: ReconLedgerFilter, limit: number, cursor: string | null): Promise<ReconLedgerPage>;
  /**
   * The dashboard's figures for the payments made in the filter's slots (days): counts and gross
   * amounts per slot, gateway, currency and status, and the declined ones per gateway code and
   * message. Aggregated by the database; never one row per payment.
   */
  dashboardFigures(filter: DashboardFilter): Promise<DashboardFigures>;
}

/** What one unit of work (or the ledger outside one) can reach. */
export interface LedgerSession {
  readonly payments: PaymentRepository;
  readonly operations: OperationRepository;
  readonly tokens: TokenRepository;
  readonly mandates: MandateRepository;
  readonly schedule: ScheduleRepository;
  readonly notifications: NotificationRepository;
  readonly audit: AuditRepository;
  readonly wire: WireLogRepository;
  readonly callRates: CallRateRepository;
  readonly views: LedgerViews;
  readonly recon: ReconRepository;
  readonly mitBatches: MitBatchRepository;
  readonly webhookReceiver: WebhookReceiverSettingsRepository;
  /**
   * Runs `work` as one unit: all of it commits or none of it does. Writers on the same ledger, in
   * this process or another, are serialised where the money rules need it (see `payments.get`,
   * `operations.balances`). Called inside a unit of work, it joins that unit.
   *
   * `work` must only touch the ledger (no gateway call, no timer): a backend may run it again
   * after a serialisation failure or deadlock, and holding locks across a network call would
   * stall every other console.
   */
  withTransaction<T>(work: (tx: LedgerSession) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

export interface TransactionOptions {
  /**
   * The unit records what a gateway answered to a call whose intent is already durable: it may
   * commit without waiting for the disk (SQLite: no fsync of its own; the next durable commit, or
   * the audit anchor's move, syncs it). A power cut can then lose it, and the operation is found
   * sent and resolved from the gateway, never sent again; a process crash loses nothing. Ignored
   * inside another unit (the outermost decides) and on PostgreSQL, whose commits wait on the
   * server, not on this process.
   */
  readonly deferFlush?: boolean;
}

/**
 * Which process polls the gateways for every console on this ledger: at most one holds this lock
 * at a time, and it is free again as soon as its holder is gone (the process ended, its connection
 * to the ledger broke). It is not a lease with an expiry: nothing is renewed, liveness is the
 * backend's own (PostgreSQL: a session advisory lock on a connection of its own; SQLite: an
 * exclusive lock on a file beside the ledger, which the OS drops with the process).
 */
export interface PollerLock {
  /** Takes the lock if nobody holds it; true when this ledger holds it, now or already. `holder` names this process to the others. */
  tryAcquire(holder: string): Promise<boolean>;
  /**
   * True while this ledger still holds it, asked of the backend (PostgreSQL: over the lock's own
   * connection). False once it is lost, which also lets go of what is left of it.
   */
  confirm(): Promise<boolean>;
  /** Lets it go; nothing when it is not held. */
  release(): Promise<void>;
  /**
   * Who holds it, as the holder named itself, when the ledger can tell (SQLite cannot: it says
   * only that another process does); null when nobody does.
   */
  holder(): Promise<string | null>;
  /** `listener` is called when the lock is lost without `release` (its connection failed, the ledger closed). */
  onLost(listener: () => void): () => void;
}

/** An operator row of a shared ledger (PostgreSQL migration 17). */
export interface OperatorRow {
  readonly login: string;
  readonly role: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly owner: boolean;
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

/** A four-eyes refund request (PostgreSQL migration 18); `status` is as stored, expiry is read from `expiresAt`. */
export interface RefundApprovalRow {
  readonly id: string;
  readonly paymentId: string;
  /** The payment's profile and merchant reference, read with the request. */
  readonly profileId: string;
  readonly merchantReference: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly expiresAt: Date;
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly note: string | null;
  readonly operationId: string | null;
}

export interface RefundThresholdRow {
  readonly profileId: string;
  readonly currency: string;
  readonly amountMinor: bigint;
}

/**
 * Team mode's part of a shared ledger: who the connected login is, the operators, and four-eyes
 * refunds. Every write goes through the database's checked functions, which decide by the login
 * (`session_user`), not by anything the console says; a refusal is a ForbiddenError.
 */
export interface TeamLedger {
  /** The connected login. */
  readonly login: string;
  /** The connected login's operator row and rights; null when it has none. */
  me(): Promise<{ operator: OperatorRow; rights: string[] } | null>;
  operators(): Promise<Array<{ operator: OperatorRow; rights: string[] }>>;
  saveOperator(login: string, role: string, added: readonly string[], removed: readonly string[]): Promise<{ operator: OperatorRow; rights: string[] }>;
  removeOperator(login: string): Promise<boolean>;
  /**
   * Creates a database login (the server's, not only this ledger's). Usually the DBA's job; the
   * connected login needs CREATEROLE. The login gets nothing here until it is made an operator.
   */
  createLogin(login: string, password: string): Promise<void>;
  thresholds(): Promise<RefundThresholdRow[]>;
  /** The threshold that applies to a refund of this payment, if any. */
  thresholdFor(paymentId: string): Promise<bigint | null>;
  saveThresholds(profileId: string, thresholds: ReadonlyArray<{ currency: string; amountMinor: bigint }>): Promise<RefundThresholdRow[]>;
  requestRefund(request: { id: string; paymentId: string; amountMinor: bigint; reason: string; validForMs: number }): Promise<RefundApprovalRow>;
  /** Approving names the refund operation the same unit of work journals next. */
  decideRefund(id: string, approve: boolean, note: string, operationId: string | null): Promise<RefundApprovalRow>;
  approval(id: string): Promise<RefundApprovalRow | null>;
  /** Pending ones first (oldest first), then the rest newest first; `status` filters as shown (an expired one is `expired`). */
  approvals(filter: { status?: 'pending' | 'approved' | 'rejected' | 'expired' | undefined; limit: number }): Promise<RefundApprovalRow[]>;
  /** Every request on these payments. */
  approvalsOf(paymentIds: readonly string[]): Promise<RefundApprovalRow[]>;
  /** Pending, unexpired requests the connected login did not make. */
  pendingForMe(): Promise<number>;
}

/** A payment that another process on the same ledger changed (status, amounts, operations). */
export interface LedgerChange {
  readonly paymentId: string;
}

export interface Ledger extends LedgerSession {
  /**
   * A call on the ledger made while a unit of work is running in the same async context joins
   * that unit (backends track it with AsyncLocalStorage), so code reached from inside a unit of
   * work cannot deadlock on locks its own unit holds, nor escape its atomicity.
   */
  readonly backend: 'sqlite' | 'postgres';
  /** Team mode's operators and four-eyes refunds: a shared PostgreSQL ledger has them, the embedded one does not. */
  readonly team: TeamLedger | null;
  /**
   * Payments other processes on the same ledger changed, so this console's open screens update
   * without polling. Batches; this process's own changes are not repeated (it announces those itself).
   */
  onChangesElsewhere(listener: (changes: readonly LedgerChange[]) => void): () => void;
  /**
   * Resolves once the unit of work the caller runs in has ended, committed or rolled back; at once
   * outside any unit. A read made outside the unit before then may see the unit's state from
   * before it began (PostgreSQL reads on another connection of its pool), so work that must read
   * what the unit leaves behind waits for this first. An own property, so a spread copy keeps it.
   */
  readonly unitSettled: () => Promise<void>;
  /** Who polls for every console on this ledger (poller/poller-leadership.ts). Closing the ledger lets it go. */
  readonly pollerLock: PollerLock;
  /** Waits for writes still in flight (wire records), then closes connections. Idempotent. */
  close(): Promise<void>;
}

/** How a workspace's ledger is reached: chosen in Settings. */
export type LedgerLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  /** `connectionString` carries no password: that lives in the keychain and comes as `password`. */
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly password: string | null };
