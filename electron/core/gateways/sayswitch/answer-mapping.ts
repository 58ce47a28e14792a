/** Readings of Sayswitch answers shared by the adapter's verbs. */
import type { CardBrand } from '../../../../shared/domain/schemas.ts';
import { currency as currencyOf } from '../../../../shared/money/currencies.ts';
import { formatDecimal, fromMajor } from '../../../../shared/money/money.ts';
import { checkEcho } from '../../errors.ts';
import type { GatewayData, PaymentInstructions, PaymentResult, PendingAction } from '../types.ts';
import type { SayswitchAmountUnit } from './options.ts';
import type { SayswitchVerifyAnswer } from './wire.ts';

/** Card `type` values (§4: `visa`, `verve`, …). Verve is Nigeria's domestic scheme; the console has no brand for it. */
const BRAND_OF_TYPE: Readonly<Record<string, CardBrand>> = {
  visa: 'visa',
  mastercard: 'mastercard',
  master: 'mastercard',
  amex: 'amex',
  'american express': 'amex',
  discover: 'discover',
  jcb: 'jcb',
  diners: 'diners',
  unionpay: 'unionpay',
  maestro: 'maestro',
};

export function cardBrandOfType(type: string | undefined): CardBrand {
  return type === undefined ? 'unknown' : (BRAND_OF_TYPE[type.trim().toLowerCase()] ?? 'unknown');
}

/** An amount of an answer in minor units; null when it cannot be read exactly (fees may carry a third decimal). */
export function amountMinorOf(value: string | number | undefined, currency: string, unit: SayswitchAmountUnit): bigint | null {
  if (value === undefined) return null;
  try {
    if (unit === 'minor') {
      const text = String(value).trim();
      currencyOf(currency);
      return /^\d+$/.test(text) ? BigInt(text) : null;
    }
    return fromMajor(value, currency);
  } catch {
    return null;
  }
}

/**
 * Fees are reported, never deducted from or added to our amount (§4, §9: `amount` = requested +
 * fees). They are kept as Sayswitch printed them, since a fee may have a third decimal.
 */
export function feeDataOf(answer: SayswitchVerifyAnswer): GatewayData {
  const data: GatewayData = {};
  if (answer.data.id !== undefined) data['transactionId'] = answer.data.id;
  if (answer.data.fees !== undefined) data['fees'] = String(answer.data.fees);
  if (answer.data.amount !== undefined) data['chargedAmount'] = String(answer.data.amount);
  if (answer.data.requested_amount !== undefined) data['requestedAmount'] = String(answer.data.requested_amount);
  if (answer.data.channel) data['channel'] = answer.data.channel;
  return data;
}

export function messageWithFees(answer: SayswitchVerifyAnswer): string | null {
  const base = answer.data.gateway_response ?? answer.message ?? null;
  const { fees, amount, currency } = answer.data;
  if (fees === undefined || amount === undefined) return base;
  const note = `Sayswitch fees ${String(fees)} ${currency ?? ''}`.trim() + `; charged ${String(amount)}`;
  return base === null ? note : `${base} (${note})`;
}

/** The pending action kept in gatewayData, rebuilt for a status read that finds the payment still waiting. */
export function pendingActionFromData(data: GatewayData): PendingAction | null {
  const type = data['actionType'];
  const url = data['actionUrl'];
  if (type === undefined || url === undefined) return null;
  return {
    id: data['actionId'] ?? null,
    type,
    url,
    method: data['actionMethod'] ?? (type === 'OTP_PAGE' ? 'GET' : 'POST'),
    parameters: data['actionParameters'] === undefined ? [] : (JSON.parse(data['actionParameters']) as Array<{ name: string; value: string }>),
    message: actionMessage(type, null),
  };
}

export function actionMessage(type: string, gatewayMessage: string | null): string {
  const said = gatewayMessage === null || gatewayMessage === '' ? '' : `Sayswitch: "${gatewayMessage}". `;
  switch (type) {
    case 'OTP':
      return `${said}Ask the customer for the one-time code their bank just sent and enter it to finish the payment.`;
    case 'OTP_PAGE':
      return `${said}The customer must finish 3-D Secure on the Sayswitch page: send them this link and have them enter the code from their bank. The payment completes when they do; the console keeps checking.`;
    default:
      return `${said}The customer must finish 3-D Secure in a browser (the issuer's challenge form). The payment completes when they do; the console keeps checking.`;
  }
}

/** What a verify answer about one of our payments must echo (§4: `reference`, `id` on v1, `requested_amount`, `currency`). */
export interface SayswitchExpectedEcho {
  /** Our merchant reference: Sayswitch keys everything by it. */
  readonly reference: string;
  /** Sayswitch's numeric id, when we know it. */
  readonly transactionId?: string | null | undefined;
  readonly amountMinor?: bigint | null | undefined;
  readonly currency?: string | null | undefined;
}

/** The transaction reference an answer names, at the top level or in `data`, if it names one. */
export function echoedReferenceOf(json: unknown): string | null {
  const record = (value: unknown): Record<string, unknown> | null => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);
  const top = record(json);
  const reference = record(top?.['data'])?.['reference'] ?? top?.['reference'];
  return typeof reference === 'string' ? reference : null;
}

/** An echoed amount as a decimal; one that cannot be read exactly in the profile's unit never matches. */
function echoedAmount(value: string | number | undefined, currency: string | null, unit: SayswitchAmountUnit): string | null {
  if (value === undefined || currency === null) return null;
  const minor = amountMinorOf(value, currency, unit);
  return minor === null ? `${String(value)} (not an amount in ${unit} units)` : formatDecimal(minor, currency);
}

/**
 * Throws AnswerMismatchError when a verify answer is about another transaction. The amount compared
 * is `requested_amount`: `amount` adds Sayswitch's fees (§9).
 */
export function checkVerifyEcho(answer: SayswitchVerifyAnswer, expected: SayswitchExpectedEcho, unit: SayswitchAmountUnit, what: string): void {
  const currency = expected.currency ?? null;
  checkEcho(
    `Sayswitch ${what}`,
    {
      reference: expected.reference,
      id: expected.transactionId,
      currency,
      requested_amount: expected.amountMinor === undefined || expected.amountMinor === null || currency === null ? null : formatDecimal(expected.amountMinor, currency),
    },
    {
      reference: answer.data.reference,
      id: answer.data.id,
      currency: answer.data.currency,
      requested_amount: echoedAmount(answer.data.requested_amount, answer.data.currency ?? currency, unit),
    },
    answer.data.status,
  );
}

/**
 * A payment the customer completes outside the console (into a virtual account, by dialling a USSD
 * code): pending under the merchant's reference, with what to read out to them.
 */
export function awaitingCustomerPayment(reference: string, gatewayMessage: string | null, gatewayData: GatewayData, instructions: PaymentInstructions, method: 'bank_transfer' | 'ussd'): PaymentResult {
  return { outcome: 'pending', status: 'pending', gatewayTransactionId: reference, gatewayCode: 'pending', gatewayMessage, gatewayData, pendingAction: null, token: null, instructions, method };
}
