/**
 * A payment made outside the console (the back office, a web shop on the same entity), as OPPWA
 * describes it (§2 shape from `GET /v1/payments/{id}` or `/v1/query`), turned into what the
 * console imports. Only a base payment (PA or DB) is imported; its captures, refunds and reversals
 * follow through sync and webhooks once it is in the ledger.
 */
import { checkEcho, DeserializationError, ValidationError } from '../../errors.ts';
import type { FetchedTransaction, GatewayData } from '../types.ts';
import { amountMinorOf, cardBrandOf } from './answer-mapping.ts';
import { mapPaymentCode } from './status-map.ts';
import { parseOppwaTimestamp, type OppwaPayment } from './wire.ts';

export const IMPORTABLE_PAYMENT_TYPES: readonly string[] = ['PA', 'DB'];

export interface ImportReference {
  readonly gatewayTransactionId?: string | undefined;
  readonly merchantReference?: string | undefined;
}

function cardOf(payment: OppwaPayment): FetchedTransaction['card'] {
  const card = payment.card;
  const expiryMonth = Number(card?.expiryMonth);
  const expiryYear = Number(card?.expiryYear);
  if (card?.bin === undefined || card.last4Digits === undefined || !Number.isInteger(expiryMonth) || !Number.isInteger(expiryYear)) return null;
  return { brand: cardBrandOf(payment.paymentBrand), bin: card.bin, last4: card.last4Digits, expiryMonth, expiryYear, holder: card.holder ?? '' };
}

function emailOf(payment: OppwaPayment): string | null {
  const customer: unknown = payment['customer'];
  if (customer === null || typeof customer !== 'object') return null;
  const email: unknown = (customer as { email?: unknown }).email;
  return typeof email === 'string' && email !== '' ? email : null;
}

export function importedTransactionOf(payment: OppwaPayment, reference: ImportReference, now: Date): FetchedTransaction {
  checkEcho('OPPWA import', { id: reference.gatewayTransactionId, merchantTransactionId: reference.merchantReference }, { id: payment.id, merchantTransactionId: payment.merchantTransactionId }, payment.result.code);
  if (payment.id === undefined) throw new DeserializationError('OPPWA import: the transaction has no id');
  const paymentType = payment.paymentType ?? '';
  if (!IMPORTABLE_PAYMENT_TYPES.includes(paymentType)) {
    const referenced = payment.referencedId === undefined ? '' : `; import the payment it references, ${payment.referencedId}`;
    throw new ValidationError(`OPPWA transaction ${payment.id} is a ${paymentType || 'transaction of unknown type'}, not a card payment (PA or DB)${referenced}`, {
      gatewayTransactionId: 'Give the id of a PA or DB payment',
    });
  }
  // Declines drop amount and currency (§9): without them the ledger cannot hold the payment.
  const amountMinor = amountMinorOf(payment);
  if (amountMinor === null || payment.currency === undefined) throw new DeserializationError(`OPPWA import: transaction ${payment.id} (${payment.result.code}) has no readable amount and currency`);
  const mapped = mapPaymentCode(payment.result.code, payment.result.description, paymentType, payment.redirect !== undefined);
  const gatewayData: GatewayData = { paymentType };
  if (payment.registrationId !== undefined) {
    // A card stored by this payment is charged later with both ids (§4), as after a console-made CIT.
    gatewayData['registrationId'] = payment.registrationId;
    gatewayData['initialTransactionId'] = payment.id;
  }
  return {
    gatewayTransactionId: payment.id,
    merchantReference: payment.merchantTransactionId ?? payment.id,
    kind: paymentType === 'PA' ? 'auth' : 'sale',
    method: 'card',
    outcome: mapped.outcome,
    amountMinor,
    currency: payment.currency,
    card: cardOf(payment),
    customerEmail: emailOf(payment),
    createdAt: parseOppwaTimestamp(payment.timestamp) ?? now,
    gatewayCode: payment.result.code,
    gatewayMessage: payment.result.description ?? null,
    gatewayData,
  };
}
