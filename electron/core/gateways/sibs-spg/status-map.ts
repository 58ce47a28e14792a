/**
 * Explicit tables from SIBS statuses to ours. SIBS answers in two layers (QDOC C.5.1):
 * `returnStatus.statusCode` says whether the REQUEST was processed, `paymentStatus` says what
 * happened to the PAYMENT. "000" + Declined is a decline and seed 001's "999" + Timeout is a
 * timed-out payment, so the outcome is always read from `paymentStatus` when there is one.
 */
import type { PaymentStatus } from '../../../../shared/domain/schemas.ts';
import { UnexpectedGatewayResponseError } from '../../errors.ts';
import type { MandateStatus, PaymentResult } from '../types.ts';
import { SIBS_PAYMENT_STATUSES, type SibsPaymentStatus, type SibsPaymentType } from './wire.ts';

type Outcome = PaymentResult['outcome'];

export interface SibsPaymentMapping {
  readonly status: PaymentStatus;
  readonly outcome: Outcome;
  /** SIBS will not change this status any more (QDOC C.4). */
  readonly final: boolean;
}

function row(status: PaymentStatus, outcome: Outcome, final: boolean): SibsPaymentMapping {
  return { status, outcome, final };
}

/**
 * Timeout is terminal at SIBS: the payer (an MB WAY request nobody approved, seed 001) or the
 * acquirer did not answer in time and nothing moved. That is our `expired`, as Expired is (SIBS
 * says either when a Multibanco reference runs out), and as Be2bill's "transaction expired" is:
 * not a failure the operator should retry blindly, and not our `unknown`.
 */
export const SIBS_PAYMENT_STATUS_TABLE: Readonly<Record<SibsPaymentStatus, Readonly<Record<SibsPaymentType, SibsPaymentMapping>>>> = {
  Success: { PURS: row('captured', 'succeeded', true), AUTH: row('authorized', 'succeeded', true) },
  Pending: { PURS: row('pending', 'pending', false), AUTH: row('pending', 'pending', false) },
  InProcessing: { PURS: row('pending', 'pending', false), AUTH: row('pending', 'pending', false) },
  Partial: { PURS: row('requires_action', 'pending', false), AUTH: row('requires_action', 'pending', false) },
  Declined: { PURS: row('declined', 'declined', true), AUTH: row('declined', 'declined', true) },
  Error: { PURS: row('failed', 'failed', true), AUTH: row('failed', 'failed', true) },
  Timeout: { PURS: row('expired', 'failed', true), AUTH: row('expired', 'failed', true) },
  Expired: { PURS: row('expired', 'failed', true), AUTH: row('expired', 'failed', true) },
};

/**
 * Back-office operations (capture, refund, cancellation). Partial and Expired have no meaning for
 * them, so those are left out and land in needs review like any unknown value.
 */
export const SIBS_OPERATION_STATUS_TABLE: Readonly<Partial<Record<SibsPaymentStatus, Outcome>>> = {
  Success: 'succeeded',
  Pending: 'pending',
  InProcessing: 'pending',
  Declined: 'declined',
  Error: 'failed',
  Timeout: 'failed',
};

export function isSibsPaymentStatus(value: string): value is SibsPaymentStatus {
  return (SIBS_PAYMENT_STATUSES as readonly string[]).includes(value);
}

/** `paymentType` is the one we asked for: SIBS's echo is optional and has extra codes (PREF). */
export function mapPaymentStatus(paymentStatus: string, paymentType: SibsPaymentType): SibsPaymentMapping {
  if (!isSibsPaymentStatus(paymentStatus)) {
    throw new UnexpectedGatewayResponseError(`SIBS answered an unknown paymentStatus "${paymentStatus}"`, paymentStatus);
  }
  return SIBS_PAYMENT_STATUS_TABLE[paymentStatus][paymentType];
}

export function mapOperationStatus(paymentStatus: string): Outcome {
  const outcome = isSibsPaymentStatus(paymentStatus) ? SIBS_OPERATION_STATUS_TABLE[paymentStatus] : undefined;
  if (outcome === undefined) {
    throw new UnexpectedGatewayResponseError(`SIBS answered paymentStatus "${paymentStatus}" for a back-office operation`, paymentStatus);
  }
  return outcome;
}

/**
 * What a `returnStatus.statusCode` says about the request (QDOC C.5.2). Only used when the
 * answer has no `paymentStatus`, or on an HTTP error.
 *  - ok: "000", processed;
 *  - validation: E-codes such as E0101/E0002, fix the request, nothing moved;
 *  - decline: E0119, a business refusal, nothing moved;
 *  - technical: E0301, "transaction not found / processing error";
 *  - temporary: T-codes such as T9999, retry with backoff; 00.110.1601 ("pending/timeout", QDOC C.5.3);
 *  - other: anything else (dotted detail codes, seed 001's "999"): meaningless without paymentStatus.
 */
export type SibsReturnCategory = 'ok' | 'validation' | 'decline' | 'technical' | 'temporary' | 'other';

const RETURN_CODE_TABLE: Readonly<Record<string, SibsReturnCategory>> = {
  '000': 'ok',
  E0101: 'validation',
  E0002: 'validation',
  E0119: 'decline',
  E0301: 'technical',
  T9999: 'temporary',
  '00.110.1601': 'temporary',
};

export function returnStatusCategory(statusCode: string): SibsReturnCategory {
  const listed = RETURN_CODE_TABLE[statusCode];
  if (listed !== undefined) return listed;
  if (/^E\d{4}$/.test(statusCode)) return 'validation';
  if (/^T\d{4}$/.test(statusCode)) return 'temporary';
  return 'other';
}

/**
 * MB WAY mandate statuses. Only `ACTV` is documented (QDOC D.2.1.3); the four-letter codes
 * beside it are our reading of the same style, and FNX's names for the states (ACTIVE,
 * WAITING_AUTHORIZATION, CANCELED, EXPIRED, NOT_AUTHORIZED…) are read as well. SUSPENDED and
 * TRANSFERRED have no state of ours and land in needs review like any unknown code.
 */
export const SIBS_MANDATE_STATUS_TABLE: Readonly<Record<string, MandateStatus>> = {
  ACTV: 'active',
  PEND: 'pending',
  CNCL: 'cancelled',
  EXPR: 'expired',
  RJCT: 'declined',
  NEW: 'pending',
  WAITING_AUTHORIZATION: 'pending',
  ACTIVE: 'active',
  CANCELED: 'cancelled',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
  NOT_AUTHORIZED: 'declined',
};

export function mapMandateStatus(mandateStatus: string): MandateStatus {
  const mapped = Object.hasOwn(SIBS_MANDATE_STATUS_TABLE, mandateStatus) ? SIBS_MANDATE_STATUS_TABLE[mandateStatus] : undefined;
  if (mapped === undefined) throw new UnexpectedGatewayResponseError(`SIBS answered an unknown mandateStatus "${mandateStatus}"`, mandateStatus);
  return mapped;
}
