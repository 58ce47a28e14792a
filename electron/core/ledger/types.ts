/**
 * The ledger's rows as both backends read and write them, and the SQLite backend's synchronous
 * store interface. What the core asks of the ledger is port.ts.
 */
import type { AuditProblemKind, CardBrand, Environment, GatewayId, OperationKind, OperationState, PaymentKind, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { GatewayData, MandateStatus, PaymentInstructions, PendingAction } from '../gateways/types.ts';
import type { WireRecord, WireSink } from '../http/http-client.ts';
import type { AuditKey } from '../vault/audit-key.ts';

export interface MaskedCard {
  readonly brand: CardBrand;
  readonly bin: string;
  readonly last4: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
  readonly holder: string;
}

export interface NewPayment {
  readonly id: string;
  readonly profileId: string;
  readonly profileName: string;
  readonly gatewayId: GatewayId;
  readonly environment: Environment;
  readonly kind: PaymentKind;
  readonly method: string;
  readonly moto: boolean;
  readonly status: PaymentStatus;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly merchantReference: string;
  readonly description: string | null;
  readonly customerName: string | null;
  readonly customerEmail: string | null;
  readonly customerPhone: string | null;
  readonly card: MaskedCard | null;
  readonly imported: boolean;
  readonly createdAt: Date;
}

export interface PaymentRow extends NewPayment {
  readonly instructions: PaymentInstructions | null;
  /** When the newest gateway event (webhook or status answer) we applied happened; older ones are ignored. */
  readonly lastGatewayEventAt: Date | null;
  readonly gatewayTransactionId: string | null;
  readonly gatewayData: GatewayData;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
  readonly pendingAction: PendingAction | null;
  readonly updatedAt: Date;
}

export interface PaymentPatch {
  readonly status?: PaymentStatus;
  readonly gatewayTransactionId?: string | null;
  /** Merged into the stored map (keys added or replaced), never replaced whole. */
  readonly gatewayData?: GatewayData;
  readonly gatewayCode?: string | null;
  readonly gatewayMessage?: string | null;
  readonly pendingAction?: PendingAction | null;
  readonly instructions?: PaymentInstructions | null;
  readonly lastGatewayEventAt?: Date | null;
}

export interface NewOperation {
  readonly id: string;
  readonly paymentId: string;
  readonly kind: OperationKind;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** Unique across the ledger: the idempotency key and the gateway-side lookup key. */
  readonly merchantReference: string;
  readonly reason: string | null;
  readonly operator: string;
  readonly createdAt: Date;
}

export interface OperationRow extends NewOperation {
  readonly state: OperationState;
  readonly gatewayOperationId: string | null;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
  readonly sentAt: Date | null;
  readonly completedAt: Date | null;
  /**
   * Until when a call for this operation may still be open somewhere or not yet recorded by the
   * gateway (lease renewed while the call is open, plus the gateway's settle window). Null: no lease.
   */
  readonly inFlightUntil: Date | null;
  readonly leaseOwner: string | null;
}

export interface OperationPatch {
  readonly state?: OperationState;
  readonly gatewayOperationId?: string | null;
  readonly gatewayCode?: string | null;
  readonly gatewayMessage?: string | null;
  readonly sentAt?: Date | null;
  readonly completedAt?: Date | null;
  readonly inFlightUntil?: Date | null;
  readonly leaseOwner?: string | null;
}

/**
 * Balances derived from the journal. In-flight operations (intent, sent, pending, unknown) are
 * reserved: they reduce what can be captured/refunded until they are resolved.
 */
export interface Balances {
  readonly authorizedMinor: bigint;
  readonly capturedMinor: bigint;
  readonly refundedMinor: bigint;
  readonly voidedMinor: bigint;
  /** Taken back by the issuer (chargebacks less their reversals); no longer refundable. */
  readonly chargedBackMinor: bigint;
  readonly captureInFlightMinor: bigint;
  readonly refundInFlightMinor: bigint;
  readonly voidInFlightMinor: bigint;
  readonly capturableMinor: bigint;
  readonly refundableMinor: bigint;
}

export interface StatusEvent {
  readonly paymentId: string;
  readonly at: Date;
  readonly from: PaymentStatus | null;
  readonly to: PaymentStatus;
  readonly source: 'operation' | 'sync' | 'recovery' | 'notification' | 'import';
  readonly detail: string | null;
}

export interface StoredWire extends WireRecord {
  readonly id: string;
  /** Its place in the log: with `at`, the keyset a page of a payment's log continues from. */
  readonly seq: number;
  /** How many times this exchange was made in a row with the same answer (wire-log-queries.ts). */
  readonly repeats: number;
  /** When the last of those repeats was made; null when it was made once. */
  readonly lastAt: Date | null;
}

/** Where a page of a payment's wire log, newest first, goes on from: the last entry shown. */
export interface WireCursor {
  readonly at: Date;
  readonly seq: number;
}

export interface WireLogPage {
  readonly entries: StoredWire[];
  readonly next: WireCursor | null;
}

export interface SearchFilters {
  readonly text?: string | undefined;
  readonly statuses?: readonly PaymentStatus[] | undefined;
  readonly gatewayId?: GatewayId | undefined;
  readonly profileId?: string | undefined;
  readonly environment?: Environment | undefined;
  readonly method?: string | undefined;
  readonly kind?: PaymentKind | undefined;
  readonly currency?: string | undefined;
  /** The gateway's answer code, as a decline reason on the dashboard names it. */
  readonly gatewayCode?: string | undefined;
  readonly amountMinMinor?: bigint | undefined;
  readonly amountMaxMinor?: bigint | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
}

/** The list's orders (newest first by default); each ends in the payment's id so the order is total. */
export type SearchSort = 'newest' | 'oldest' | 'amount_desc' | 'amount_asc';

/** The count and the amounts per currency of every payment a search finds, not one page. */
export interface SearchTotals {
  readonly count: number;
  readonly currencies: ReadonlyArray<{ readonly currency: string; readonly count: number; readonly amountMinor: bigint }>;
}

export interface SearchPage {
  readonly rows: PaymentRow[];
  readonly nextCursor: string | null;
}

export interface StoredToken {
  readonly id: string;
  readonly profileId: string;
  readonly gatewayId: GatewayId;
  readonly tokenValue: string;
  readonly brand: CardBrand;
  readonly last4: string | null;
  readonly expiryMonth: number | null;
  readonly expiryYear: number | null;
  readonly holder: string | null;
  readonly originPaymentId: string | null;
  readonly status: 'active' | 'deleted';
  /** What a merchant-initiated charge must reference (e.g. the CIT's transaction id and date-time). */
  readonly gatewayData: GatewayData;
  readonly createdAt: Date;
}

export interface NewMandate {
  readonly id: string;
  readonly profileId: string;
  readonly gatewayId: GatewayId;
  readonly merchantReference: string;
  readonly phone: string;
  readonly customerName: string;
  readonly mandateType: 'SUBSCRIPTION' | 'ONECLICK';
  readonly status: MandateStatus;
  readonly createdAt: Date;
}

export interface MandateRow extends NewMandate {
  readonly gatewayMandateId: string | null;
  readonly limitMinor: bigint | null;
  readonly currency: string | null;
  readonly expiresAt: Date | null;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
  readonly gatewayData: GatewayData;
  readonly updatedAt: Date;
}

export interface MandatePatch {
  readonly status?: MandateStatus;
  readonly gatewayMandateId?: string | null;
  readonly limitMinor?: bigint | null;
  readonly currency?: string | null;
  readonly expiresAt?: Date | null;
  readonly gatewayCode?: string | null;
  readonly gatewayMessage?: string | null;
  /** Merged into the stored map. */
  readonly gatewayData?: GatewayData;
}

export interface NotificationReceipt {
  readonly profileId: string;
  /** The gateway's event id; (profileId, eventId) is unique — the deduplication key. */
  readonly eventId: string;
  readonly receivedAt: Date;
  readonly subject: string;
  readonly gatewayTransactionId: string | null;
}

export interface AuditInput {
  readonly at: Date;
  readonly operator: string;
  readonly origin: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly outcome: string;
  /** Free-form JSON-serialisable details; never secrets or card data. */
  readonly details: Record<string, unknown>;
}

export interface AuditEntry extends Omit<AuditInput, 'details'> {
  readonly seq: number;
  readonly details: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** What the audit log is narrowed to; a field left out matches every entry. */
export interface AuditFilter {
  readonly operator?: string | undefined;
  readonly actions?: readonly string[] | undefined;
  readonly targetId?: string | undefined;
  readonly outcomes?: readonly string[] | undefined;
  /** Inclusive. */
  readonly from?: Date | undefined;
  /** Exclusive, so consecutive periods neither overlap nor leave a gap. */
  readonly to?: Date | undefined;
  /** A substring of the operator, origin, action, target, outcome or details, whatever its case. */
  readonly text?: string | undefined;
}

export interface AuditPage {
  /** Newest first. */
  readonly entries: AuditEntry[];
  /** Where the next page starts (entries before this seq); null on the last page. */
  readonly nextBeforeSeq: number | null;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBrokenSeq: number | null;
}

export interface AuditProblem {
  readonly kind: AuditProblemKind;
  /** The first entry that fails (for the anchor: the first entry it expects and the log lacks); null when no entry can be named. */
  readonly seq: number | null;
  readonly message: string;
}

/** What `verify-audit` reports: the chain, the key it was checked with, and the anchor. */
export interface AuditReport extends AuditVerification {
  readonly problem: AuditProblem | null;
  /** False for a ledger opened without a key: then every entry is checked as a plain hash chain. */
  readonly keyed: boolean;
  /** Entries written before the data folder had a key, checked by their plain hash chain. */
  readonly legacyEntries: number;
  /** Entries the anchor file vouches for (later ones were appended since it was last written); null without a usable anchor. */
  readonly anchoredEntries: number | null;
}

/**
 * How a ledger seals new audit entries: with the data folder's key, anchoring the log's head
 * outside itself; or not at all, when no key could be had (no keychain) or the key found is not
 * the one the keychain recorded for this folder (`replaced`: its workspace file or key was
 * swapped), and then every append is refused, since an entry without a keyed seal could not be
 * told from a forged one.
 */
export type AuditSeal =
  | { readonly state: 'sealed'; readonly key: AuditKey; readonly anchorPath: string }
  | { readonly state: 'unavailable'; readonly reason: string }
  /** `legacyEntries`: the legacy prefix the keychain recorded with the folder's real key. */
  | { readonly state: 'replaced'; readonly reason: string; readonly legacyEntries: number }
  /** A shared ledger whose team key this keychain does not hold (or that has none yet): `reason` says what to run. */
  | { readonly state: 'not_held'; readonly reason: string };

/** One entry of the status-polling schedule: a payment or mandate that is not final yet. */
export interface PollEntry {
  readonly subject: 'payment' | 'mandate';
  readonly subjectId: string;
  readonly gatewayId: GatewayId;
  readonly profileId: string;
  /** When the entry was first scheduled; the gateway's horizon counts from here. */
  readonly firstSeenAt: Date;
  readonly nextCheckAt: Date;
  readonly lastCheckedAt: Date | null;
  /** Checks made so far (answered or not); drives the backoff. */
  readonly attempts: number;
  /** Consecutive transport failures; reset by an answer. */
  readonly failures: number;
  readonly lastAnswer: string | null;
  readonly lastError: string | null;
}

export interface PollResult {
  readonly nextCheckAt: Date;
  readonly lastCheckedAt: Date;
  readonly attempts: number;
  readonly failures: number;
  readonly lastAnswer: string | null;
  readonly lastError: string | null;
}

/** What the shell's badges count: entries the poller waits on, payments a person must look at. */
export interface PollQueueSummary {
  readonly waiting: number;
  readonly needsReview: number;
}

/** A schedule entry with what the queue view shows of its subject (null where the subject is gone). */
export interface PollQueueRow extends PollEntry {
  readonly status: string | null;
  /** The payment's profile name at the time it was made; null for mandates (the profile service names them). */
  readonly profileName: string | null;
  readonly method: string | null;
  readonly amountMinor: bigint | null;
  readonly currency: string | null;
  readonly merchantReference: string | null;
}

export interface PollQueuePage {
  readonly entries: PollQueueRow[];
  /** Entries matching the filter, not only those on the page. */
  readonly total: number;
}

/** `waiting`: no transport failure since the last answer; `backing_off`: at least one. */
export type PollQueueState = 'waiting' | 'backing_off';

/**
 * The SQLite backend's synchronous store (node:sqlite), which sqlite-port.ts serves as the async
 * port the core uses. It also keeps the gateways' shared call budgets (migration 007).
 */
export interface Ledger extends WireSink {
  /** Records one call under `key` unless `limit` were recorded in the `windowMs` up to `at`. */
  tryRecordCall(key: string, limit: number, windowMs: number, at: Date): boolean;
  /** Runs `work` in one write transaction (BEGIN IMMEDIATE on SQLite): all or nothing. */
  transaction<T>(work: () => T): T;

  insertPayment(payment: NewPayment): PaymentRow;
  getPayment(id: string): PaymentRow | null;
  findPaymentByGatewayId(gatewayId: GatewayId, gatewayTransactionId: string): PaymentRow | null;
  updatePayment(id: string, patch: PaymentPatch, at: Date): PaymentRow;
  searchPayments(filters: SearchFilters, limit: number, cursor: string | null, sort?: SearchSort): SearchPage;
  searchTotals(filters: SearchFilters): SearchTotals;

  insertOperation(operation: NewOperation): OperationRow;
  getOperation(id: string): OperationRow | null;
  updateOperation(id: string, patch: OperationPatch): OperationRow;
  listOperations(paymentId: string): OperationRow[];
  /**
   * Operations without a final outcome: intent, sent or unknown, and follow-up operations (capture,
   * refund, void, rebill) the gateway reported pending. What recovery, sync and the poller follow.
   */
  listUnresolvedOperations(): OperationRow[];
  /** Payments whose first operation moved money (or is pending) but which have no gateway id. */
  listPaymentsMissingGatewayId(limit: number): PaymentRow[];
  balances(paymentId: string): Balances;

  addStatusEvent(event: StatusEvent): void;
  listStatusEvents(paymentId: string): StatusEvent[];

  listWire(paymentId: string): StoredWire[];

  findPaymentByMerchantReference(profileId: string, merchantReference: string): PaymentRow | null;
  findOperationByMerchantReference(merchantReference: string): OperationRow | null;
  findOperationByGatewayId(gatewayOperationId: string): OperationRow | null;

  insertToken(token: StoredToken): void;
  getToken(id: string): StoredToken | null;
  /** Active tokens only, newest first. */
  listTokens(profileId?: string): StoredToken[];
  deleteToken(id: string): boolean;

  insertMandate(mandate: NewMandate): MandateRow;
  getMandate(id: string): MandateRow | null;
  findMandateByGatewayId(profileId: string, gatewayMandateId: string): MandateRow | null;
  updateMandate(id: string, patch: MandatePatch, at: Date): MandateRow;
  /** Newest first. */
  listMandates(profileId?: string): MandateRow[];

  /**
   * Records a webhook delivery once. Returns false when (profileId, eventId) was seen before:
   * the caller acknowledges the duplicate and applies nothing.
   */
  recordNotification(receipt: NotificationReceipt): boolean;
  /** Payments not final yet, oldest first (for the poller and the sandbox tools). */
  listOpenPayments(limit: number): PaymentRow[];
  countPaymentsWithStatus(status: PaymentStatus): number;

  /**
   * Puts a subject on the polling schedule if it is not there yet (an existing entry keeps its
   * first-seen time, attempts and next check). Returns the entry as stored.
   */
  ensurePoll(entry: { subject: PollEntry['subject']; subjectId: string; gatewayId: GatewayId; profileId: string; firstSeenAt: Date; nextCheckAt: Date }): PollEntry;
  getPoll(subject: PollEntry['subject'], subjectId: string): PollEntry | null;
  recordPollResult(subject: PollEntry['subject'], subjectId: string, result: PollResult): PollEntry;
  /** Moves the next check forward to `at` if it is later than `at` (used by "sync now"). */
  pollSoon(subject: PollEntry['subject'], subjectId: string, at: Date): void;
  removePoll(subject: PollEntry['subject'], subjectId: string): boolean;
  /** Entries due at `now`, soonest first. */
  duePolls(now: Date, limit: number): PollEntry[];
  /** The whole schedule for the queue view, soonest first, optionally for one gateway. */
  listPolls(filter: { gatewayId?: GatewayId | undefined; limit: number }): PollEntry[];
  countPolls(): number;
  /** The badges' counts in one read (runs after every payment change, so it must stay cheap). */
  pollQueueSummary(): PollQueueSummary;
  /** One page of the queue view with its subjects and the matching total, in one read. */
  pollQueuePage(filter: { gatewayId?: GatewayId | undefined; state?: PollQueueState | undefined; limit: number }): PollQueuePage;

  /**
   * From now on new audit entries are sealed with the key and each commit that added some
   * advances the anchor file; or, without a key, every append is refused. A ledger never sealed
   * (tests, earlier versions) writes and checks a plain hash chain.
   */
  sealAudit(seal: AuditSeal): void;
  /** Throws VaultUnavailableError when the seal is unavailable; inside a transaction, that rolls the whole of it back. */
  appendAudit(entry: AuditInput): AuditEntry;
  listAudit(limit: number, beforeSeq?: number): AuditEntry[];
  searchAudit(filter: AuditFilter, limit: number, beforeSeq: number | null): AuditPage;
  verifyAudit(): AuditVerification;
  auditReport(): AuditReport;

  close(): void;
}

/** Which payments a reconciliation compares with a statement: one profile, created in [from, to). */
export interface ReconLedgerFilter {
  readonly profileId: string;
  readonly from: Date;
  readonly to: Date;
}

/** A refund or chargeback as reconciliation sees it: one statement refund or chargeback row matches one of these. */
export interface ReconLedgerOperation {
  readonly kind: 'refund' | 'chargeback';
  readonly operationId: string;
  readonly gatewayOperationId: string | null;
  readonly amountMinor: bigint;
  readonly state: OperationState;
}

/** The few fields of a payment a match needs; a million of them must fit in memory at once. */
export interface ReconLedgerPayment {
  readonly id: string;
  readonly gatewayTransactionId: string | null;
  readonly merchantReference: string;
  readonly status: PaymentStatus;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly createdAt: Date;
  /** Oldest first; empty for most payments. */
  readonly refunds: readonly ReconLedgerOperation[];
  /** Chargebacks the console learnt from the gateway, oldest first; empty for most payments. */
  readonly chargebacks: readonly ReconLedgerOperation[];
}

/**
 * Payments as reconciliation reads them, in columns: each payment at the same place in every
 * column. A million payments are read without a million objects or Dates.
 */
export interface ReconLedgerColumns {
  readonly ids: readonly string[];
  readonly gatewayTransactionIds: ReadonlyArray<string | null>;
  readonly merchantReferences: readonly string[];
  readonly statuses: readonly PaymentStatus[];
  readonly amountsMinor: readonly bigint[];
  readonly currencies: readonly string[];
  /** Creation instants in epoch milliseconds. */
  readonly createdMs: readonly number[];
  /** By the payment's place in the columns, oldest first; only payments that have some. */
  readonly refunds: ReadonlyMap<number, readonly ReconLedgerOperation[]>;
  readonly chargebacks: ReadonlyMap<number, readonly ReconLedgerOperation[]>;
}

export interface ReconLedgerPage {
  readonly payments: ReconLedgerColumns;
  readonly nextCursor: string | null;
}
