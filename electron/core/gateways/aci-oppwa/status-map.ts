/**
 * From a classified result code and the transaction's paymentType to our statuses and outcomes.
 * The group decides the outcome; the paymentType decides what a success means for the base
 * payment (a PA is authorised, a DB captured). A code no group claims is never guessed: it is an
 * UnexpectedGatewayResponseError and the payment lands in needs review.
 */
import type { OperationKind, PaymentStatus } from '../../../../shared/domain/schemas.ts';
import { ConnectionError, UnexpectedGatewayResponseError } from '../../errors.ts';
import type { OperationResult, PaymentResult } from '../types.ts';
import { classifyResultCode, type ResultCodeClass } from './result-codes.ts';

export interface OppwaPaymentMapping {
  readonly status: PaymentStatus;
  readonly outcome: PaymentResult['outcome'];
  /** OPPWA will not change this transaction any more. */
  readonly final: boolean;
}

/**
 * Single codes whose meaning is narrower than their group's:
 *  - 000.400.030 "partially failed, reverse manually" is filed under communication rejections, but
 *    money may have moved and a person must reverse it;
 *  - 100.396.103 "previously pending transaction timed out" is the end of an open session: expired.
 */
const CODE_OVERRIDES: Readonly<Record<string, OppwaPaymentMapping>> = {
  '000.400.030': { status: 'needs_review', outcome: 'succeeded', final: true },
  '100.396.103': { status: 'expired', outcome: 'failed', final: true },
};

/**
 * 900.100.300 "timeout, uncertain result" (fact sheet §7): OPPWA itself does not know whether the
 * acquirer acted. It is filed under communication rejections, but no reading of it — answer,
 * lookup or webhook — may conclude that nothing moved; a person checks with the acquirer.
 */
const UNCERTAIN_CODES: ReadonlySet<string> = new Set(['900.100.300']);

export function classifyOrThrow(code: string, description: string | undefined): ResultCodeClass {
  if (UNCERTAIN_CODES.has(code)) {
    throw new UnexpectedGatewayResponseError(`OPPWA answered ${code}${description ? ` (${description})` : ''}: the acquirer's outcome is uncertain and must be checked`, code);
  }
  const found = classifyResultCode(code);
  if (found === null) throw new UnexpectedGatewayResponseError(`OPPWA answered result code ${code}${description ? ` (${description})` : ''}, which no documented group matches`, code);
  return found;
}

/**
 * The answer to a call that moves money, before it is read as an outcome. A communication or
 * system rejection (900.*, 999.*, 800.5/800.6, 600.1, 800.800.[84]) arises while OPPWA talks to
 * the acquirer, who may have acted all the same (900.100.300 says so in as many words): the
 * outcome is unknown and the operation is looked up by its merchantTransactionId, whose record is
 * then what decides.
 *
 * 800.120.100 "Rejected by Throttling." is not one of them: OPPWA's own risk validation refused the
 * transaction before it reached the acquirer, and the published list files it under "rejections
 * due to risk validation" of rejected transactions (fact sheet §7 risk_validation, CONFIRMED by
 * the Westpay, SIBS and pagreunii copies of /v1/resultcodes; developers.primeiropay.com/result-codes
 * groups it the same way). It stays the decline OPPWA records, so that a later status call or
 * lookup, which reads the same record, agrees with the journal. An HTTP 429 is another matter
 * (http-answer.ts): its body is undocumented (§5.2) and the outcome is unknown.
 */
export function requireSettledAnswer(code: string, description: string | undefined, what: string): void {
  const detail = `${code}${description ? ` (${description})` : ''}`;
  if (CODE_OVERRIDES[code] !== undefined) return;
  if (classifyOrThrow(code, description).outcome === 'failed') throw new ConnectionError(`OPPWA ${what}: ${detail}; the outcome is unknown until the operation is looked up`);
}

/**
 * Codes by which OPPWA says it processed the request and money moved or is under way: the success
 * and review groups, an open session (000.200), and 000.400.030 (money may have moved). §5.4 and
 * the emulator notes (§11) pair them with HTTP 200; `800.400.5*`/`100.400.500` (pending_long) are
 * left out, being "denied for now" rejections that come with a 400.
 */
export function claimsProcessed(code: string): boolean {
  if (CODE_OVERRIDES[code]?.outcome === 'succeeded') return true;
  const outcome = classifyResultCode(code)?.outcome;
  return outcome === 'succeeded' || outcome === 'needs_review' || outcome === 'pending';
}

/** The base payment (PA, DB, an MIT on a registration): what the console shows for it. */
export function mapPaymentCode(code: string, description: string | undefined, paymentType: string, hasRedirect: boolean): OppwaPaymentMapping {
  const override = CODE_OVERRIDES[code];
  if (override !== undefined) return override;
  const found = classifyOrThrow(code, description);
  const authorisation = paymentType === 'PA';
  switch (found.outcome) {
    case 'succeeded':
      return { status: authorisation ? 'authorized' : 'captured', outcome: 'succeeded', final: true };
    case 'needs_review':
      // The transaction went through but OPPWA asks for a manual check (fraud suspicion, AVS, CVV).
      return { status: 'needs_review', outcome: 'succeeded', final: true };
    case 'pending':
      return { status: hasRedirect ? 'requires_action' : 'pending', outcome: 'pending', final: false };
    case 'pending_long':
      return { status: 'pending', outcome: 'pending', final: false };
    case 'declined':
      return { status: 'declined', outcome: 'declined', final: true };
    case 'failed':
      return { status: 'failed', outcome: 'failed', final: true };
    case 'invalid':
    case 'chargeback':
      throw new UnexpectedGatewayResponseError(`OPPWA answered ${found.group} code ${code} for a ${paymentType} payment`, code);
  }
}

/** A back-office operation (CP, RF, RV, RB): did it move money? */
export function mapOperationCode(code: string, description: string | undefined): OperationResult['outcome'] {
  const override = CODE_OVERRIDES[code];
  if (override !== undefined) return override.outcome;
  const found = classifyOrThrow(code, description);
  switch (found.outcome) {
    case 'succeeded':
    case 'needs_review':
      return 'succeeded';
    case 'pending':
    case 'pending_long':
      return 'pending';
    case 'declined':
      return 'declined';
    case 'failed':
      return 'failed';
    case 'invalid':
    case 'chargeback':
      throw new UnexpectedGatewayResponseError(`OPPWA answered ${found.group} code ${code} for a back-office operation`, code);
  }
}

/** Chargebacks are booked by the platform with 000.100.2xx; a CB carrying a success code is read the same way. */
export function chargebackBooked(code: string): boolean {
  const found = classifyResultCode(code);
  return found !== null && (found.outcome === 'chargeback' || found.outcome === 'succeeded');
}

type OperationKindOnWire = Extract<OperationKind, 'capture' | 'refund' | 'void' | 'rebill' | 'chargeback' | 'chargeback_reversal'>;

export const OPERATION_KIND_OF_TYPE: Readonly<Record<string, OperationKindOnWire>> = {
  CP: 'capture',
  RF: 'refund',
  RV: 'void',
  RB: 'rebill',
  CB: 'chargeback',
  CR: 'chargeback_reversal',
};

/** What `paymentType` a journal operation became on the wire, to find it again by merchantTransactionId. */
export function wireTypesOf(kind: OperationKind, paymentKind: 'sale' | 'auth'): readonly string[] {
  switch (kind) {
    case 'purchase':
      return ['DB'];
    case 'authorize':
      return ['PA'];
    case 'mit':
      return paymentKind === 'auth' ? ['PA'] : ['DB'];
    case 'capture':
      return ['CP'];
    case 'refund':
      return ['RF'];
    case 'void':
      return ['RV'];
    case 'rebill':
      return ['RB'];
    case 'chargeback':
      return ['CB'];
    case 'chargeback_reversal':
      return ['CR'];
    case 'installment':
      // OPPWA runs no instalment schedules of its own.
      return [];
  }
}
