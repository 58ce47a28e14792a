/** SIBS-shaped answers of the emulator (fact sheet §2–§6 shapes, §10 error layers). */
import { formatDecimal, toMajorNumber } from '../../../../../shared/money/money.ts';
import type { EmulatorResponse } from '../../types.ts';
import type { EmulatedMandate } from './mandate-book.ts';
import type { EmulatedOperation, EmulatedPayment } from './payment-book.ts';
import type { SibsEmulatorSettings } from './settings.ts';

/** The two layers of every answer (QDOC C.5.1): this one says whether the request was processed. */
export interface SibsReturnStatus {
  readonly statusCode: string;
  readonly statusMsg: string;
  readonly statusDescription: string;
}

const OK: SibsReturnStatus = { statusCode: '000', statusMsg: 'Success', statusDescription: 'Success' };

export function okStatus(): SibsReturnStatus {
  return { ...OK };
}

export function errorAnswer(status: number, statusCode: string, statusMsg: string, statusDescription: string): EmulatorResponse {
  return { status, body: { returnStatus: { statusCode, statusMsg, statusDescription } } };
}

export function invalidRequest(field: string, problem: string): EmulatorResponse {
  return errorAnswer(400, 'E0101', 'Error', `Invalid request: ${field} ${problem}`);
}

/** SIBS's code for a rejected credential is not documented; the HTTP status text stands in for it. */
export function unauthorized(description: string): EmulatorResponse {
  return errorAnswer(401, '401', 'Unauthorized', description);
}

export function unsupportedMediaType(): EmulatorResponse {
  return errorAnswer(415, 'E0101', 'Error', 'Invalid request: the body must be sent as Content-Type application/json');
}

export function notFound(what: string): EmulatorResponse {
  return errorAnswer(404, 'E0301', 'Error', `${what} not found`);
}

export function temporarilyUnavailable(): EmulatorResponse {
  return errorAnswer(503, 'T9999', 'Error', 'Service temporarily unavailable, please try again later');
}

export function refused(settings: SibsEmulatorSettings, reason: string): EmulatorResponse {
  return errorAnswer(settings.refusalHttpStatus, settings.refusalStatusCode, 'Error', reason);
}

export function execution(startedAt: Date, now: Date): { startTime: string; endTime: string } {
  return { startTime: startedAt.toISOString(), endTime: now.toISOString() };
}

export function amountNumber(amountMinor: bigint, currency: string): { value: number; currency: string } {
  return { value: toMajorNumber(amountMinor, currency), currency };
}

function statusAmount(amountMinor: bigint, currency: string, settings: SibsEmulatorSettings): { value: number | string; currency: string } {
  return settings.statusAmountFormat === 'string' ? { value: formatDecimal(amountMinor, currency), currency } : amountNumber(amountMinor, currency);
}

function statusMerchant(payment: EmulatedPayment, merchantTransactionId: string, settings: SibsEmulatorSettings): Record<string, string | number> {
  return { [settings.statusMerchantReferenceKey]: merchantTransactionId, terminalId: payment.terminalId, merchantName: 'Sandbox merchant' };
}

export function paymentReturnStatus(payment: EmulatedPayment): SibsReturnStatus {
  return { statusCode: payment.statusCode, statusMsg: payment.statusMsg, statusDescription: payment.statusDescription };
}

/** The 3-D Secure step as SIBS describes it (§3); the page behind `url` is the emulator's ACS. */
export function actionResponse(payment: EmulatedPayment, acsBaseUrl: string): Record<string, unknown> | undefined {
  const pending = payment.pendingThreeDS;
  if (pending === null) return undefined;
  return {
    id: pending.id,
    type: pending.type,
    data: { url: `${acsBaseUrl}/acs/${pending.id}`, method: 'POST', params: [{ name: 'transactionID', value: payment.transactionId }] },
  };
}

/** The method a payment reports: the one whose step ran, else the first the checkout offered. */
export function reportedMethod(payment: EmulatedPayment): string {
  return payment.method ?? payment.offeredMethods[0] ?? 'CARD';
}

/**
 * `paymentReference` as status answers carry it (§4 keys); webhooks spell the expiry
 * `expiryDate` and add `paymentEntity` (reported by PYS), so a webhook gets both spellings.
 */
export function paymentReferenceBlock(payment: EmulatedPayment, forWebhook: boolean): Record<string, unknown> | undefined {
  const reference = payment.reference;
  if (reference === null) return undefined;
  const expiry = reference.finalDatetime.toISOString();
  return {
    entity: reference.entity,
    reference: reference.reference,
    amount: amountNumber(reference.amountMinor, payment.currency),
    expireDate: expiry,
    status: reference.status,
    ...(forWebhook ? { paymentEntity: reference.entity, expiryDate: expiry } : {}),
  };
}

/** The token a status answer or webhook shows: the stored card, or the MB WAY alias as QDOC's webhook example does. */
function tokenBlock(payment: EmulatedPayment): Record<string, unknown> | undefined {
  if (payment.token !== null) return { tokenType: payment.token.tokenType, value: payment.token.value };
  if (payment.mbway !== null) return { tokenType: 'MobilePhone', value: payment.mbway.phone };
  return undefined;
}

export function paymentStatusBody(payment: EmulatedPayment, settings: SibsEmulatorSettings, acsBaseUrl: string, forWebhook = false): Record<string, unknown> {
  const action = payment.paymentStatus === 'Partial' ? actionResponse(payment, acsBaseUrl) : undefined;
  const reference = paymentReferenceBlock(payment, forWebhook);
  const token = tokenBlock(payment);
  return {
    returnStatus: paymentReturnStatus(payment),
    paymentStatus: payment.paymentStatus,
    paymentMethod: reportedMethod(payment),
    transactionID: payment.transactionId,
    transactionDateTime: (payment.paidAt ?? payment.createdAt).toISOString(),
    amount: statusAmount(payment.amountMinor, payment.currency, settings),
    merchant: statusMerchant(payment, payment.merchantTransactionId, settings),
    paymentType: payment.paymentType,
    ...(token === undefined ? {} : { token }),
    ...(reference === undefined ? {} : { paymentReference: reference }),
    ...(payment.merchantInitiated === null
      ? {}
      : { merchantInitiatedTransaction: { type: payment.merchantInitiated.type }, originalTransaction: { id: payment.merchantInitiated.citTransactionId } }),
    ...(action === undefined ? {} : { actionResponse: action }),
  };
}

/** A mandate as inquiry, list and webhooks show it (FNX's key names; §4). */
export function mandateBlock(mandate: EmulatedMandate): Record<string, unknown> {
  return {
    mandateId: mandate.mandateId,
    mandateType: mandate.mandateType,
    mandateStatus: mandate.status,
    aliasMBWAY: mandate.aliasMBWAY,
    customerName: mandate.customerName,
    transactionId: mandate.transactionId,
    ...(mandate.expiresAt === null ? {} : { mandateExpirationDate: mandate.expiresAt.toISOString() }),
    ...(mandate.limitMinor === null || mandate.currency === null ? {} : { amountLimit: amountNumber(mandate.limitMinor, mandate.currency) }),
  };
}

export function operationStatusBody(operation: EmulatedOperation, payment: EmulatedPayment, settings: SibsEmulatorSettings): Record<string, unknown> {
  return {
    returnStatus: okStatus(),
    paymentStatus: operation.paymentStatus,
    paymentMethod: 'CARD',
    transactionID: operation.transactionId,
    transactionDateTime: operation.at.toISOString(),
    amount: statusAmount(operation.amountMinor, operation.currency, settings),
    merchant: statusMerchant(payment, operation.merchantTransactionId, settings),
    paymentType: settings.operationPaymentTypes[operation.action],
    originalTransaction: { id: operation.parentId },
  };
}

/** Control-route view: amounts as decimal strings, the way the console's contract carries them. */
export function paymentView(payment: EmulatedPayment): Record<string, unknown> {
  const authorised = payment.paymentStatus === 'Success' ? payment.amountMinor : 0n;
  const captured = payment.paymentStatus !== 'Success' ? 0n : payment.paymentType === 'PURS' ? payment.amountMinor : payment.capturedMinor;
  const decimal = (minor: bigint) => formatDecimal(minor, payment.currency);
  return {
    transactionId: payment.transactionId,
    merchantTransactionId: payment.merchantTransactionId,
    terminalId: payment.terminalId,
    paymentType: payment.paymentType,
    paymentStatus: payment.paymentStatus,
    moto: payment.moto,
    method: reportedMethod(payment),
    offeredMethods: payment.offeredMethods,
    reference: payment.reference === null ? null : { entity: payment.reference.entity, reference: payment.reference.reference, status: payment.reference.status },
    mbwayPhone: payment.mbway?.phone ?? null,
    mandateId: payment.mandateId,
    citTransactionId: payment.merchantInitiated?.citTransactionId ?? null,
    tokenStatus: payment.tokenStatus,
    currency: payment.currency,
    amount: decimal(payment.amountMinor),
    authorised: decimal(authorised),
    captured: decimal(captured),
    refunded: decimal(payment.refundedMinor),
    cancelled: decimal(payment.cancelledMinor),
    createdAt: payment.createdAt.toISOString(),
    operations: payment.operations.map((operation) => ({
      transactionId: operation.transactionId,
      action: operation.action,
      merchantTransactionId: operation.merchantTransactionId,
      amount: decimal(operation.amountMinor),
      paymentStatus: operation.paymentStatus,
      at: operation.at.toISOString(),
    })),
  };
}

export function mandateView(mandate: EmulatedMandate): Record<string, unknown> {
  return {
    transactionId: mandate.transactionId,
    mandateId: mandate.mandateId,
    merchantTransactionId: mandate.merchantTransactionId,
    mandateType: mandate.mandateType,
    status: mandate.status,
    aliasMBWAY: mandate.aliasMBWAY,
    customerName: mandate.customerName,
    limit: mandate.limitMinor === null || mandate.currency === null ? null : formatDecimal(mandate.limitMinor, mandate.currency),
    currency: mandate.currency,
    expiresAt: mandate.expiresAt?.toISOString() ?? null,
    createdAt: mandate.createdAt.toISOString(),
  };
}
