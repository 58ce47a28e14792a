/**
 * Reading a Be2bill notification (fact sheet §8, seed 004): a form POST of the transaction's
 * parameters (`EXECCODE`, `TRANSACTIONID`, `ORDERID`, `OPERATIONTYPE`, `AMOUNT`, masked card
 * fields, `ALIAS`, …) signed with the same HASH as requests, over every received parameter but
 * `HASH`. A missing or wrong HASH, or another account's IDENTIFIER, is an AuthenticationError.
 * Be2bill counts a delivery as received only when the answer is HTTP 200 with the body `OK`.
 *
 * Be2bill gives a notification no id of its own. The event id is
 * `TRANSACTIONID:EXECCODE:OPERATIONTYPE`: a retried or duplicated delivery of the same state is
 * equal on all three, while a later state of the same transaction (3-D Secure ending) changes the
 * code. An N-times instalment adds `SCHEDULEID@DATE`, so that two instalments stay two events even
 * if a platform reported them under one transaction id.
 */
import { AuthenticationError, DeserializationError, UnexpectedGatewayResponseError } from '../../errors.ts';
import type { IncomingNotification, NotificationEvent, NotificationOutcome, StoredTokenResult } from '../types.ts';
import { cardBrandOf, maskedCardParts } from './answer-mapping.ts';
import { hasValidBe2billHash } from './signing.ts';
import { mapStoredOperationExecCode, mapStoredPaymentExecCode } from './status-map.ts';
import { amountOfWire, paramsFromPairs, parseCardValidityDate, stringParam, type Be2billParams } from './wire.ts';

export const BE2BILL_NOTIFICATION_ACKNOWLEDGEMENT = { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'OK' } as const;

/** `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (INFERRED; no source prints a notification date). */
export function parseBe2billDate(text: string | undefined): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?$/.exec(text?.trim() ?? '');
  if (match === null) return null;
  const date = new Date(`${match[1]}T${match[2] ?? '00:00:00'}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function readNotificationParams(rawBody: string): Be2billParams {
  const { params } = paramsFromPairs(new URLSearchParams(rawBody));
  return params;
}

function required(params: Be2billParams, key: string): string {
  const value = stringParam(params, key);
  if (value === undefined || value === '') throw new DeserializationError(`Be2bill notification: ${key} is missing`);
  return value;
}

export function eventIdOf(params: Be2billParams): string {
  const parts = [required(params, 'TRANSACTIONID'), required(params, 'EXECCODE'), required(params, 'OPERATIONTYPE')];
  const schedule = stringParam(params, 'SCHEDULEID');
  if (schedule !== undefined && schedule !== '' && schedule !== parts[0]) parts.push(`${schedule}@${stringParam(params, 'DATE') ?? ''}`);
  return parts.join(':');
}

function tokenOf(params: Be2billParams): StoredTokenResult | null {
  const alias = stringParam(params, 'ALIAS');
  if (alias === undefined || alias === '') return null;
  const card = maskedCardParts(stringParam(params, 'CARDCODE'));
  const validity = parseCardValidityDate(stringParam(params, 'CARDVALIDITYDATE'));
  return {
    value: alias,
    brand: cardBrandOf(stringParam(params, 'CARDTYPE'), stringParam(params, 'CARDCODE')),
    last4: card?.last4 ?? null,
    expiryMonth: validity?.month ?? null,
    expiryYear: validity?.year ?? null,
  };
}

const OPERATION_STATUS = { capture: 'partially_captured', refund: 'partially_refunded', installment: 'captured' } as const;

/** Params already verified → our event. */
export function be2billNotificationEvent(params: Be2billParams, currency: string): NotificationEvent {
  const eventId = eventIdOf(params);
  const transactionId = required(params, 'TRANSACTIONID');
  const code = required(params, 'EXECCODE');
  const operationType = required(params, 'OPERATIONTYPE');
  const message = stringParam(params, 'MESSAGE')?.trim() || null;
  const scheduleId = stringParam(params, 'SCHEDULEID');
  const common = {
    eventId,
    gatewayTransactionId: transactionId,
    merchantReference: stringParam(params, 'ORDERID') ?? null,
    occurredAt: parseBe2billDate(stringParam(params, 'DATE')),
    gatewayCode: code,
    gatewayMessage: message,
    mandateStatus: null,
  };
  const instalment = scheduleId !== undefined && scheduleId !== '' && scheduleId !== transactionId && operationType === 'payment';
  const operationKind = instalment ? 'installment' : operationType === 'capture' || operationType === 'refund' ? operationType : null;
  if (operationKind !== null) {
    // For an operation the status says what the operation did to the base payment, at least.
    let status: NotificationEvent['status'];
    let final: boolean;
    try {
      const outcome = mapStoredOperationExecCode(code, message ?? undefined);
      final = outcome !== 'pending';
      status = outcome === 'succeeded' ? OPERATION_STATUS[operationKind] : outcome === 'declined' ? 'declined' : outcome === 'failed' ? 'failed' : null;
    } catch (error) {
      if (!(error instanceof UnexpectedGatewayResponseError)) throw error;
      status = 'needs_review';
      final = false;
    }
    return {
      ...common,
      subject: 'operation',
      status,
      final,
      token: null,
      operationKind,
      referencedGatewayId: instalment ? scheduleId : null,
      amountMinor: amountOfWire(stringParam(params, 'AMOUNT')),
      currency,
    };
  }
  try {
    const mapped = mapStoredPaymentExecCode(code, message ?? undefined, operationType);
    return { ...common, subject: 'payment', status: mapped.status, final: mapped.final, token: mapped.outcome === 'succeeded' ? tokenOf(params) : null };
  } catch (error) {
    if (!(error instanceof UnexpectedGatewayResponseError)) throw error;
    // An unknown code is a person's to read, never a guess; acknowledging it stops the retries.
    return { ...common, subject: 'payment', status: 'needs_review', final: false, token: null };
  }
}

export function parseBe2billNotification(notification: IncomingNotification, password: string, identifier: string, currency: string): NotificationOutcome {
  const params = readNotificationParams(notification.rawBody);
  if (!hasValidBe2billHash(password, params)) throw new AuthenticationError('Be2bill notification: the HASH is missing or wrong');
  const sentFor = stringParam(params, 'IDENTIFIER');
  if (sentFor !== undefined && sentFor !== identifier) throw new AuthenticationError('Be2bill notification: it is for another account (IDENTIFIER)');
  return { events: [be2billNotificationEvent(params, currency)], acknowledgement: { ...BE2BILL_NOTIFICATION_ACKNOWLEDGEMENT, headers: { ...BE2BILL_NOTIFICATION_ACKNOWLEDGEMENT.headers } } };
}
