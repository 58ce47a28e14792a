/**
 * The gateway port. Each gateway is one folder that exports a `GatewayDefinition`; the registry
 * holds one line per gateway. Folders never import each other; what they share lives here,
 * in http/, in sandbox/ (emulator plumbing) and in shared/.
 */
import type { CardBrand, Environment, GatewayId, OperationKind, PaymentKind, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { Clock } from '../ports.ts';

export type Verb = 'purchase' | 'authorize' | 'capture' | 'refund' | 'void' | 'sync' | 'lookupOperation' | 'testCredentials';

export interface CredentialField {
  readonly name: string;
  readonly label: string;
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
}

export interface GatewayDescriptor {
  readonly id: GatewayId;
  readonly displayName: string;
  readonly verbs: readonly Verb[];
  readonly paymentMethods: readonly string[];
  /** The wire has a MOTO flag (or MOTO is the account's default). */
  readonly moto: boolean;
  readonly credentialFields: readonly CredentialField[];
  readonly optionFields: readonly OptionField[];
  readonly amountFormat: 'major-number' | 'major-string' | 'minor-integer';
  readonly pollPolicy: PollPolicy;
}

/** Non-secret profile configuration (settings). Secrets come only through `AdapterContext.secret`. */
export interface ProfileConfig {
  readonly id: string;
  readonly name: string;
  readonly gatewayId: GatewayId;
  readonly environment: Environment;
  readonly baseUrl: string;
  readonly options: Readonly<Record<string, string | number | boolean>>;
}

export interface AdapterContext {
  readonly profile: ProfileConfig;
  /** Reads a secret from the vault; throws AuthenticationError when it is not set. */
  secret(field: string): Promise<string>;
  readonly http: HttpClient;
  readonly clock: Clock;
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
}

export interface PendingAction {
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
export interface PaymentResult {
  readonly outcome: 'succeeded' | 'pending' | 'declined' | 'failed';
  readonly status: PaymentStatus;
  readonly gatewayTransactionId: string | null;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
  readonly gatewayData: GatewayData;
  readonly pendingAction: PendingAction | null;
  readonly token: StoredTokenResult | null;
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
  readonly kind: Extract<OperationKind, 'capture' | 'refund' | 'void'>;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** Unique per operation; the lookup key when its outcome is unknown. */
  readonly merchantReference: string;
  readonly reason: string | undefined;
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

export interface GatewayAdapter {
  purchase(request: PaymentRequest, progress: CallProgress): Promise<PaymentResult>;
  authorize(request: PaymentRequest, progress: CallProgress): Promise<PaymentResult>;
  capture(request: OperationRequest): Promise<OperationResult>;
  refund(request: OperationRequest): Promise<OperationResult>;
  void(request: OperationRequest): Promise<OperationResult>;
  /** Status of the base payment (by gateway id, else by merchant reference). */
  sync(payment: PaymentRef): Promise<StatusResult>;
  /**
   * Resolves an operation whose outcome is unknown, by its merchant reference.
   * `null` means the gateway has no record of it: it never happened and may be retried.
   */
  lookupOperation(kind: OperationKind, merchantReference: string, payment: PaymentRef): Promise<(OperationResult & { gatewayTransactionId: string | null; gatewayData: GatewayData }) | null>;
  /** A harmless authenticated call proving the credentials work. */
  testCredentials(): Promise<{ ok: boolean; message: string }>;
}

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

export interface EmulatorEnvironment {
  readonly clock: Clock;
  /** Base URL of this emulator's mount point (e.g. http://127.0.0.1:PORT/sibs-spg). */
  baseUrl(): string;
}

export interface GatewayEmulator {
  /** Gateway wire routes, mounted at `/<gatewayId>`. */
  readonly routes: readonly EmulatorRoute[];
  /** Sandbox control routes for tests and the UI's sandbox tools, mounted at `/control/<gatewayId>`. */
  readonly controlRoutes: readonly EmulatorRoute[];
  readonly scenarios: readonly SandboxScenario[];
  /** Generated merchant credentials + options for the sandbox profile of this gateway. */
  sandboxProfile(): { options: Record<string, string | number | boolean>; credentials: Record<string, string>; baseUrlPath: string };
  close(): Promise<void>;
}

export interface GatewayDefinition {
  readonly descriptor: GatewayDescriptor;
  readonly redactor: Redactor;
  createAdapter(context: AdapterContext): GatewayAdapter;
  createEmulator(environment: EmulatorEnvironment): GatewayEmulator;
}
