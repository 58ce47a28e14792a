/**
 * From an EXECCODE to our statuses and outcomes, through the table in execcodes.ts. The
 * operation type decides what a success means for the base payment (`payment` is captured,
 * `authorization` authorised). Request, credential and platform codes are typed errors, never a
 * status; a code the table does not know is an UnexpectedGatewayResponseError (needs review).
 */
import type { PaymentStatus } from '../../../../shared/domain/schemas.ts';
import { AuthenticationError, ConnectionError, InvalidRequestError, RateLimitedError, UnexpectedGatewayResponseError } from '../../errors.ts';
import type { OperationResult, PaymentResult } from '../types.ts';
import { execCodeEntry, type Be2billExecCode } from './execcodes.ts';

export interface Be2billPaymentMapping {
  readonly status: PaymentStatus;
  readonly outcome: PaymentResult['outcome'];
  /** Be2bill will not change this transaction any more. */
  readonly final: boolean;
}

function describe(code: string, message: string | undefined): string {
  const text = message?.trim();
  return text ? `EXECCODE ${code} (${text})` : `EXECCODE ${code}`;
}

export function execCodeOrThrow(code: string, message: string | undefined): Be2billExecCode {
  const found = execCodeEntry(code);
  if (found === null) throw new UnexpectedGatewayResponseError(`Be2bill answered ${describe(code, message)}, which is not in the documented table`, code);
  return found;
}

/**
 * Codes that are not about the transaction: the request was malformed, the account refused, or
 * the platform could not say. Throws for those; returns for codes that describe a transaction.
 */
export function throwForNonTransactionCode(entry: Be2billExecCode, message: string | undefined, what: string): void {
  const detail = `Be2bill ${what}: ${describe(entry.code, message)}`;
  switch (entry.handling) {
    case 'invalid-request':
      throw new InvalidRequestError(detail, entry.code);
    case 'authentication':
      throw new AuthenticationError(`${detail}; check the identifier, the password and the account`);
    case 'failover':
    case 'unknown-outcome':
      throw new ConnectionError(`${detail}; the outcome is unknown until the transaction is looked up`);
    case 'rate-limited':
      throw new RateLimitedError(`${detail}; the outcome is unknown until the transaction is looked up`);
    default:
      return;
  }
}

export function isSaleOperation(operationType: string | undefined): boolean {
  return operationType !== 'authorization';
}

/** A payment, an authorization or an N-times payment as answered or as listed. */
export function mapPaymentExecCode(code: string, message: string | undefined, operationType: string | undefined, what: string): Be2billPaymentMapping {
  const entry = execCodeOrThrow(code, message);
  throwForNonTransactionCode(entry, message, what);
  return paymentMappingOf(entry, operationType);
}

function paymentMappingOf(entry: Be2billExecCode, operationType: string | undefined): Be2billPaymentMapping {
  switch (entry.handling) {
    case 'succeeded':
      return { status: isSaleOperation(operationType) ? 'captured' : 'authorized', outcome: 'succeeded', final: true };
    case 'threeds':
    case 'redirect':
      return { status: 'requires_action', outcome: 'pending', final: false };
    case 'pending':
      return { status: 'pending', outcome: 'pending', final: false };
    case 'declined':
    case 'rate-limited':
      // On a stored row the throttled request is a refusal the platform recorded.
      return { status: 'declined', outcome: 'declined', final: true };
    case 'expired':
      return { status: 'expired', outcome: 'failed', final: true };
    case 'reference-refusal':
    case 'failed':
      return { status: 'failed', outcome: 'failed', final: true };
    default:
      // A request or platform code stored on a transaction row: it never went through.
      return { status: 'failed', outcome: 'failed', final: true };
  }
}

/**
 * A transaction as a lookup or a notification reports it, after the fact: request and platform
 * codes on a stored row mean it did not go through, so they map instead of throwing.
 */
export function mapStoredPaymentExecCode(code: string, message: string | undefined, operationType: string | undefined): Be2billPaymentMapping {
  return paymentMappingOf(execCodeOrThrow(code, message), operationType);
}

/** A capture, a refund or a stopntimes: did it happen? Reference refusals (2xxx) are declines. */
export function mapOperationExecCode(code: string, message: string | undefined, what: string): OperationResult['outcome'] {
  const entry = execCodeOrThrow(code, message);
  throwForNonTransactionCode(entry, message, what);
  return operationOutcomeOf(entry);
}

export function mapStoredOperationExecCode(code: string, message: string | undefined): OperationResult['outcome'] {
  return operationOutcomeOf(execCodeOrThrow(code, message));
}

function operationOutcomeOf(entry: Be2billExecCode): OperationResult['outcome'] {
  switch (entry.handling) {
    case 'succeeded':
      return 'succeeded';
    case 'threeds':
    case 'redirect':
    case 'pending':
      return 'pending';
    case 'declined':
    case 'reference-refusal':
    case 'rate-limited':
      return 'declined';
    default:
      return 'failed';
  }
}
