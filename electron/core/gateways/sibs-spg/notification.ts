/**
 * Reading a SIBS webhook delivery (fact sheet §8): decrypt (the GCM tag proves it came from SIBS),
 * parse the status envelope, map it to our event, and say how to acknowledge it so SIBS stops
 * retrying. One delivery carries one event.
 */
import { DeserializationError } from '../../errors.ts';
import type { IncomingNotification, MandateStatus, NotificationEvent, NotificationOutcome } from '../types.ts';
import { gatewayMessageOf, tokenOf } from './answer-mapping.ts';
import { mapMandateStatus, mapOperationStatus, isSibsPaymentStatus, mapPaymentStatus } from './status-map.ts';
import { decryptNotification } from './webhook-crypto.ts';
import { merchantReferenceOf, sibsNotificationSchema, type SibsNotification } from './wire.ts';
import type { SibsProfileOptions } from './options.ts';

/** paymentType codes of payments; any other code on an event is a back-office operation (their codes are unknown, §6). */
const PAYMENT_TYPES: ReadonlySet<string> = new Set(['PURS', 'AUTH', 'PREF']);
const FINAL_MANDATE_STATUSES: ReadonlySet<MandateStatus> = new Set(['cancelled', 'expired', 'declined']);

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** QDOC labels the body application/json although it is Base64 text; a JSON-quoted string is read too. */
function ciphertextOf(rawBody: string): string {
  const trimmed = rawBody.trim();
  if (!trimmed.startsWith('"')) return trimmed;
  try {
    const unquoted: unknown = JSON.parse(trimmed);
    if (typeof unquoted === 'string') return unquoted;
  } catch {
    // Not a JSON string after all: the Base64 check below rejects it.
  }
  return trimmed;
}

function dateOf(text: string | undefined): Date | null {
  if (text === undefined) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

function readPayload(plaintext: string): SibsNotification {
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch (error) {
    throw new DeserializationError('SIBS webhook: the decrypted payload is not JSON', { cause: error });
  }
  const parsed = sibsNotificationSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DeserializationError(`SIBS webhook: the payload does not have the documented shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The card token on an event, never the MB WAY alias that SIBS also sends as a `MobilePhone` token. */
function cardTokenOf(payload: SibsNotification): NotificationEvent['token'] {
  const token = payload.token;
  if (token === undefined || (token.tokenType !== undefined && token.tokenType !== 'Card')) return null;
  return tokenOf(token);
}

export function sibsNotificationEvent(payload: SibsNotification): NotificationEvent {
  const common = {
    eventId: payload.notificationID,
    merchantReference: merchantReferenceOf(payload.merchant),
    occurredAt: dateOf(payload.transactionDateTime),
    gatewayCode: payload.returnStatus?.statusCode ?? null,
    gatewayMessage: gatewayMessageOf(payload.returnStatus ?? null, payload.paymentStatus),
    token: cardTokenOf(payload),
  };
  const mandate = payload.mbwayMandate;
  if (mandate !== undefined && (payload.paymentType === undefined || !PAYMENT_TYPES.has(payload.paymentType))) {
    const mandateStatus = mandate.mandateStatus === undefined ? null : mapMandateStatus(mandate.mandateStatus);
    return {
      ...common,
      subject: 'mandate',
      gatewayTransactionId: mandate.transactionId ?? payload.transactionID ?? null,
      status: null,
      final: mandateStatus !== null && FINAL_MANDATE_STATUSES.has(mandateStatus),
      mandateStatus,
    };
  }
  if (payload.paymentStatus === undefined) {
    if (payload.token === undefined) throw new DeserializationError('SIBS webhook: the payload has neither a paymentStatus, a mandate nor a token');
    return { ...common, subject: 'token', gatewayTransactionId: payload.transactionID ?? null, status: null, final: true, mandateStatus: null };
  }
  const gatewayTransactionId = payload.transactionID ?? null;
  if (payload.paymentType !== undefined && !PAYMENT_TYPES.has(payload.paymentType)) {
    // Which base-payment status an operation implies depends on amounts the event does not carry.
    const final = isSibsPaymentStatus(payload.paymentStatus) ? mapOperationStatus(payload.paymentStatus) !== 'pending' : false;
    return { ...common, subject: 'operation', gatewayTransactionId, status: isSibsPaymentStatus(payload.paymentStatus) ? null : 'needs_review', final, mandateStatus: null };
  }
  if (!isSibsPaymentStatus(payload.paymentStatus)) {
    // An unknown status is a person's to read, never a guess; acknowledging it stops the retries.
    return { ...common, subject: 'payment', gatewayTransactionId, status: 'needs_review', final: false, mandateStatus: null };
  }
  const mapped = mapPaymentStatus(payload.paymentStatus, payload.paymentType === 'AUTH' ? 'AUTH' : 'PURS');
  return { ...common, subject: 'payment', gatewayTransactionId, status: mapped.status, final: mapped.final, mandateStatus: null };
}

export function parseSibsNotification(
  notification: IncomingNotification,
  secretBase64: string,
  options: Pick<SibsProfileOptions, 'webhookAckStatusCode' | 'webhookAuthTagBytes'>,
): NotificationOutcome {
  const plaintext = decryptNotification(
    {
      body: ciphertextOf(notification.rawBody),
      iv: header(notification.headers, 'x-initialization-vector'),
      tag: header(notification.headers, 'x-authentication-tag'),
    },
    secretBase64,
    { tagBytes: options.webhookAuthTagBytes, aad: '' },
  );
  const payload = readPayload(plaintext);
  return {
    events: [sibsNotificationEvent(payload)],
    acknowledgement: {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ statusCode: options.webhookAckStatusCode, statusMsg: 'Success', notificationID: payload.notificationID }),
    },
  };
}
