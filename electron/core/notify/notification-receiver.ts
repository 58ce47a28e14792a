/**
 * The console's webhook receiver: one loopback listener for every gateway. A delivery to
 * `/notifications/<profileId>` goes to that profile's gateway `parseNotification` (which verifies or
 * decrypts it), each event is recorded once (deduplicated by the gateway's event id) and applied
 * through the same state machine as polling and sync, in one ledger transaction; then the gateway
 * gets the acknowledgement it expects. A delivery that fails verification is refused and audited
 * (aggregated per profile and window). A gateway that declares GET deliveries
 * (`descriptor.notificationMethods`) may also send its parameters as the query string of a GET,
 * which the adapter verifies as it would a body; a GET to any other gateway is refused 405. Before
 * anything is read, for either method: the Host must be ours, a source that keeps sending what has
 * to be refused is answered 429, and slow or oversized requests are cut.
 *
 * The desktop runs it on 127.0.0.1 (solo mode, the sandbox); the team's receiver service
 * (receiver/receiver-service.ts) runs the same listener on a server address behind a TLS proxy,
 * with the public base URL the gateways post to and the proxies whose X-Forwarded-* it believes.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { receiverNotificationUrl } from '../../../shared/domain/webhook-receiver.ts';
import type { Auditor } from '../audit.ts';
import type { InvocationContext } from '../door.ts';
import { AuthenticationError, ConsoleError, DeserializationError, NotFoundError, VaultUnavailableError } from '../errors.ts';
import type { NotificationEvent } from '../gateways/types.ts';
import type { Ledger } from '../ledger/port.ts';
import type { MandateService } from '../mandates/mandate-service.ts';
import { outcomeOfStatus, type PaymentEngine } from '../payments/payment-engine.ts';
import type { Clock, Logger } from '../ports.ts';
import type { ProfileService } from '../profiles/profile-service.ts';
import { createRejectionLimiter, isOwnHost } from './delivery-guard.ts';
import { deliveryOrigin, normaliseAddress } from './forwarded-origin.ts';
import { notificationAuditTarget, notificationGatewayIds } from './notification-audit-target.ts';
import { createRejectionAudit, type RejectionTarget } from './rejection-audit.ts';
import { createReportInbox, REPORT_MAX_BYTES, type ReportInbox } from './report-inbox.ts';

export interface NotificationReceiver {
  readonly baseUrl: string;
  urlFor(profileId: string): string;
  shopperResultUrlFor(profileId: string): string;
  /** Reports a gateway delivers later, each to a one-time `/reports/<token>` address. */
  readonly reports: ReportInbox;
  /** The port it listens on. */
  readonly port: number;
  /**
   * Stops listening. `drain`: deliveries already being handled finish (their events committed and
   * answered) before it resolves; otherwise every connection is cut at once.
   */
  close(options?: { readonly drain?: boolean }): Promise<void>;
}

const WEBHOOK_CONTEXT: InvocationContext = { origin: 'webhook', operator: 'gateway' };
const PLATFORM_PREFIX = { chargeback: 'CB', chargeback_reversal: 'CR', installment: 'IN' } as const;

export type EventEffect = 'duplicate' | 'applied' | 'unchanged' | 'stale' | 'conflict' | 'unmatched' | 'no-initial-operation';

export function createNotificationApplier(deps: { ledger: Ledger; engine: PaymentEngine; mandates: MandateService; clock: Clock }) {
  const { ledger, engine, mandates, clock } = deps;

  async function applyToOperation(profileGateway: string, event: NotificationEvent): Promise<EventEffect | null> {
    const operation =
      (event.gatewayTransactionId ? await ledger.operations.findByGatewayId(event.gatewayTransactionId) : null) ??
      (event.merchantReference ? await ledger.operations.findByMerchantReference(event.merchantReference) : null);
    if (!operation || operation.kind === 'purchase' || operation.kind === 'authorize' || operation.kind === 'mit') return null;
    const payment = await ledger.payments.get(operation.paymentId);
    if (!payment || payment.gatewayId !== profileGateway) return null;
    if (!['intent', 'sent', 'unknown', 'pending'].includes(operation.state)) return 'unchanged';
    if (!event.final) return 'stale';
    // Without an outcome in the event, the operation is settled by sync or recovery instead.
    if (event.status === null) return 'unchanged';
    await engine.completeOperation(
      operation,
      { outcome: outcomeOfStatus(event.status), gatewayOperationId: event.gatewayTransactionId, gatewayCode: event.gatewayCode, gatewayMessage: event.gatewayMessage },
      'notification',
      WEBHOOK_CONTEXT,
    );
    return 'applied';
  }

  /**
   * Chargebacks, their reversals and the later instalments of a schedule are booked by the
   * platform, never by us: the event is the only record, so it becomes a settled operation on the
   * payment it references. A declined instalment is recorded as declined.
   */
  async function paymentReferencedBy(gatewayId: string, referencedGatewayId: string) {
    const direct = await ledger.payments.findByGatewayId(gatewayId as never, referencedGatewayId);
    if (direct) return direct;
    const referenced = await ledger.operations.findByGatewayId(referencedGatewayId);
    return referenced ? ledger.payments.get(referenced.paymentId) : null;
  }

  async function bookPlatformOperation(profileId: string, gatewayId: string, event: NotificationEvent): Promise<EventEffect | null> {
    const kind = event.operationKind;
    if (kind !== 'chargeback' && kind !== 'chargeback_reversal' && kind !== 'installment') return null;
    if (!event.referencedGatewayId || !event.gatewayTransactionId || event.amountMinor === undefined || event.amountMinor === null) return 'unmatched';
    const payment = await paymentReferencedBy(gatewayId, event.referencedGatewayId);
    if (!payment || payment.profileId !== profileId) return 'unmatched';
    // Keyed by the event, not the gateway id: every instalment may reference the same transaction.
    const key = createHash('sha256').update(`${profileId}\u0000${event.eventId}`).digest('hex').slice(0, 24);
    const merchantReference = `${PLATFORM_PREFIX[kind]}-${key}`;
    if (await ledger.operations.findByMerchantReference(merchantReference)) return 'unchanged';
    const at = event.occurredAt ?? clock.now();
    const row = await ledger.operations.insert({
      id: `op_${PLATFORM_PREFIX[kind].toLowerCase()}_${key}`,
      paymentId: payment.id,
      kind,
      amountMinor: event.amountMinor,
      currency: event.currency ?? payment.currency,
      merchantReference,
      reason: event.gatewayMessage,
      operator: WEBHOOK_CONTEXT.operator,
      createdAt: at,
    });
    const outcome = kind === 'installment' && event.status !== null ? outcomeOfStatus(event.status) : 'succeeded';
    await engine.completeOperation(
      row,
      { outcome, gatewayOperationId: event.gatewayTransactionId, gatewayCode: event.gatewayCode, gatewayMessage: event.gatewayMessage },
      'notification',
      WEBHOOK_CONTEXT,
    );
    return 'applied';
  }

  /** Records and applies one event; the caller runs it inside a unit of work. */
  return async function applyEvent(profileId: string, gatewayId: string, event: NotificationEvent): Promise<EventEffect> {
    const fresh = await ledger.notifications.record({ profileId, eventId: event.eventId, receivedAt: clock.now(), subject: event.subject, gatewayTransactionId: event.gatewayTransactionId });
    if (!fresh) return 'duplicate';
    if (event.subject === 'mandate') {
      const row = event.gatewayTransactionId ? await mandates.findByGatewayId(profileId, event.gatewayTransactionId) : null;
      if (!row || !event.mandateStatus) return 'unmatched';
      await mandates.apply(row, { status: event.mandateStatus, gatewayCode: event.gatewayCode, gatewayMessage: event.gatewayMessage }, 'notification', WEBHOOK_CONTEXT);
      return 'applied';
    }
    if (event.subject === 'token') return 'unchanged';
    const payment =
      (event.gatewayTransactionId ? await ledger.payments.findByGatewayId(gatewayId as never, event.gatewayTransactionId) : null) ??
      (event.merchantReference ? await ledger.payments.findByMerchantReference(profileId, event.merchantReference) : null);
    if (payment && payment.profileId === profileId && event.subject === 'payment' && event.status !== null) {
      return engine.applyReport(
        payment.id,
        { status: event.status, final: event.final, gatewayCode: event.gatewayCode, gatewayMessage: event.gatewayMessage, occurredAt: event.occurredAt, gatewayTransactionId: event.gatewayTransactionId },
        'notification',
        WEBHOOK_CONTEXT,
      );
    }
    return (await bookPlatformOperation(profileId, gatewayId, event)) ?? (await applyToOperation(gatewayId, event)) ?? 'unmatched';
  };
}

/**
 * Limits of the receiver. Gateways post small JSON or encrypted bodies and give up on a webhook
 * after some seconds themselves, so a client that takes longer is not a gateway.
 */
export interface ReceiverLimits {
  /** Until every header has arrived. */
  readonly headersTimeoutMs: number;
  /** Until the whole request, body included, has arrived. */
  readonly requestTimeoutMs: number;
  readonly maxBodyBytes: number;
  /** Refused deliveries one source may send to one profile per window before it is answered 429. */
  readonly refusedPerSource: number;
  readonly refusalWindowMs: number;
  /** How long refused deliveries are summed into one audit row. */
  readonly auditWindowMs: number;
}

/** One line per delivery for the service's log: who, what became of it, the gateway's event ids; never a body or card data. */
export interface DeliveryRecord {
  readonly profileId: string | null;
  readonly gatewayId: string | null;
  readonly method: string;
  readonly status: number;
  /** `applied`: verified and recorded (each event's effect says what it changed); otherwise why it was refused. */
  readonly outcome: string;
  readonly events: ReadonlyArray<{ readonly eventId: string; readonly effect: EventEffect }>;
  readonly source: string;
}

/** Where the listener binds and how it is addressed; the desktop's default is loopback on any free port. */
export interface ReceiverAddress {
  /** The interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  readonly port?: number;
  /**
   * The address gateways post to (`https://hooks.example.com`), when a proxy or tunnel forwards to
   * this listener: the URLs handed out are under it, and its host (with its port, when it names
   * one) is accepted as Host besides the loopback names.
   */
  readonly publicBaseUrl?: string | null;
  /** Peers whose X-Forwarded-For and X-Forwarded-Host are believed (the TLS proxy in front). */
  readonly trustedProxies?: readonly string[];
}

export const DEFAULT_RECEIVER_LIMITS: ReceiverLimits = {
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  maxBodyBytes: 1024 * 1024,
  refusedPerSource: 20,
  refusalWindowMs: 60_000,
  auditWindowMs: 60_000,
};

export async function startNotificationReceiver(deps: {
  ledger: Ledger;
  profiles: ProfileService;
  engine: PaymentEngine;
  mandates: MandateService;
  auditor: Auditor;
  clock: Clock;
  logger: Logger;
  port?: number;
  /** The host a tunnel or reverse proxy forwards deliveries under (settings), besides the loopback names. */
  publicHost?: string | null;
  /** Bind address, public base URL and trusted proxies (the receiver service); `port` above is the desktop's shorthand. */
  address?: ReceiverAddress;
  limits?: Partial<ReceiverLimits>;
  /** `GET /healthz`, when given: answered 200 when `ok`, else 503, whatever the Host (it says nothing secret). */
  health?: () => Promise<{ readonly ok: boolean } & Record<string, unknown>>;
  /** Told of every delivery to `/notifications/…` once it is answered. */
  onDelivery?: (record: DeliveryRecord) => void;
}): Promise<NotificationReceiver> {
  const { ledger, profiles, logger } = deps;
  const limits: ReceiverLimits = { ...DEFAULT_RECEIVER_LIMITS, ...deps.limits };
  const publicBaseUrl = deps.address?.publicBaseUrl ? new URL(deps.address.publicBaseUrl) : null;
  const publicHost = publicBaseUrl ? publicBaseUrl.host : (deps.publicHost ?? null);
  const trustedProxies = new Set((deps.address?.trustedProxies ?? []).map(normaliseAddress));
  const applyEvent = createNotificationApplier(deps);
  const limiter = createRejectionLimiter({ limit: limits.refusedPerSource, windowMs: limits.refusalWindowMs, clock: deps.clock });
  const rejections = createRejectionAudit({
    auditor: deps.auditor,
    clock: deps.clock,
    context: WEBHOOK_CONTEXT,
    windowMs: limits.auditWindowMs,
    onLateFailure: (error) => warnUnaudited(error, 'window'),
  });
  let port = 0;
  const reports = createReportInbox(() => baseUrlOf(port));

  /** A refusal is answered whether or not it can be audited: on a read-only start (no audit key) it cannot, and is logged instead. */
  async function noteRejection(target: RejectionTarget, reason: string, details: Record<string, unknown> = {}): Promise<void> {
    try {
      await rejections.record(target, reason, details);
    } catch (error) {
      if (!(error instanceof VaultUnavailableError)) throw error;
      warnUnaudited(error, reason);
    }
  }

  function warnUnaudited(error: unknown, reason: string): void {
    if (error instanceof VaultUnavailableError) logger.warn('a refused webhook delivery could not be audited', { reason });
    else logger.error('a refused webhook delivery could not be audited', { reason, error: error instanceof Error ? error.message : String(error) });
  }

  async function answerHealth(response: ServerResponse): Promise<void> {
    let report: Record<string, unknown> & { ok: boolean };
    try {
      report = await (deps.health as NonNullable<typeof deps.health>)();
    } catch (error) {
      report = { ok: false, error: error instanceof Error ? error.message.slice(0, 200) : String(error) };
    }
    response.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(report));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const origin = deliveryOrigin(request, trustedProxies);
    const pathname = new URL(request.url ?? '/', 'http://receiver').pathname;
    // A load balancer or systemd probe asks by whatever address it knows the server under.
    if (deps.health && request.method === 'GET' && pathname === '/healthz') return answerHealth(response);
    if (!isOwnHost(origin.host, { port, publicHost })) {
      await noteRejection({ type: 'receiver', id: null }, 'host');
      return send(response, 421, { error: 'unknown_host' }, true);
    }
    if (request.method === 'GET' && pathname.startsWith('/shopper-result/')) {
      // Where a shopper's browser lands after a 3-D Secure redirect: the payment itself is settled by
      // status and webhooks, so this page only says so.
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'", 'cache-control': 'no-store' });
      response.end('<!doctype html><meta charset="utf-8"><title>Payment step completed</title><p>Thank you. This step is complete; you can close this window.</p>');
      return;
    }
    const source = origin.source;
    const report = /^\/reports\/([^/]{1,128})$/.exec(pathname);
    if (request.method === 'POST' && report) return receiveReport(request, response, report[1] ?? '', source);
    const match = /^\/notifications\/([A-Za-z0-9_.:-]{1,64})$/.exec(pathname);
    if ((request.method !== 'POST' && request.method !== 'GET') || !match) {
      limiter.noteRefused(`${source} ?`);
      return send(response, 404, { error: 'not_found' }, true);
    }
    const profileId = match[1] ?? '';
    const told = (record: Omit<DeliveryRecord, 'method' | 'source'>): void => deps.onDelivery?.({ ...record, method: request.method ?? '', source });
    let profile;
    try {
      profile = profiles.get(profileId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      profile = null;
    }
    // Per source and profile: one profile whose deliveries all fail (a rotated secret) holds back no other.
    const budget = `${source} ${profile ? profile.id : '?'}`;
    const target: RejectionTarget = profile ? { type: 'profile', id: profile.id } : { type: 'receiver', id: null };
    const waitMs = limiter.retryAfterMs(budget);
    if (waitMs !== null) {
      await noteRejection(target, 'throttled');
      response.setHeader('retry-after', String(Math.ceil(waitMs / 1000)));
      send(response, 429, { error: 'too_many_refused_deliveries' }, true);
      told({ profileId: profile ? profile.id : null, gatewayId: profile ? profile.gatewayId : null, status: 429, outcome: 'throttled', events: [] });
      return;
    }
    const refusedDelivery = (status: number, outcome: string) =>
      told({ profileId: profile ? profile.id : null, gatewayId: profile ? profile.gatewayId : null, status, outcome, events: [] });
    const refuse = async (status: number, error: string, reason: string, details: Record<string, unknown> = {}, counts = true) => {
      if (counts) limiter.noteRefused(budget);
      await noteRejection(target, reason, details);
      send(response, status, { error }, true);
      refusedDelivery(status, reason);
    };
    if (!profile) return refuse(404, 'unknown_profile', 'unknown_profile');
    const method = request.method === 'GET' ? 'GET' : 'POST';
    const { adapter, definition } = profiles.adapterFor(profileId, { paymentId: null, operationId: null });
    const methods = definition.descriptor.notificationMethods ?? ['POST'];
    if (!methods.includes(method)) {
      response.setHeader('allow', methods.join(', '));
      return refuse(405, 'method_not_allowed', 'method', { method });
    }
    if (Number(request.headers['content-length'] ?? '0') > limits.maxBodyBytes) return refuse(413, 'too_large', 'too_large');
    const rawBody = await readBody(request, limits.maxBodyBytes);
    if (rawBody === 'aborted') {
      limiter.noteRefused(budget);
      await noteRejection(target, 'incomplete');
      refusedDelivery(400, 'incomplete');
      return;
    }
    if (rawBody === 'too-large') return refuse(413, 'too_large', 'too_large');
    // A GET delivery's parameters are its query string; one that also sends a body is not a delivery.
    if (method === 'GET' && rawBody !== '') return refuse(400, 'rejected', 'get_with_body');
    const delivery = method === 'GET' ? new URL(request.url ?? '/', 'http://receiver').search.replace(/^\?/, '') : rawBody;
    const webhooks = adapter.capabilities.webhooks;
    if (!webhooks) {
      send(response, 404, { error: 'no_webhooks' });
      refusedDelivery(404, 'no_webhooks');
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name.toLowerCase()] = value;

    let outcome;
    try {
      outcome = await webhooks.parse({ headers, rawBody: delivery });
    } catch (error) {
      const refused = error instanceof AuthenticationError || error instanceof DeserializationError;
      if (!refused) logger.error('webhook could not be processed', { profileId, error: error instanceof Error ? error.message : String(error) });
      const details = { message: error instanceof Error ? error.message.slice(0, 200) : String(error), bytes: delivery.length };
      // Our own failure says nothing against the sender, so only a refusal spends the source's budget.
      return refuse(error instanceof AuthenticationError ? 401 : refused ? 400 : 500, refused ? 'rejected' : 'internal', error instanceof ConsoleError ? error.kind : 'internal', details, refused);
    }
    // Each event and its audit entry commit together or not at all: a delivery whose entry cannot
    // be written (no audit key) changes nothing and is answered with an error, so the gateway
    // sends it again rather than it being recorded as received without a trace in the log.
    const applied: Array<{ eventId: string; effect: EventEffect }> = [];
    await ledger.withTransaction(async () => {
      applied.length = 0;
      for (const event of outcome.events) {
        const effect = await applyEvent(profileId, profile.gatewayId, event);
        applied.push({ eventId: event.eventId, effect });
        const target = await notificationAuditTarget(ledger, profileId, profile.gatewayId, event);
        await deps.auditor.record(WEBHOOK_CONTEXT, 'notification.received', target, effect, {
          eventId: event.eventId,
          subject: event.subject,
          ...notificationGatewayIds(event),
          status: event.status ?? event.mandateStatus,
        });
      }
    });
    response.writeHead(outcome.acknowledgement.status, outcome.acknowledgement.headers);
    response.end(outcome.acknowledgement.body);
    told({ profileId: profile.id, gatewayId: profile.gatewayId, status: outcome.acknowledgement.status, outcome: 'applied', events: applied });
  }

  /** Only an address a request waits on takes a body; any other, or one already answered, is refused unread. */
  async function receiveReport(request: IncomingMessage, response: ServerResponse, token: string, source: string): Promise<void> {
    const budget = `${source} reports`;
    const waitMs = limiter.retryAfterMs(budget);
    if (waitMs !== null) {
      response.setHeader('retry-after', String(Math.ceil(waitMs / 1000)));
      return send(response, 429, { error: 'too_many_refused_deliveries' }, true);
    }
    const refuse = async (status: number, error: string, reason: string): Promise<void> => {
      limiter.noteRefused(budget);
      await noteRejection({ type: 'receiver', id: null }, reason);
      send(response, status, { error }, true);
    };
    if (!reports.waitingOn(token)) return refuse(404, 'unknown_report', 'unknown_report');
    const body = await readBytes(request, REPORT_MAX_BYTES);
    if (body === 'aborted') return refuse(400, 'incomplete', 'incomplete');
    if (body === 'too-large') return refuse(413, 'too_large', 'too_large');
    if (!reports.deliver(token, body)) return refuse(404, 'unknown_report', 'unknown_report');
    send(response, 200, { received: true });
  }

  const inFlight = new Set<Promise<void>>();
  const server: Server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node looks for overdue requests on this period; its default (30 s) would let a slow client far outlive the timeouts.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
      keepAliveTimeout: 5_000,
    },
    (request, response) => {
      const handling = handle(request, response).catch((error: unknown) => {
        logger.error('webhook handling failed', { error: error instanceof Error ? error.message : String(error) });
        if (!response.headersSent) send(response, 500, { error: 'internal' });
        else response.destroy();
      });
      inFlight.add(handling);
      void handling.finally(() => inFlight.delete(handling));
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.address?.port ?? deps.port ?? 0, deps.address?.host ?? '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  function baseUrlOf(listening: number): string {
    return publicBaseUrl ? publicBaseUrl.href.replace(/\/$/, '') : `http://127.0.0.1:${listening}`;
  }
  const baseUrl = baseUrlOf(port);
  return {
    baseUrl,
    urlFor: (profileId) => receiverNotificationUrl(baseUrl, profileId),
    shopperResultUrlFor: (profileId) => `${baseUrl}/shopper-result/${encodeURIComponent(profileId)}`,
    reports,
    port,
    async close(options) {
      reports.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (options?.drain) {
        // Keep-alive connections waiting for a next request are not deliveries.
        server.closeIdleConnections();
        await Promise.allSettled([...inFlight]);
      }
      server.closeAllConnections();
      await closed;
      await rejections.flushAll().catch((error: unknown) => warnUnaudited(error, 'window'));
    },
  };
}

/** `close` for refusals: what follows on the connection (an unread body, the next request) is not worth reading. */
function send(response: ServerResponse, status: number, body: unknown, close = false): void {
  response.writeHead(status, { 'content-type': 'application/json', ...(close ? { connection: 'close' } : {}) });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<string | 'too-large' | 'aborted'> {
  const bytes = await readBytes(request, maxBytes);
  return typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

async function readBytes(request: IncomingMessage, maxBytes: number): Promise<Uint8Array | 'too-large' | 'aborted'> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) return 'too-large';
      chunks.push(chunk as Buffer);
    }
  } catch {
    // The client went away or the request timed out (Node has already answered 408 and closed).
    return 'aborted';
  }
  if (!request.complete) return 'aborted';
  return Buffer.concat(chunks);
}
