/**
 * The gateway port. Each gateway is one folder that exports a `GatewayDefinition`; the registry
 * holds one line per gateway. Folders never import each other; what they share lives here,
 * in http/, in sandbox/ (emulator plumbing) and in shared/.
 */
import type { CardBrand, Environment, GatewayId, OperationKind, PaymentKind, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { SandboxStatementAnswer, SandboxStatementRequest } from '../../../shared/domain/sandbox-statement.ts';
import type { DeclaredReferenceRule } from '../../../shared/domain/merchant-reference.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { StatementMapping } from '../recon/mappings/statement-mapping.ts';
import type { SkippedRow, StatementRow } from '../recon/statement-row.ts';
import type { Clock } from '../ports.ts';

export interface CredentialField {
  readonly name: string;
  readonly label: string;
  /** Verifies or decrypts the gateway's webhooks: the team's receiver service needs it (and only the fields so marked). */
  readonly webhooks?: boolean;
}
export interface OptionField {
  readonly name: string;
  readonly label: string;
  readonly type: 'string' | 'number' | 'boolean';
  readonly required: boolean;
}

/** How the poller treats this gateway's non-final payments (used by the scheduler). */
export interface PollPolicy {
  readonly minIntervalMs: number;
  readonly maxIntervalMs: number;
  /** After this long without a final answer the payment goes to needs review. */
  readonly horizonMs: number;
  /** Hard rate limit per transaction, if the gateway publishes one. */
  readonly maxCallsPerMinutePerTransaction: number | null;
  readonly maxConcurrent: number;
  /** Stop exactly at this time (a reference's expiry) rather than after the horizon. */
  readonly stopAt?: Date | null;
}

export interface GatewayDescriptor {
  readonly id: GatewayId;
  readonly displayName: string;
  /** What the adapter implements beyond the core verbs; `defineGateway` keeps it equal to the adapter's type. */
  readonly capabilities: readonly CapabilityName[];
  readonly paymentMethods: readonly string[];
  /** The wire has a MOTO flag (or MOTO is the account's default). */
  readonly moto: boolean;
  readonly credentialFields: readonly CredentialField[];
  readonly optionFields: readonly OptionField[];
  readonly amountFormat: 'major-number' | 'major-string' | 'minor-integer';
  readonly pollPolicy: PollPolicy;
  /**
   * How long after a call ended (or its caller died) the gateway may still record it. Until then a
   * lookup that finds nothing does not mean the operation never happened.
   */
  readonly settleWindowMs: number;
  /**
   * A method-specific policy where the gateway's own default does not fit (SIBS: MB WAY's short
   * approval window, a Multibanco reference polled rarely until it expires).
   */
  pollPolicyFor?(payment: { method: string; status: PaymentStatus; expiresAt: Date | null; createdAt: Date }): PollPolicy;
  /** An authorisation can be captured only once: a partial capture releases the rest (OPPWA). */
  readonly singleCapture?: boolean;
  /** Partial refunds (default true). When false, `refundNote` says why, for the operator. */
  readonly partialRefunds?: boolean;
  readonly refundNote?: string;
  /**
   * Checks a credential before it is stored (e.g. Sayswitch refuses a live key on a test profile).
   * Returns a message for the operator, or null when the value is acceptable.
   */
  checkCredential?(field: string, value: string, environment: Environment): string | null;
  /**
   * The HTTP methods the gateway delivers notifications with (default POST only). A GET delivery
   * carries its parameters in the query string, which `parseNotification` receives as `rawBody`.
   */
  readonly notificationMethods?: readonly NotificationMethod[];
  /** Words and defaults the console shows for this gateway; sent to the renderer with the gateway list. */
  readonly presentation?: GatewayPresentation;
  /**
   * What the gateway accepts as a payment's merchant reference, checked by the core before anything
   * is journaled or sent and shown to the operator with the gateway list.
   */
  readonly referenceRule: DeclaredReferenceRule;
}

export interface GatewayPresentation {
  /** The gateway's own word for cancelling an authorisation, which its back office and support desk use. */
  readonly voidTerm?: 'void' | 'reversal';
  /** The currency a new payment's form starts with, per payment method, where it is not the console's default. */
  readonly defaultCurrencies?: Readonly<Record<string, string>>;
}

export type NotificationMethod = 'POST' | 'GET';

/** Non-secret profile configuration (settings). Secrets come only through `AdapterContext.secret`. */
export interface ProfileConfig {
  readonly id: string;
  readonly name: string;
  readonly gatewayId: GatewayId;
  readonly environment: Environment;
  readonly baseUrl: string;
  readonly options: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Calls a gateway allows only so many times per window and key (OPPWA: two status calls a minute
 * per transaction), counted in the ledger so every process sharing it spends one budget.
 */
export interface CallRateLedger {
  /**
   * Records one call under `key` when fewer than `limit` were recorded in the `windowMs` up to
   * `at`, and answers true; answers false, recording nothing, when the budget is spent.
   */
  tryRecordCall(key: string, limit: number, windowMs: number, at: Date): Promise<boolean>;
}

export interface AdapterContext {
  readonly profile: ProfileConfig;
  /**
   * Where a shopper's browser returns after an out-of-band step (3-D Secure redirect); the console
   * serves a page there that tells them they can close it. Null when no receiver runs.
   */
  readonly shopperResultUrl?: string | null;
  /** Reads a secret from the vault; throws AuthenticationError when it is not set. */
  secret(field: string): Promise<string>;
  readonly http: HttpClient;
  readonly clock: Clock;
  /** The ledger's shared call budgets; absent only where no ledger runs (adapter tests). */
  readonly rateLedger?: CallRateLedger;
}

/** Card data exists only for the length of one purchase/authorize call. Never stored, never logged. */
export interface CardData {
  readonly number: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
  readonly cvv: string;
  readonly holder: string;
}

export interface CustomerData {
  readonly name?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
}

/** Gateway-specific values an adapter must keep to act on a payment later (e.g. SIBS transactionSignature). */
export type GatewayData = Record<string, string>;

export interface CallProgress {
  /**
   * Called as soon as the gateway has assigned its id (e.g. after SIBS checkout, before the card
   * step), so that a crash after this point can be resolved by asking the gateway about that id.
   */
  recordGatewayReference(gatewayTransactionId: string, data: GatewayData): void;
}

export interface PaymentRequest {
  readonly kind: PaymentKind;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** Unique per attempt; also the idempotency key and the lookup key after a timeout. */
  readonly merchantReference: string;
  readonly description: string | undefined;
  readonly card: CardData;
  readonly customer: CustomerData;
  readonly moto: boolean;
  readonly storeCard: boolean;
  /**
   * An instalment plan the gateway runs (Be2bill N-times): dates (YYYY-MM-DD) and amounts that add
   * up to `amountMinor`; the first is charged now.
   */
  readonly schedule?: ReadonlyArray<{ readonly date: string; readonly amountMinor: bigint }>;
}

export interface PendingAction {
  /** The gateway's id for this action, echoed when the payment is continued (SIBS actionResponse.id). */
  readonly id?: string | null;
  readonly type: string;
  readonly url: string | null;
  readonly method: string | null;
  readonly parameters: ReadonlyArray<{ name: string; value: string }>;
  readonly message: string;
}

export interface StoredTokenResult {
  readonly value: string;
  readonly brand: CardBrand;
  readonly last4: string | null;
  readonly expiryMonth: number | null;
  readonly expiryYear: number | null;
}

/**
 * What a gateway said about a payment or an operation. `status` is our status for the base payment
 * as the gateway sees it; a decline is data here, not an exception.
 */
/** What a customer needs to pay outside the console (a Multibanco reference, bank-transfer details). */
export type PaymentInstructions =
  | {
      readonly type: 'multibanco';
      readonly entity: string;
      readonly reference: string;
      readonly amountMinor: bigint;
      readonly currency: string;
      readonly expiresAt: Date | null;
    }
  | {
      readonly type: 'bank_transfer';
      readonly bankName: string;
      readonly accountNumber: string;
      readonly accountName: string;
      readonly amountMinor: bigint;
      readonly currency: string;
      readonly expiresAt: Date | null;
    }
  | {
      /** A code the customer dials on their bank's USSD line (e.g. `*737*000*4772#`). */
      readonly type: 'ussd';
      readonly bankName: string;
      readonly code: string;
      readonly amountMinor: bigint;
      readonly currency: string;
      readonly expiresAt: Date | null;
    };

export interface PaymentResult {
  readonly outcome: 'succeeded' | 'pending' | 'declined' | 'failed';
  readonly status: PaymentStatus;
  readonly gatewayTransactionId: string | null;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
  readonly gatewayData: GatewayData;
  readonly pendingAction: PendingAction | null;
  readonly token: StoredTokenResult | null;
  /** Present for methods the customer completes elsewhere (Multibanco). */
  readonly instructions?: PaymentInstructions | null;
  /** The method the gateway reports ('card', 'mbway', 'multibanco', 'mandate', …), when it says. */
  readonly method?: string | null;
}

/** A non-card payment started from the console; the customer completes it elsewhere. */
export interface AsyncPaymentRequest {
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly merchantReference: string;
  readonly description: string | undefined;
  readonly customer: CustomerData;
}

/** A bank whose customers can pay by USSD code; `code` is what a USSD request names. */
export interface UssdBank {
  readonly name: string;
  readonly code: string;
}

export interface UssdPaymentRequest extends AsyncPaymentRequest {
  /** The customer's bank, as `listUssdBanks()` gave it. */
  readonly bank: UssdBank;
}

export interface MbwayRequest extends AsyncPaymentRequest {
  /** `351#912345678`: country code, `#`, national number. */
  readonly phone: string;
}

export interface MultibancoRequest extends AsyncPaymentRequest {
  readonly expiresAt: Date;
}

export type MandateStatus = 'pending' | 'active' | 'cancelled' | 'expired' | 'declined';

export interface MandateRequest {
  readonly merchantReference: string;
  readonly phone: string;
  readonly customerName: string;
  readonly mandateType: 'SUBSCRIPTION' | 'ONECLICK';
}

export interface MandateRef {
  readonly gatewayMandateId: string;
  readonly phone: string;
  readonly gatewayData: GatewayData;
}

export interface MandateResult {
  readonly gatewayMandateId: string | null;
  readonly status: MandateStatus;
  readonly phone: string | null;
  /** The limit the customer set when approving, if known. */
  readonly limitMinor: bigint | null;
  readonly currency: string | null;
  readonly expiresAt: Date | null;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
  readonly gatewayData: GatewayData;
}

/** A stored credential to charge without the customer: a card token (MIT) or an MB WAY mandate. */
export interface StoredCredentialRef {
  readonly type: 'card-token' | 'mandate';
  /** The token value or the gateway's mandate id. */
  readonly value: string;
  /** E.g. the initial CIT's transaction id and date-time, which an MIT must reference. */
  readonly gatewayData: GatewayData;
}

export interface ChargeStoredRequest {
  readonly kind: PaymentKind;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly merchantReference: string;
  readonly description: string | undefined;
  readonly credential: StoredCredentialRef;
  /** Recurring (fixed schedule, RCRR) or unscheduled card-on-file (UCOF). */
  readonly recurrence: 'recurring' | 'unscheduled';
}

export interface IncomingNotification {
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
}

/** One status change a gateway pushed to us, already verified/decrypted and mapped. */
export interface NotificationEvent {
  /** The gateway's id for this delivery's event (SIBS notificationID), used to deduplicate. */
  readonly eventId: string;
  readonly subject: 'payment' | 'operation' | 'mandate' | 'token';
  readonly gatewayTransactionId: string | null;
  readonly merchantReference: string | null;
  /** For payments/operations: our status of the base payment as the event reports it. */
  readonly status: PaymentStatus | null;
  readonly final: boolean;
  readonly mandateStatus: MandateStatus | null;
  readonly occurredAt: Date | null;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
  readonly token: StoredTokenResult | null;
  /** For subject 'operation': which operation, the gateway id of the transaction it references, and its amount. */
  readonly operationKind?: Extract<OperationKind, 'capture' | 'refund' | 'void' | 'rebill' | 'chargeback' | 'chargeback_reversal' | 'installment'> | null;
  readonly referencedGatewayId?: string | null;
  readonly amountMinor?: bigint | null;
  readonly currency?: string | null;
}

export interface NotificationOutcome {
  readonly events: readonly NotificationEvent[];
  /** What to answer the gateway so it stops retrying. */
  readonly acknowledgement: { readonly status: number; readonly headers: Record<string, string>; readonly body: string };
}

/** A payment as the gateway describes it, for importing one made outside the console. */
export interface FetchedTransaction {
  readonly gatewayTransactionId: string;
  readonly merchantReference: string;
  readonly kind: PaymentKind;
  readonly method: string;
  readonly outcome: 'succeeded' | 'pending' | 'declined' | 'failed';
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly card: { brand: CardBrand; bin: string; last4: string; expiryMonth: number; expiryYear: number; holder: string } | null;
  readonly customerEmail: string | null;
  readonly createdAt: Date;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
  readonly gatewayData: GatewayData;
}

/** What every new payment has, whatever its method: enough for a gateway's checks before the journal. */
export interface PreflightRequest {
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly customer: CustomerData;
}

export interface PaymentRef {
  readonly gatewayTransactionId: string | null;
  readonly merchantReference: string;
  readonly kind: PaymentKind;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly gatewayData: GatewayData;
  readonly createdAt: Date;
}

export interface OperationRequest {
  readonly payment: PaymentRef;
  readonly kind: Extract<OperationKind, 'capture' | 'refund' | 'void' | 'rebill'>;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** Unique per operation; the lookup key when its outcome is unknown. */
  readonly merchantReference: string;
  readonly reason: string | undefined;
}

/**
 * What the journal holds of an operation being looked up. A gateway's record of it echoes the
 * amount, which ties the record to what the console sent: a record under the same merchant
 * reference with another amount is not the operation the journal holds.
 */
export interface LookedUpOperation {
  readonly amountMinor: bigint;
}

export interface OperationResult {
  readonly outcome: 'succeeded' | 'pending' | 'declined' | 'failed';
  readonly gatewayOperationId: string | null;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
}

export interface StatusResult {
  /** Our status of the base payment as far as the gateway's status call can tell. */
  readonly status: PaymentStatus;
  readonly final: boolean;
  readonly gatewayTransactionId: string | null;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
  readonly pendingAction: PendingAction | null;
}

/** How a new payment starts, for a gateway's checks before anything is journaled. */
export type PaymentStart = 'purchase' | 'authorize' | 'mbway' | 'multibanco' | 'storedCredentials' | 'bankTransfer' | 'ussd';

/** The verbs every gateway has. */
export interface CoreAdapter {
  purchase(request: PaymentRequest, progress: CallProgress): Promise<PaymentResult>;
  /**
   * The gateway's own rules for a new payment that need no call (the currency an account takes, a
   * required e-mail), checked before anything is journaled. Throws ValidationError.
   */
  preflight?(start: PaymentStart, request: PreflightRequest): void;
  refund(request: OperationRequest): Promise<OperationResult>;
  /** Status of the base payment (by gateway id, else by merchant reference). */
  sync(payment: PaymentRef): Promise<StatusResult>;
  /**
   * Resolves an operation whose outcome is unknown, by its merchant reference.
   * `null` means the gateway has no record of it: it never happened and may be retried.
   * `operation`, when given, is compared with what the gateway's record echoes.
   */
  lookupOperation(kind: OperationKind, merchantReference: string, payment: PaymentRef, operation?: LookedUpOperation): Promise<(OperationResult & { gatewayTransactionId: string | null; gatewayData: GatewayData }) | null>;
  /** A harmless authenticated call proving the credentials work. */
  testCredentials(): Promise<{ ok: boolean; message: string }>;
}

/** What a gateway may support beyond the core verbs, one typed object per capability. */
export interface Capabilities {
  /** A separate authorisation, captured later (in full or in part). */
  readonly authorization: {
    authorize(request: PaymentRequest, progress: CallProgress): Promise<PaymentResult>;
    capture(request: OperationRequest): Promise<OperationResult>;
  };
  /** Cancels what is still authorised. */
  readonly void: { void(request: OperationRequest): Promise<OperationResult> };
  /** A new debit referencing an earlier one (OPPWA RB, e.g. after a chargeback). */
  readonly rebill: { rebill(request: OperationRequest): Promise<OperationResult> };
  readonly mbway: { request(request: MbwayRequest, progress: CallProgress): Promise<PaymentResult> };
  readonly multibanco: { generateReference(request: MultibancoRequest, progress: CallProgress): Promise<PaymentResult> };
  /** One-off bank-transfer details (a virtual account) for the customer to pay into. */
  readonly bankTransfer: { request(request: AsyncPaymentRequest, progress: CallProgress): Promise<PaymentResult> };
  /** A code the customer dials on their bank's USSD line, from the banks the gateway lists. */
  readonly ussd: {
    listBanks(): Promise<UssdBank[]>;
    request(request: UssdPaymentRequest, progress: CallProgress): Promise<PaymentResult>;
  };
  readonly mandates: {
    create(request: MandateRequest): Promise<MandateResult>;
    get(mandate: MandateRef): Promise<MandateResult>;
    cancel(mandate: MandateRef, merchantReference: string): Promise<MandateResult>;
  };
  /** Charges a stored card token (MIT) or an MB WAY mandate without the customer. */
  readonly storedCredentials: { charge(request: ChargeStoredRequest, progress: CallProgress): Promise<PaymentResult> };
  /**
   * Deletes a stored credential at the gateway. Resolves when the gateway confirmed it, or answered
   * that it holds no such credential; throws (and the console keeps the credential) otherwise.
   * A gateway without it keeps no deletable record, so the console forgets the credential locally.
   */
  readonly unstore: { unstore(credential: StoredCredentialRef): Promise<void> };
  readonly customerSteps: {
    /**
     * Resubmits a payment after the customer completed the requested action (3-D Secure), or
     * submits what the customer read out (an OTP).
     */
    continueAction(payment: PaymentRef, action: { id: string; type: string; otp?: string | undefined }): Promise<PaymentResult>;
  };
  readonly imports: {
    /** Looks a payment up at the gateway, to import one made elsewhere. Null when it does not exist. */
    fetchTransaction(reference: { gatewayTransactionId?: string | undefined; merchantReference?: string | undefined }): Promise<FetchedTransaction | null>;
  };
  /** Instalment plans the gateway runs: stops the remaining instalments. */
  readonly schedules: { stop(payment: PaymentRef): Promise<OperationResult> };
  readonly webhooks: {
    /**
     * Verifies/decrypts an incoming webhook delivery. Throws AuthenticationError when its tag or
     * signature is wrong, DeserializationError when it cannot be read.
     */
    parse(notification: IncomingNotification): Promise<NotificationOutcome>;
  };
}

export type CapabilityName = keyof Capabilities;

/** An adapter with exactly the capabilities `C`: one it lacks cannot be reached, one more cannot be added. */
export type GatewayAdapterWith<C extends CapabilityName> = CoreAdapter & {
  readonly capabilities: Pick<Capabilities, C> & { readonly [K in Exclude<CapabilityName, C>]?: never };
};

/** An adapter as the core sees it: any capability may be absent (see `requireCapability`). */
export type GatewayAdapter = CoreAdapter & { readonly capabilities: Partial<Capabilities> };

export interface Redactor {
  headers(headers: Record<string, string>): Record<string, string>;
  body(body: string): string;
}

// ---------- emulator side ----------

export interface EmulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are. */
  readonly body?: unknown;
}

export interface EmulatorRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the emulator's mount point, with `:name` parameters, e.g. `/api/v2/payments/:id/status`. */
  readonly path: string;
  handle(request: EmulatorRequest): EmulatorResponse | Promise<EmulatorResponse>;
}

export interface SandboxScenario {
  readonly name: string;
  readonly description: string;
  readonly card: string | null;
  readonly cvv: string | null;
}

export interface SandboxCustomerAction {
  /** e.g. `mbway.approve`, `reference.pay`, `mandate.approve`. */
  readonly name: string;
  readonly label: string;
  /** What the action's id refers to. */
  readonly target: 'payment' | 'mandate';
}

export interface EmulatorEnvironment {
  readonly clock: Clock;
  /** Base URL of this emulator's mount point (e.g. http://127.0.0.1:PORT/sibs-spg). */
  baseUrl(): string;
}

export interface SandboxProfileMaterial {
  readonly options: Record<string, string | number | boolean>;
  readonly credentials: Record<string, string>;
}

export interface GatewayEmulator {
  /** Gateway wire routes, mounted at `/<gatewayId>`. */
  readonly routes: readonly EmulatorRoute[];
  /** Sandbox control routes for tests and the UI's sandbox tools, mounted at `/control/<gatewayId>`. */
  readonly controlRoutes: readonly EmulatorRoute[];
  readonly scenarios: readonly SandboxScenario[];
  /**
   * Merchant credentials + options for the sandbox profile of this gateway. Given what a console
   * already holds for that profile (its options in settings, its secrets in the keychain), the
   * emulator admits those and answers them back with `reused: true`, so a second console on the
   * same data folder keeps working with the first one's credentials; when they are absent or
   * incomplete it mints new ones.
   */
  sandboxProfile(held?: SandboxProfileMaterial | null): SandboxProfileMaterial & { readonly baseUrlPath: string; readonly reused: boolean };
  /** Where the emulator delivers webhooks (what a merchant configures in the gateway's back office). */
  setNotificationUrl?(url: string | null): void;
  /** The customer's side of asynchronous flows, for the sandbox tools panel and tests. */
  readonly customerActions?: readonly SandboxCustomerAction[];
  performCustomerAction?(action: string, gatewayId: string): Promise<{ ok: boolean; message: string }>;
  /** The settlement/transactions file the gateway would send for a period, with planted discrepancies. */
  statement?(request: SandboxStatementRequest): Promise<SandboxStatementAnswer>;
  close(): Promise<void>;
}

export interface GatewayDefinition {
  readonly descriptor: GatewayDescriptor;
  readonly redactor: Redactor;
  /** How the gateway's settlement / transactions files read into statement rows, first the default. */
  readonly statementMappings?: readonly StatementMapping[];
  /** The reports the console can fetch from the gateway for a date range, where it has a report API. */
  readonly statementReports?: readonly StatementReportDefinition[];
  createAdapter(context: AdapterContext): GatewayAdapter;
  createEmulator(environment: EmulatorEnvironment): GatewayEmulator;
}

// ---------- statement reports fetched from the gateway ----------

/** A report the gateway delivers later, to an address the console hands it (Be2bill's CALLBACKURL). */
export interface ExpectedDelivery {
  /** Where the gateway is to deliver it: a one-time address that accepts one delivery and nothing else. */
  readonly url: string;
  /** The delivered body; rejects with TimeoutError when nothing came in time, or when cancelled. */
  readonly body: Promise<Uint8Array>;
  /** Stops waiting: the address is forgotten and a later delivery to it is refused. */
  cancel(): void;
}

/** The console's loopback receiver, as a report fetch sees it. */
export interface ReportDeliveries {
  expect(options: { readonly timeoutMs: number }): ExpectedDelivery;
}

export interface StatementReportContext {
  /** The profile's adapter context: its options, its secrets from the vault, the one HTTP client. */
  readonly adapter: AdapterContext;
  /** Null when no receiver runs: a report that is delivered later cannot be fetched then. */
  readonly deliveries: ReportDeliveries | null;
  readonly signal?: AbortSignal;
}

export interface StatementReportRequest {
  /** Half-open: from inclusive, to exclusive. */
  readonly period: { readonly from: Date; readonly to: Date };
}

/** The rows of a fetched report as they arrive; `report` settles once they have been read to the end. */
export interface FetchedStatement extends AsyncIterable<StatementRow> {
  readonly report: Promise<{ readonly rows: number; readonly skipped: readonly SkippedRow[] }>;
}

export interface StatementReportDefinition {
  /** What the operator picks, e.g. "Be2bill exportTransactions". */
  readonly name: string;
  /** The statement mapping (by name) the report's rows are read with. */
  readonly mapping: string;
  /** The merchant account the rows must name to be ours (read from the profile), or null when the report does not say. */
  merchantAccount(profile: ProfileConfig): string | null;
  /**
   * Settles once the report can be read (a report delivered later has arrived); its rows are then
   * read as they are iterated. Rejects with a typed error when the gateway refuses or never delivers.
   */
  fetch(context: StatementReportContext, request: StatementReportRequest): Promise<FetchedStatement>;
}
