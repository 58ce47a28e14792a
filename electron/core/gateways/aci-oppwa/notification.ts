/**
 * Reading an OPPWA webhook delivery (fact sheet §8): decrypt (the GCM tag proves it came from the
 * platform), parse the `{type, action, payload}` envelope, map the payload to our event, and
 * acknowledge with an empty HTTP 200 (anything else is retried).
 *
 * OPPWA gives a delivery no id of its own. The event id is the transaction id, its result code
 * and its timestamp: a retried or duplicated delivery of the same state has all three equal,
 * while a later state of the same transaction (a 3-D Secure session ending) changes the code or
 * the timestamp.
 */
import { DeserializationError, UnexpectedGatewayResponseError } from '../../errors.ts';
import type { IncomingNotification, NotificationEvent, NotificationOutcome } from '../types.ts';
import { amountMinorOf, tokenOfRegistration } from './answer-mapping.ts';
import { describeResult } from './http-answer.ts';
import { chargebackBooked, mapOperationCode, mapPaymentCode, OPERATION_KIND_OF_TYPE } from './status-map.ts';
import { decryptOppwaNotification } from './webhook-crypto.ts';
import { oppwaNotificationSchema, oppwaPaymentSchema, parseOppwaTimestamp, type OppwaPayment } from './wire.ts';

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function readEnvelope(plaintext: string): { type: string; action: string | undefined; payload: OppwaPayment } {
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch (error) {
    throw new DeserializationError('OPPWA webhook: the decrypted body is not JSON', { cause: error });
  }
  const envelope = oppwaNotificationSchema.safeParse(json);
  if (!envelope.success) throw new DeserializationError('OPPWA webhook: the body is not a {type, action, payload} envelope');
  const payload = oppwaPaymentSchema.safeParse(envelope.data.payload);
  if (!payload.success) {
    const issue = payload.error.issues[0];
    throw new DeserializationError(`OPPWA webhook: the payload does not have the documented shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return { type: envelope.data.type, action: envelope.data.action, payload: payload.data };
}

function eventIdOf(payload: OppwaPayment, type: string, action: string | undefined): string {
  return [type, action ?? '', payload.id ?? '', payload.result.code, payload.timestamp ?? ''].join(':');
}

function paymentEvent(payload: OppwaPayment, eventId: string): NotificationEvent {
  const code = payload.result.code;
  const common = {
    eventId,
    gatewayTransactionId: payload.id ?? null,
    merchantReference: payload.merchantTransactionId ?? null,
    occurredAt: parseOppwaTimestamp(payload.timestamp),
    gatewayCode: code,
    gatewayMessage: payload.result.description ?? null,
    mandateStatus: null,
  };
  const paymentType = payload.paymentType ?? '';
  const operationKind = OPERATION_KIND_OF_TYPE[paymentType];
  if (operationKind !== undefined) {
    let final = false;
    let status: NotificationEvent['status'] = null;
    if (operationKind === 'chargeback' || operationKind === 'chargeback_reversal') {
      // Platform bookings: a CB carries 000.100.2xx, a CR a success code; either is final once booked.
      final = chargebackBooked(code);
      if (!final) status = 'needs_review';
    } else {
      try {
        final = mapOperationCode(code, payload.result.description) !== 'pending';
      } catch (error) {
        if (!(error instanceof UnexpectedGatewayResponseError)) throw error;
        status = 'needs_review';
      }
    }
    return {
      ...common,
      subject: 'operation',
      status,
      final,
      token: null,
      operationKind,
      referencedGatewayId: payload.referencedId ?? null,
      amountMinor: amountMinorOf(payload),
      currency: payload.currency ?? null,
    };
  }
  try {
    const mapped = mapPaymentCode(code, payload.result.description, paymentType, payload.redirect !== undefined);
    const token = payload.registrationId !== undefined && mapped.outcome === 'succeeded' ? tokenOfRegistration(payload.registrationId, payload) : null;
    return { ...common, subject: 'payment', status: mapped.status, final: mapped.final, token };
  } catch (error) {
    if (!(error instanceof UnexpectedGatewayResponseError)) throw error;
    // An unknown code is a person's to read, never a guess; acknowledging it stops the retries.
    return { ...common, subject: 'payment', status: 'needs_review', final: false, token: null };
  }
}

/**
 * REGISTRATION events carry the registration as payload; its id is the token. NotificationEvent
 * has no token state, so a deletion is told by the message (`REGISTRATION DELETED`).
 */
function registrationEvent(payload: OppwaPayment, action: string | undefined, eventId: string): NotificationEvent {
  return {
    eventId,
    subject: 'token',
    gatewayTransactionId: payload.id ?? null,
    merchantReference: payload.merchantTransactionId ?? null,
    status: null,
    final: true,
    mandateStatus: null,
    occurredAt: parseOppwaTimestamp(payload.timestamp),
    gatewayCode: payload.result.code,
    gatewayMessage: `REGISTRATION ${action ?? 'UPDATED'}: ${describeResult(payload.result)}`,
    token: payload.id === undefined ? null : tokenOfRegistration(payload.id, payload),
  };
}

export function oppwaNotificationEvents(plaintext: string): NotificationEvent[] {
  const { type, action, payload } = readEnvelope(plaintext);
  const eventId = eventIdOf(payload, type, action);
  if (type === 'PAYMENT') return [paymentEvent(payload, eventId)];
  if (type === 'REGISTRATION') return [registrationEvent(payload, action, eventId)];
  // SCHEDULE and RISK events have no counterpart in the console; they are acknowledged and dropped.
  return [];
}

export function parseOppwaNotification(notification: IncomingNotification, secretHex: string): NotificationOutcome {
  const plaintext = decryptOppwaNotification(
    { body: notification.rawBody, iv: header(notification.headers, 'x-initialization-vector'), tag: header(notification.headers, 'x-authentication-tag') },
    secretHex,
  );
  return { events: oppwaNotificationEvents(plaintext), acknowledgement: { status: 200, headers: {}, body: '' } };
}
