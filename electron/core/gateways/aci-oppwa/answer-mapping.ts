/** Readings of OPPWA answers shared by the adapter's verbs and the webhook parser. */
import type { CardBrand } from '../../../../shared/domain/schemas.ts';
import { fromMajor } from '../../../../shared/money/money.ts';
import type { PendingAction, StoredTokenResult } from '../types.ts';
import type { OppwaCardOutput, OppwaPayment, OppwaRedirect } from './wire.ts';

/** `paymentBrand` values for our card brands (fact sheet §2). */
export const PAYMENT_BRAND_OF: Readonly<Record<Exclude<CardBrand, 'unknown'>, string>> = {
  visa: 'VISA',
  mastercard: 'MASTER',
  amex: 'AMEX',
  maestro: 'MAESTRO',
  discover: 'DISCOVER',
  diners: 'DINERS',
  jcb: 'JCB',
  unionpay: 'UNIONPAY',
};

export function cardBrandOf(paymentBrand: string | undefined): CardBrand {
  const found = Object.entries(PAYMENT_BRAND_OF).find(([, wire]) => wire === paymentBrand);
  return found === undefined ? 'unknown' : (found[0] as CardBrand);
}

export function pendingActionOf(redirect: OppwaRedirect | undefined): PendingAction | null {
  if (redirect === undefined) return null;
  return {
    id: null,
    type: 'REDIRECT',
    url: redirect.url,
    method: (redirect.method ?? 'POST').toUpperCase(),
    parameters: (redirect.parameters ?? []).map(({ name, value }) => ({ name, value })),
    message: 'The cardholder must complete 3-D Secure at the card issuer; the payment completes when they return',
  };
}

function monthOf(card: OppwaCardOutput | undefined): number | null {
  const month = Number(card?.expiryMonth);
  return Number.isInteger(month) && month >= 1 && month <= 12 ? month : null;
}

function yearOf(card: OppwaCardOutput | undefined): number | null {
  const year = Number(card?.expiryYear);
  return Number.isInteger(year) && year >= 2000 ? year : null;
}

export function tokenOfRegistration(registrationId: string, payment: Pick<OppwaPayment, 'paymentBrand' | 'card'>): StoredTokenResult {
  return {
    value: registrationId,
    brand: cardBrandOf(payment.paymentBrand),
    last4: payment.card?.last4Digits ?? null,
    expiryMonth: monthOf(payment.card),
    expiryYear: yearOf(payment.card),
  };
}

/** What `checkEcho` compares; absent fields are not compared. */
export type OppwaEcho = Partial<Record<'id' | 'merchantTransactionId' | 'paymentType' | 'amount' | 'currency' | 'referencedId' | 'registrationId', string | undefined>>;

/**
 * What an answer echoes of its request (fact sheet §2, §3: merchantTransactionId, paymentType,
 * amount and currency; referencedId on CP/RV answers; registrationId on registration payments),
 * amounts in minor units so that "92.00" and "92.0" are one amount. An amount that cannot be read
 * is kept as its text, which no minor-unit amount equals.
 */
export function echoOf(payment: OppwaPayment, requestCurrency: string): OppwaEcho {
  let amount = payment.amount;
  if (amount !== undefined) {
    try {
      amount = fromMajor(amount, payment.currency ?? requestCurrency).toString();
    } catch {
      // kept as sent: it differs from what was asked
    }
  }
  return {
    id: payment.id,
    merchantTransactionId: payment.merchantTransactionId,
    paymentType: payment.paymentType,
    amount,
    currency: payment.currency,
    referencedId: payment.referencedId,
    registrationId: payment.registrationId,
  };
}

export function amountMinorOf(payment: Pick<OppwaPayment, 'amount' | 'currency'>): bigint | null {
  if (payment.amount === undefined || payment.currency === undefined) return null;
  try {
    return fromMajor(payment.amount, payment.currency);
  } catch {
    return null;
  }
}
