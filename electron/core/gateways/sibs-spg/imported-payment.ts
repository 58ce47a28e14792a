/**
 * A payment made outside the console (SIBS Backoffice, a website's hosted form) as the status
 * envelope describes it (fact sheet §5, QDOC C.1), for importing it. The status call answers for
 * payments and for back-office operations alike; only a payment can be imported.
 */
import type { PaymentKind } from '../../../../shared/domain/schemas.ts';
import { fromMajor } from '../../../../shared/money/money.ts';
import { DeserializationError, UnexpectedGatewayResponseError, ValidationError } from '../../errors.ts';
import type { FetchedTransaction, GatewayData } from '../types.ts';
import { gatewayMessageOf } from './answer-mapping.ts';
import { mapPaymentStatus } from './status-map.ts';
import { merchantReferenceOf, type SibsPaymentType, type SibsStatusResponse } from './wire.ts';

/**
 * `paymentType` of payments. PREF is what SIBS reports on reference payments (FNX, fact sheet §2):
 * a purchase. Any other code is a back-office operation's (their codes are unknown, §6/§11).
 */
const PAYMENT_KINDS: Readonly<Record<string, { readonly kind: PaymentKind; readonly paymentType: SibsPaymentType }>> = {
  PURS: { kind: 'sale', paymentType: 'PURS' },
  PREF: { kind: 'sale', paymentType: 'PURS' },
  AUTH: { kind: 'auth', paymentType: 'AUTH' },
};

/** `paymentMethod` as answers label it (§4: a mandate collection is labelled MANDATE). */
const METHODS: Readonly<Record<string, string>> = {
  CARD: 'card',
  MBWAY: 'mbway',
  REFERENCE: 'multibanco',
  MANDATE: 'mandate',
};

export function importedPaymentOf(body: SibsStatusResponse, requestedId: string | null, now: Date): FetchedTransaction {
  const code = body.returnStatus.statusCode;
  const transactionId = body.transactionID ?? requestedId;
  if (transactionId === null) throw new DeserializationError('SIBS import: the status answer names no transactionID');
  const kind = body.paymentType === undefined ? undefined : PAYMENT_KINDS[body.paymentType];
  if (kind === undefined) {
    // An operation's status names the payment it was made on (§8); that payment is what can be imported.
    const original = body.originalTransaction?.id;
    if (body.paymentType !== undefined && original !== undefined && body.merchantInitiatedTransaction === undefined) {
      throw new ValidationError(`SIBS transaction ${transactionId} is a ${body.paymentType} operation on ${original}; import ${original} instead`, {
        gatewayTransactionId: `An operation on ${original}, not a payment`,
      });
    }
    throw new UnexpectedGatewayResponseError(`SIBS import: paymentType ${body.paymentType ?? '(none)'} does not say whether ${transactionId} is a purchase or an authorisation`, code);
  }
  const merchantReference = merchantReferenceOf(body.merchant);
  if (merchantReference === null) throw new DeserializationError(`SIBS import: the status answer for ${transactionId} names no merchant transaction id`);
  if (body.amount === undefined) throw new DeserializationError(`SIBS import: the status answer for ${transactionId} has no amount`);
  let amountMinor: bigint;
  try {
    amountMinor = fromMajor(body.amount.value, body.amount.currency);
  } catch (error) {
    throw new DeserializationError(`SIBS import: ${String(body.amount.value)} is not an amount in ${body.amount.currency}`, { cause: error });
  }
  const method = body.paymentMethod === undefined ? undefined : METHODS[body.paymentMethod];
  if (method === undefined) throw new UnexpectedGatewayResponseError(`SIBS import: unknown paymentMethod ${body.paymentMethod ?? '(none)'} on ${transactionId}`, code);
  const occurredAt = body.transactionDateTime === undefined ? null : new Date(body.transactionDateTime);
  const createdAt = occurredAt === null || Number.isNaN(occurredAt.getTime()) ? now : occurredAt;
  // What later calls need: the kind of payment, and the date-time back-office calls send as
  // originalTransaction.datetime (§6). The checkout's signature is not in any status answer, so
  // an imported payment cannot be continued through 3-D Secure from here.
  const gatewayData: GatewayData = { paymentType: kind.paymentType, transactionTimestamp: createdAt.toISOString() };
  return {
    gatewayTransactionId: transactionId,
    merchantReference,
    kind: kind.kind,
    method,
    outcome: mapPaymentStatus(body.paymentStatus, kind.paymentType).outcome,
    amountMinor,
    currency: body.amount.currency,
    // The status envelope carries no card details (at most a token value, §5/§7).
    card: null,
    customerEmail: null,
    createdAt,
    gatewayCode: code,
    gatewayMessage: gatewayMessageOf(body.returnStatus, body.paymentStatus),
    gatewayData,
  };
}
