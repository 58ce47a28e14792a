/**
 * The shapes of the emulator's answers (fact sheet §2, §5.4, §9): a transaction as OPPWA shows
 * it, the envelope fields every answer carries, and the error bodies.
 */
import { createHash, randomBytes } from 'node:crypto';
import { formatDecimal } from '../../../../../shared/money/money.ts';
import type { EmulatorResponse } from '../../types.ts';
import { describeCode } from './code-catalogue.ts';
import { stateOf, type EmulatedRegistration, type EmulatedTransaction } from './transaction-book.ts';
import { oppwaTimestamp, type ParameterError } from './wire-format.ts';

/** A stable build of this emulator: 40 hex of its own name. */
const BUILD_HASH = createHash('sha1').update('payments-console aci-oppwa emulator').digest('hex');
const BUILD_DATE = '2024-10-21 15:02:36 +0000';
const CHANNEL_NAME = 'SandboxChannel';

/** `buildNumber`, `timestamp`, `ndc` (§9): `<40hex>@date`, `YYYY-MM-DD HH:MM:SS+0000`, `<entityId>_<32hex>`. */
export function envelope(entityId: string | null, at: Date): { buildNumber: string; timestamp: string; ndc: string } {
  return { buildNumber: `${BUILD_HASH}@${BUILD_DATE}`, timestamp: oppwaTimestamp(at), ndc: `${entityId ?? '0'.repeat(32)}_${randomBytes(16).toString('hex')}` };
}

export function result(code: string, description = describeCode(code), parameterErrors?: ParameterError[]): Record<string, unknown> {
  return { code, description, ...(parameterErrors === undefined ? {} : { parameterErrors }) };
}

export function amountText(minor: bigint, currency: string): string {
  return formatDecimal(minor, currency);
}

export interface RedirectTarget {
  readonly acsUrl: string;
}

/** A transaction as `POST /v1/payments`, status and query calls, and webhooks show it. */
export function transactionView(transaction: EmulatedTransaction, target: RedirectTarget | null): Record<string, unknown> {
  const state = stateOf(transaction);
  // Declines keep id, paymentType, paymentBrand, card and result, and drop amount and descriptor (§9).
  const money =
    state !== 'rejected' && transaction.amountMinor !== null && transaction.currency !== null
      ? { amount: amountText(transaction.amountMinor, transaction.currency), currency: transaction.currency, descriptor: `${transaction.shortId} ${CHANNEL_NAME} ` }
      : transaction.currency === null
        ? {}
        : { currency: transaction.currency };
  const session = transaction.threeDS;
  return {
    id: transaction.id,
    paymentType: transaction.paymentType,
    ...(transaction.paymentBrand === null ? {} : { paymentBrand: transaction.paymentBrand }),
    ...money,
    ...(transaction.merchantTransactionId === null ? {} : { merchantTransactionId: transaction.merchantTransactionId }),
    ...(transaction.referencedId === null ? {} : { referencedId: transaction.referencedId }),
    ...(transaction.registrationId === null ? {} : { registrationId: transaction.registrationId }),
    result: result(transaction.code, transaction.description),
    resultDetails: { ExtendedDescription: transaction.description, AcquirerResponse: state === 'rejected' ? '05' : '00', ConnectorTxID1: transaction.shortId },
    ...(transaction.card === null ? {} : { card: { ...transaction.card, ...(transaction.card.holder === null ? { holder: undefined } : {}) } }),
    ...(session !== null && state === 'pending' && target !== null
      ? {
          redirect: {
            url: target.acsUrl,
            method: 'POST',
            parameters: [
              { name: 'TermUrl', value: session.shopperResultUrl },
              { name: 'PaReq', value: session.paReq },
              { name: 'MD', value: session.sessionId },
            ],
          },
        }
      : {}),
    ...(Object.keys(transaction.customParameters).length === 0 ? {} : { customParameters: transaction.customParameters }),
    ...(transaction.standingInstruction === null ? {} : { standingInstruction: transaction.standingInstruction }),
    risk: { score: '0' },
    ...envelope(transaction.entityId, transaction.updatedAt),
    source: 'OPP',
    paymentMethod: 'CC',
    shortId: transaction.shortId,
  };
}

export function registrationView(registration: EmulatedRegistration, code: string, at: Date): Record<string, unknown> {
  return {
    id: registration.id,
    result: result(code),
    paymentBrand: registration.paymentBrand,
    card: { ...registration.card, ...(registration.card.holder === null ? { holder: undefined } : {}) },
    risk: { score: '0' },
    ...envelope(registration.entityId, at),
  };
}

export function answer(status: number, body: Record<string, unknown>): EmulatorResponse {
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8' }, body };
}

/** HTTP 400, `200.300.404`, no id (§5.4). */
export function parameterErrorAnswer(entityId: string | null, errors: ParameterError[], at: Date): EmulatorResponse {
  return answer(400, { result: result('200.300.404', 'invalid or missing parameter', errors), ...envelope(entityId, at) });
}

/** A refusal that creates no transaction (unknown reference, registration errors, queries without match). */
export function codeAnswer(status: number, code: string, entityId: string | null, at: Date): EmulatorResponse {
  return answer(status, { result: result(code), ...envelope(entityId, at) });
}

/** 401/403 answers. Their body is not documented, so it names no result code. */
export function unauthorized(status: 401 | 403 | 400, message: string, at: Date): EmulatorResponse {
  return answer(status, { error: { message }, ...envelope(null, at) });
}
