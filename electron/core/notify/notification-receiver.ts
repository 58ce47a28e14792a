/**
 * The console's webhook receiver: one loopback listener for every gateway. A delivery to
 * `/notifications/<profileId>` goes to that profile's gateway `parseNotification` (which verifies or
 * decrypts it), each event is recorded once (deduplicated by the gateway's event id) and applied
 * through the same state machine as polling and sync, in one ledger transaction; then the gateway
 * gets the acknowledgement it expects. A delivery that fails verification is refused and audited.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Auditor } from '../audit.ts';
import type { InvocationContext } from '../door.ts';
import { AuthenticationError, ConsoleError, DeserializationError, NotFoundError } from '../errors.ts';
import type { NotificationEvent } from '../gateways/types.ts';
import type { Ledger } from '../ledger/types.ts';
import type { MandateService } from '../mandates/mandate-service.ts';
import { outcomeOfStatus, type PaymentEngine } from '../payments/payment-engine.ts';
import type { Clock, Logger } from '../ports.ts';
import type { ProfileService } from '../profiles/profile-service.ts';

export interface NotificationReceiver {
  readonly baseUrl: string;
  urlFor(profileId: string): string;
  shopperResultUrlFor(profileId: string): string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const WEBHOOK_CONTEXT: InvocationContext = { origin: 'webhook', operator: 'gateway' };
const PLATFORM_PREFIX = { chargeback: 'CB', chargeback_reversal: 'CR', installment: 'IN' } as const;

export type EventEffect = 'duplicate' | 'applied' | 'unchanged' | 'stale' | 'conflict' | 'unmatched' | 'no-initial-operation';

export function createNotificationApplier(deps: { ledger: Ledger; engine: PaymentEngine; mandates: MandateService; clock: Clock }) {
  const { ledger, engine, mandates, clock } = deps;

  function applyToOperation(profileGateway: string, event: NotificationEvent): EventEffect | null {
    const operation =
      (event.gatewayTransactionId ? ledger.findOperationByGatewayId(event.gatewayTransactionId) : null) ??
      (event.merchantReference ? ledger.findOperationByMerchantReference(event.merchantReference) : null);
    if (!operation || operation.kind === 'purchase' || operation.kind === 'authorize' || operation.kind === 'mit') return null;
    const payment = ledger.getPayment(operation.paymentId);
    if (!payment || payment.gatewayId !== profileGateway) return null;
    if (!['intent', 'sent', 'unknown', 'pending'].includes(operation.state)) return 'unchanged';
    if (!event.final) return 'stale';
    // Without an outcome in the event, the operation is settled by sync or recovery instead.
    if (event.status === null) return 'unchanged';
    engine.completeOperation(
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
  function bookPlatformOperation(profileId: string, gatewayId: string, event: NotificationEvent): EventEffect | null {
    const kind = event.operationKind;
    if (kind !== 'chargeback' && kind !== 'chargeback_reversal' && kind !== 'installment') return null;
    if (!event.referencedGatewayId || !event.gatewayTransactionId || event.amountMinor === undefined || event.amountMinor === null) return 'unmatched';
    const payment =
      ledger.findPaymentByGatewayId(gatewayId as never, event.referencedGatewayId) ??
      (() => {
        const referenced = ledger.findOperationByGatewayId(event.referencedGatewayId!);
        return referenced ? ledger.getPayment(referenced.paymentId) : null;
      })();
    if (!payment || payment.profileId !== profileId) return 'unmatched';
    // Keyed by the event, not the gateway id: every instalment may reference the same transaction.
    const key = createHash('sha256').update(`${profileId}\u0000${event.eventId}`).digest('hex').slice(0, 24);
    const merchantReference = `${PLATFORM_PREFIX[kind]}-${key}`;
    if (ledger.findOperationByMerchantReference(merchantReference)) return 'unchanged';
    const at = event.occurredAt ?? clock.now();
    const row = ledger.insertOperation({
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
    engine.completeOperation(
      row,
      { outcome, gatewayOperationId: event.gatewayTransactionId, gatewayCode: event.gatewayCode, gatewayMessage: event.gatewayMessage },
      'notification',
      WEBHOOK_CONTEXT,
    );
    return 'applied';
  }

  /** Records and applies one event; the caller runs it inside a ledger transaction. */
  return function applyEvent(profileId: string, gatewayId: string, event: NotificationEvent): EventEffect {
    const fresh = ledger.recordNotification({ profileId, eventId: event.eventId, receivedAt: clock.now(), subject: event.subject, gatewayTransactionId: event.gatewayTransactionId });
    if (!fresh) return 'duplicate';
    if (event.subject === 'mandate') {
      const row = event.gatewayTransactionId ? mandates.findByGatewayId(profileId, event.gatewayTransactionId) : null;
      if (!row || !event.mandateStatus) return 'unmatched';
      mandates.apply(row, { status: event.mandateStatus, gatewayCode: event.gatewayCode, gatewayMessage: event.gatewayMessage }, 'notification', WEBHOOK_CONTEXT);
      return 'applied';
    }
    if (event.subject === 'token') return 'unchanged';
    const payment =
      (event.gatewayTransactionId ? ledger.findPaymentByGatewayId(gatewayId as never, event.gatewayTransactionId) : null) ??
      (event.merchantReference ? ledger.findPaymentByMerchantReference(profileId, event.merchantReference) : null);
    if (payment && payment.profileId === profileId && event.subject === 'payment' && event.status !== null) {
      return engine.applyReport(
        payment.id,
        { status: event.status, final: event.final, gatewayCode: event.gatewayCode, gatewayMessage: event.gatewayMessage, occurredAt: event.occurredAt, gatewayTransactionId: event.gatewayTransactionId },
        'notification',
        WEBHOOK_CONTEXT,
      );
    }
    return bookPlatformOperation(profileId, gatewayId, event) ?? applyToOperation(gatewayId, event) ?? 'unmatched';
  };
}

export async function startNotificationReceiver(deps: {
  ledger: Ledger;
  profiles: ProfileService;
  engine: PaymentEngine;
  mandates: MandateService;
  auditor: Auditor;
  clock: Clock;
  logger: Logger;
  port?: number;
}): Promise<NotificationReceiver> {
  const { ledger, profiles, auditor, logger } = deps;
  const applyEvent = createNotificationApplier(deps);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'GET' && new URL(request.url ?? '/', 'http://receiver').pathname.startsWith('/shopper-result/')) {
      // Where a shopper's browser lands after a 3-D Secure redirect: the payment itself is settled by
      // status and webhooks, so this page only says so.
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'", 'cache-control': 'no-store' });
      response.end('<!doctype html><meta charset="utf-8"><title>Payment step completed</title><p>Thank you. This step is complete; you can close this window.</p>');
      return;
    }
    const match = /^\/notifications\/([A-Za-z0-9_.:-]{1,64})$/.exec(new URL(request.url ?? '/', 'http://receiver').pathname);
    if (request.method !== 'POST' || !match) return send(response, 404, { error: 'not_found' });
    const profileId = match[1] ?? '';
    const rawBody = await readBody(request);
    if (rawBody === null) return send(response, 413, { error: 'too_large' });
    let profile;
    try {
      profile = profiles.get(profileId);
    } catch (error) {
      if (error instanceof NotFoundError) return send(response, 404, { error: 'unknown_profile' });
      throw error;
    }
    const { adapter, definition } = profiles.adapterFor(profileId, { paymentId: null, operationId: null });
    if (!adapter.parseNotification || !definition.descriptor.verbs.includes('parseNotification')) return send(response, 404, { error: 'no_webhooks' });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name.toLowerCase()] = value;

    let outcome;
    try {
      outcome = await adapter.parseNotification({ headers, rawBody });
    } catch (error) {
      const refused = error instanceof AuthenticationError || error instanceof DeserializationError;
      auditor.record(WEBHOOK_CONTEXT, 'notification.rejected', { type: 'profile', id: profileId }, 'rejected', {
        reason: error instanceof ConsoleError ? error.kind : 'internal',
        message: error instanceof Error ? error.message.slice(0, 200) : String(error),
        bytes: rawBody.length,
      });
      if (!refused) logger.error('webhook could not be processed', { profileId, error: error instanceof Error ? error.message : String(error) });
      return send(response, error instanceof AuthenticationError ? 401 : refused ? 400 : 500, { error: refused ? 'rejected' : 'internal' });
    }
    const effects = ledger.transaction(() => outcome.events.map((event) => ({ event, effect: applyEvent(profileId, profile.gatewayId, event) })));
    for (const { event, effect } of effects) {
      auditor.record(WEBHOOK_CONTEXT, 'notification.received', { type: event.subject, id: event.gatewayTransactionId }, effect, { eventId: event.eventId, status: event.status ?? event.mandateStatus });
    }
    response.writeHead(outcome.acknowledgement.status, outcome.acknowledgement.headers);
    response.end(outcome.acknowledgement.body);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error('webhook handling failed', { error: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent) send(response, 500, { error: 'internal' });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port ?? 0, '127.0.0.1', () => resolve());
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    urlFor: (profileId) => `${baseUrl}/notifications/${encodeURIComponent(profileId)}`,
    shopperResultUrlFor: (profileId) => `${baseUrl}/shopper-result/${encodeURIComponent(profileId)}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
