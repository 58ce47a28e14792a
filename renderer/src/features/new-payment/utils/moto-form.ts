import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import { cardInputSchema, customerEmailSchema, customerPhoneSchema, type ChannelInput, type OperationOutcome } from '../../../../../shared/ipc/contract.ts';
import type { CardBrand, PaymentKind } from '../../../../../shared/domain/schemas.ts';
import { cvvLengthFor, detectBrand, isExpired, luhnValid, normalizePan, panLengthsFor, validateCard } from '../../../../../shared/card/card-rules.ts';
import { isCurrencyCode } from '../../../../../shared/money/currencies.ts';
import { amountProblemMessage, checkAmountInput, normaliseAmountInput } from '../../../format/amount-input.ts';
import { contractAccepts } from '../../../domain/contract-rules.ts';
import { cardNumberInTextProblem } from '../../../format/free-text.ts';
import { ANY_GATEWAY_REFERENCE, referenceInputProblem, type ReferenceField } from '../../../format/reference-input.ts';
import type { Translate } from '../../../i18n/translate.ts';

/**
 * The MOTO form's logic, kept apart from the inputs that hold the values. These functions take
 * the card data as arguments and return without keeping any of it.
 */

export interface MotoFormValues {
  readonly amount: string;
  readonly currency: string;
  readonly reference: string;
  readonly cardNumber: string;
  readonly expiry: string;
  readonly cvv: string;
  readonly holder: string;
  readonly email: string;
  readonly phone: string;
  readonly kind: PaymentKind;
  readonly storeCard: boolean;
}

export type MotoField = Exclude<keyof MotoFormValues, 'kind' | 'storeCard'>;
export type MotoFieldErrors = Partial<Record<MotoField, string>>;

/** Form order: the first field with a problem gets the focus. */
export const MOTO_FIELDS: readonly MotoField[] = ['amount', 'currency', 'reference', 'cardNumber', 'expiry', 'cvv', 'holder', 'email', 'phone'];
export const CARD_FIELDS: readonly MotoField[] = ['cardNumber', 'expiry', 'cvv', 'holder'];

/** "1228" or "12/28" → { month: 12, year: 2028 }; anything else → null. */
export function parseExpiry(text: string): { month: number; year: number } | null {
  const match = /^(\d{2})\s*\/?\s*(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const month = Number(match[1]);
  if (month < 1 || month > 12) return null;
  return { month, year: 2000 + Number(match[2]) };
}

/** Digits typed so far → "MM/YY" as it grows: "1" → "1", "12" → "12", "122" → "12/2". */
export function formatExpiryInput(typed: string): string {
  const digits = typed.replace(/\D/g, '').slice(0, 4);
  return digits.length <= 2 ? digits : `${digits.slice(0, 2)}/${digits.slice(2)}`;
}

/** Where the caret goes after reformatting: just after the same number of digits as before. */
export function caretAfterDigits(formatted: string, digitsBeforeCaret: number): number {
  if (digitsBeforeCaret <= 0) return 0;
  let seen = 0;
  for (let index = 0; index < formatted.length; index += 1) {
    if (/\d/.test(formatted.charAt(index))) seen += 1;
    if (seen === digitsBeforeCaret) return index + 1;
  }
  return formatted.length;
}

export type PanProgress = 'empty' | 'typing' | 'valid' | 'invalid';

/** Feedback while typing: the brand from the BIN and whether the number is complete and passes Luhn. */
export function describePan(typed: string): { brand: CardBrand; progress: PanProgress; cvvLength: number } {
  const digits = normalizePan(typed);
  const brand = detectBrand(digits);
  const cvvLength = cvvLengthFor(brand);
  if (digits === '') return { brand, progress: 'empty', cvvLength };
  if (!/^\d+$/.test(digits)) return { brand, progress: 'invalid', cvvLength };
  const lengths = panLengthsFor(brand);
  const longest = Math.max(...lengths);
  if (digits.length > longest) return { brand, progress: 'invalid', cvvLength };
  if (lengths.includes(digits.length) && luhnValid(digits)) return { brand, progress: 'valid', cvvLength };
  if (digits.length < longest) return { brand, progress: 'typing', cvvLength };
  return { brand, progress: 'invalid', cvvLength };
}

function amountProblem(values: MotoFormValues, t: Translate): string | null {
  const checked = checkAmountInput(values.amount, values.currency);
  return checked.ok ? null : amountProblemMessage(checked.problem, values.currency, t);
}

/** `reference` is the active gateway's rule for the reference field (`referenceFieldOf`). */
export function validateMotoField(field: MotoField, values: MotoFormValues, now: Date, t: Translate, reference: ReferenceField = ANY_GATEWAY_REFERENCE): string | null {
  // Every field but the card's own: a card number typed there would be stored with the payment.
  if (field !== 'cardNumber' && field !== 'reference') {
    const misplaced = cardNumberInTextProblem(values[field], t);
    if (misplaced !== null) return misplaced;
  }
  switch (field) {
    case 'amount':
      return amountProblem(values, t);
    case 'currency':
      return isCurrencyCode(values.currency) ? null : t('moto.error.amount', { decimals: 2, currency: values.currency });
    case 'reference':
      return referenceInputProblem(values.reference, reference, t);
    case 'cardNumber':
    case 'cvv': {
      const expiry = parseExpiry(values.expiry) ?? { month: 12, year: 9999 };
      const card = validateCard({ number: values.cardNumber, expiryMonth: expiry.month, expiryYear: expiry.year, cvv: values.cvv }, now);
      if (card.ok) return null;
      return (field === 'cardNumber' ? card.fields['number'] : card.fields['cvv']) ?? null;
    }
    case 'expiry': {
      const expiry = parseExpiry(values.expiry);
      if (!expiry) return t('moto.error.expiryFormat');
      if (isExpired(expiry.month, expiry.year, now)) {
        const card = validateCard({ number: values.cardNumber, expiryMonth: expiry.month, expiryYear: expiry.year, cvv: values.cvv }, now);
        return (card.ok ? null : card.fields['expiry']) ?? null;
      }
      return null;
    }
    case 'holder':
      return contractAccepts(cardInputSchema.shape.holder, values.holder) ? null : t('moto.error.holder');
    case 'email': {
      const email = values.email.trim();
      return email === '' || contractAccepts(customerEmailSchema, email) ? null : t('moto.error.email');
    }
    case 'phone': {
      const phone = values.phone.trim();
      return phone === '' || contractAccepts(customerPhoneSchema, phone) ? null : t('moto.error.phone');
    }
  }
}

export function validateMotoForm(values: MotoFormValues, now: Date, t: Translate, reference: ReferenceField = ANY_GATEWAY_REFERENCE): MotoFieldErrors {
  const errors: MotoFieldErrors = {};
  for (const field of MOTO_FIELDS) {
    const problem = validateMotoField(field, values, now, t, reference);
    if (problem !== null) errors[field] = problem;
  }
  return errors;
}

export type MotoRequest = ChannelInput<'payments:createMoto'>;

/**
 * The one object the card data travels in, built at the moment of sending and dropped after.
 * `installments` is a plan already checked by `validateInstallments`.
 */
export function buildMotoRequest(values: MotoFormValues, profileId: string, installments?: ReadonlyArray<{ date: string; amount: string }>): MotoRequest | null {
  const expiry = parseExpiry(values.expiry);
  const amount = normaliseAmountInput(values.amount);
  if (!expiry || amount === null) return null;
  const customer: { name?: string; email?: string; phone?: string } = {};
  const holder = values.holder.trim();
  if (holder) customer.name = holder;
  if (values.email.trim()) customer.email = values.email.trim();
  if (values.phone.trim()) customer.phone = values.phone.trim();
  const request: MotoRequest = {
    profileId,
    kind: values.kind,
    money: { amount, currency: values.currency },
    card: {
      number: normalizePan(values.cardNumber),
      expiryMonth: expiry.month,
      expiryYear: expiry.year,
      cvv: values.cvv.trim(),
      holder,
    },
    customer,
    storeCard: values.storeCard,
  };
  if (values.reference.trim()) request.merchantReference = values.reference.trim();
  if (installments) request.installments = installments.map((installment) => ({ date: installment.date, amount: installment.amount }));
  return request;
}

/** The core reports validation problems by contract path ("card.number"); the form by field. */
export function fieldForContractPath(path: string): MotoField | null {
  switch (path) {
    case 'money.amount':
    case 'money':
      return 'amount';
    case 'money.currency':
      return 'currency';
    case 'merchantReference':
      return 'reference';
    case 'card.number':
      return 'cardNumber';
    case 'card.expiryMonth':
    case 'card.expiryYear':
    case 'card.expiry':
      return 'expiry';
    case 'card.cvv':
      return 'cvv';
    case 'card.holder':
    case 'customer.name':
      return 'holder';
    case 'customer.email':
      return 'email';
    case 'customer.phone':
      return 'phone';
    default:
      return null;
  }
}

export type OutcomeClass = 'approved' | 'declined' | 'requires_action' | 'unknown';

export function classifyOutcome(outcome: Pick<OperationOutcome, 'paymentStatus' | 'pendingAction'>): OutcomeClass {
  if (outcome.pendingAction !== null || outcome.paymentStatus === 'requires_action') return 'requires_action';
  switch (outcome.paymentStatus) {
    case 'authorized':
    case 'captured':
    case 'partially_captured':
    case 'partially_refunded':
    case 'refunded':
      return 'approved';
    case 'declined':
    case 'failed':
    case 'expired':
    case 'voided':
      return 'declined';
    case 'pending':
    case 'unknown':
    case 'needs_review':
      return 'unknown';
  }
}

/**
 * Refusals decided before any card processing: the core's own checks (a field, a merchant
 * reference used before), the gateway refusing our credentials or the rate, a vault that could
 * not be read. The card typed stays in the form for the agent to correct and send again; after
 * any other answer it is cleared, as after a charge.
 */
const NOT_PROCESSED: ReadonlySet<ErrorShape['kind']> = new Set(['validation', 'conflict', 'forbidden', 'authentication', 'rate_limited', 'not_supported', 'vault_unavailable', 'invalid_request']);

export function cardWasNotProcessed(error: ErrorShape): boolean {
  return NOT_PROCESSED.has(error.kind);
}

/** How long a charge is remembered for the repeat warning. */
export const REPEAT_WINDOW_MS = 10 * 60_000;

/**
 * What tells a repeat charge: the card's first six and last four digits (what a receipt may show,
 * never the whole number) with its expiry, and the amount and currency.
 */
export function chargeKey(values: Pick<MotoFormValues, 'cardNumber' | 'expiry' | 'amount' | 'currency'>): string | null {
  const pan = normalizePan(values.cardNumber);
  if (pan.length < 12) return null;
  return `${pan.slice(0, 6)}…${pan.slice(-4)} ${values.expiry.replace(/\s/g, '')} ${values.amount.trim()} ${values.currency}`;
}
