/**
 * Reading a Sayswitch webhook delivery (fact sheet §6): check `payloadSignature` (lowercase hex
 * HMAC-SHA512 of the raw body, keyed with the secret key; the header name matched in any case),
 * read the body in either documented revision, and acknowledge with HTTP 200 `OK`, as the sample
 * does. A delivery with a missing or wrong signature is an AuthenticationError: the receiver
 * refuses and audits it.
 *
 * With `webhookVerifyByApi` (the default) the payment's status is taken from a verify call, not
 * from the body: the "safe client rule" of the public WooCommerce plugin, and the only reading
 * that does not depend on which body revision is live.
 *
 * Event id: Sayswitch's own event id (`evt_…`) when the body has one, otherwise the transaction's
 * id or reference; then `:` and what the body says happened (`type`, else `notifyType`, else
 * `data.status`). A retried or duplicated delivery repeats both; a later state of the same payment
 * changes the second part.
 */
import { fromMajor } from '../../../../shared/money/money.ts';
import { AuthenticationError, DeserializationError, NotFoundError, UnexpectedGatewayResponseError } from '../../errors.ts';
import type { IncomingNotification, NotificationEvent, NotificationOutcome } from '../types.ts';
import { webhookSignatureMatches } from './signing.ts';
import { mapRefundStatus, mapTransactionStatus } from './status-map.ts';
import { parseSayswitchTimestamp, sayswitchWebhookSchema, type SayswitchVerifyAnswer, type SayswitchWebhook } from './wire.ts';

export const SAYSWITCH_SIGNATURE_HEADER = 'payloadsignature';
export const SAYSWITCH_WEBHOOK_ACK = { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'OK' } as const;

export interface SayswitchNotificationContext {
  readonly secretKey: string;
  readonly timestampOffset: string;
  /** Present when webhooks are confirmed by verify; null answer = Sayswitch has no such transaction. */
  readonly verify: ((reference: string) => Promise<SayswitchVerifyAnswer | null>) | null;
}

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

export function readSayswitchWebhook(rawBody: string): SayswitchWebhook {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (error) {
    throw new DeserializationError('Sayswitch webhook: the body is not JSON', { cause: error });
  }
  const parsed = sayswitchWebhookSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DeserializationError(`Sayswitch webhook: the body does not have a documented shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** What the body says happened: `payment.success` → `success`, `notifyType` → itself, else `data.status`. */
function reportedStatus(body: SayswitchWebhook): string | null {
  const fromType = body.type === undefined ? null : (body.type.split('.').at(-1) ?? null);
  return body.data.status ?? (fromType === 'processed' ? 'success' : fromType) ?? body.notifyType ?? null;
}

export function sayswitchEventId(body: SayswitchWebhook): string {
  const subject = body.id ?? body.data.id ?? body.data.reference ?? '';
  return `${subject}:${body.type ?? body.notifyType ?? body.data.status ?? ''}`;
}

function isRefund(body: SayswitchWebhook): boolean {
  return body.type?.startsWith('refund.') === true || body.notify === 'refund';
}

/** Payouts and transfers out of the merchant's wallet have no counterpart in the console. */
function isPayout(body: SayswitchWebhook): boolean {
  return body.type?.startsWith('transfer.') === true || body.notify === 'payout';
}

function occurredAt(body: SayswitchWebhook, offset: string): Date | null {
  return (
    parseSayswitchTimestamp(body.created, offset) ??
    parseSayswitchTimestamp(body.data.updated_at, offset) ??
    parseSayswitchTimestamp(body.data.paid_at, offset) ??
    parseSayswitchTimestamp(body.data.transaction_date, offset) ??
    parseSayswitchTimestamp(body.data.created_at, offset)
  );
}

function amountMinorOf(body: SayswitchWebhook): bigint | null {
  const { amount, currency } = body.data;
  if (amount === undefined || currency === undefined) return null;
  try {
    return fromMajor(amount, currency);
  } catch {
    return null;
  }
}

function refundEvent(body: SayswitchWebhook, eventId: string, at: Date | null): NotificationEvent {
  const word = reportedStatus(body) ?? 'success';
  let outcome: ReturnType<typeof mapRefundStatus> | null;
  try {
    outcome = mapRefundStatus(word);
  } catch (error) {
    if (!(error instanceof UnexpectedGatewayResponseError)) throw error;
    outcome = null;
  }
  return {
    eventId,
    subject: 'operation',
    gatewayTransactionId: body.data.reference ?? null,
    merchantReference: null,
    status: outcome === 'succeeded' ? 'refunded' : outcome === 'failed' ? 'failed' : outcome === null ? 'needs_review' : null,
    final: outcome === 'succeeded' || outcome === 'failed',
    mandateStatus: null,
    occurredAt: at,
    gatewayCode: word,
    gatewayMessage: body.data.gateway_response ?? null,
    token: null,
    operationKind: 'refund',
    referencedGatewayId: body.data.transaction_reference ?? null,
    amountMinor: amountMinorOf(body),
    currency: body.data.currency ?? null,
  };
}

async function paymentEvent(body: SayswitchWebhook, eventId: string, at: Date | null, context: SayswitchNotificationContext): Promise<NotificationEvent> {
  const reference = body.data.reference;
  if (reference === undefined) throw new DeserializationError('Sayswitch webhook: the payment event has no data.reference');
  let word = reportedStatus(body);
  let message = body.data.gateway_response ?? null;
  if (context.verify !== null) {
    let verified: SayswitchVerifyAnswer | null;
    try {
      verified = await context.verify(reference);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      verified = null;
    }
    if (verified !== null) {
      word = verified.data.status;
      message = verified.data.gateway_response ?? message;
    }
  }
  const common = { eventId, subject: 'payment' as const, gatewayTransactionId: reference, merchantReference: reference, mandateStatus: null, occurredAt: at, gatewayMessage: message, token: null };
  if (word === null) return { ...common, status: null, final: false, gatewayCode: null };
  try {
    const mapped = mapTransactionStatus(word, false);
    return { ...common, status: mapped.status === 'pending' ? null : mapped.status, final: mapped.final, gatewayCode: word };
  } catch (error) {
    if (!(error instanceof UnexpectedGatewayResponseError)) throw error;
    // An unknown status is a person's to read; acknowledging it stops the retries.
    return { ...common, status: 'needs_review', final: false, gatewayCode: word };
  }
}

export function verifySayswitchSignature(notification: IncomingNotification, secretKey: string): void {
  const given = header(notification.headers, SAYSWITCH_SIGNATURE_HEADER);
  if (given === undefined || given.trim() === '') throw new AuthenticationError('Sayswitch webhook: the payloadSignature header is missing');
  if (!webhookSignatureMatches(notification.rawBody, secretKey, given)) {
    throw new AuthenticationError('Sayswitch webhook: payloadSignature does not match the body (wrong secret key or altered body)');
  }
}

export async function parseSayswitchNotification(notification: IncomingNotification, context: SayswitchNotificationContext): Promise<NotificationOutcome> {
  verifySayswitchSignature(notification, context.secretKey);
  const body = readSayswitchWebhook(notification.rawBody);
  const eventId = sayswitchEventId(body);
  const at = occurredAt(body, context.timestampOffset);
  let events: NotificationEvent[];
  if (isPayout(body)) events = [];
  else if (isRefund(body)) events = [refundEvent(body, eventId, at)];
  else events = [await paymentEvent(body, eventId, at, context)];
  return { events, acknowledgement: { ...SAYSWITCH_WEBHOOK_ACK, headers: { ...SAYSWITCH_WEBHOOK_ACK.headers } } };
}
