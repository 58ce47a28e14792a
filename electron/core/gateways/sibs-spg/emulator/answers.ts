/** SIBS-shaped answers of the emulator (fact sheet §2–§6 shapes, §10 error layers). */
import { formatDecimal, toMajorNumber } from '../../../../../shared/money/money.ts';
import type { EmulatorResponse } from '../../types.ts';
import type { SibsReturnStatus } from '../wire.ts';
import type { EmulatedOperation, EmulatedPayment } from './payment-book.ts';
import type { SibsEmulatorSettings } from './settings.ts';

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

export function paymentStatusBody(payment: EmulatedPayment, settings: SibsEmulatorSettings, acsBaseUrl: string): Record<string, unknown> {
  const action = payment.paymentStatus === 'Partial' ? actionResponse(payment, acsBaseUrl) : undefined;
  return {
    returnStatus: paymentReturnStatus(payment),
    paymentStatus: payment.paymentStatus,
    paymentMethod: 'CARD',
    transactionID: payment.transactionId,
    transactionDateTime: (payment.paidAt ?? payment.createdAt).toISOString(),
    amount: statusAmount(payment.amountMinor, payment.currency, settings),
    merchant: statusMerchant(payment, payment.merchantTransactionId, settings),
    paymentType: payment.paymentType,
    ...(payment.token === null ? {} : { token: { tokenType: payment.token.tokenType, value: payment.token.value } }),
    ...(action === undefined ? {} : { actionResponse: action }),
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
