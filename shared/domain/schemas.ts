import { z } from 'zod';
import { containsCardNumber } from '../card/card-number-in-text.ts';
import { isCurrencyCode } from '../money/currencies.ts';
import { MoneyFormatError, parseDecimal } from '../money/money.ts';
import { CONTRACT_REFERENCE_RULE, MERCHANT_REFERENCE_MAX_LENGTH, referenceCharactersAllowed, referenceLength } from './merchant-reference.ts';

/**
 * A gateway's id: the name of its folder under electron/core/gateways/ (lower-case words joined by
 * hyphens). Which ids exist is the registry's business, not the contract's: a profile saved for a
 * gateway this version lacks is kept and shown as unavailable.
 */
export const GATEWAY_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const gatewayIdSchema = z.string().max(40).regex(GATEWAY_ID_PATTERN, 'Not a gateway id');
export type GatewayId = z.infer<typeof gatewayIdSchema>;

export function isGatewayIdFormat(value: string): value is GatewayId {
  return value.length <= 40 && GATEWAY_ID_PATTERN.test(value);
}

export const ENVIRONMENTS = ['sandbox', 'test', 'production'] as const;
export const environmentSchema = z.enum(ENVIRONMENTS);
export type Environment = z.infer<typeof environmentSchema>;

/**
 * Our status of a payment, whatever the gateway. `unknown` = an outcome we could not learn yet
 * (timeout, crash) and are resolving; `needs_review` = the gateway said something we cannot map.
 */
export const PAYMENT_STATUSES = [
  'pending',
  'requires_action',
  'authorized',
  'partially_captured',
  'captured',
  'partially_refunded',
  'refunded',
  'voided',
  'declined',
  'failed',
  'expired',
  'unknown',
  'needs_review',
] as const;
export const paymentStatusSchema = z.enum(PAYMENT_STATUSES);
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

/**
 * Final: the gateway has given its answer and owes no other; what changes the payment from here is
 * an operator's action (capture, refund, void) or the platform's (a chargeback). The other
 * statuses wait on the gateway or the customer (pending, requires_action, unknown) or on a person
 * (needs_review). One definition for the engine, the poller and the screens.
 */
export const FINAL_PAYMENT_STATUSES: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>([
  'authorized',
  'partially_captured',
  'captured',
  'partially_refunded',
  'refunded',
  'voided',
  'declined',
  'failed',
  'expired',
]);

export function isFinalPaymentStatus(status: PaymentStatus): boolean {
  return FINAL_PAYMENT_STATUSES.has(status);
}

export const PAYMENT_KINDS = ['sale', 'auth'] as const;
export const paymentKindSchema = z.enum(PAYMENT_KINDS);
export type PaymentKind = z.infer<typeof paymentKindSchema>;

/**
 * `rebill` is a new debit referencing an earlier one (OPPWA RB); `chargeback` and
 * `chargeback_reversal` are booked by the platform and only ever learnt from the gateway, as are the
 * later `installment`s of a schedule the gateway runs (Be2bill N-times).
 */
export const OPERATION_KINDS = ['purchase', 'authorize', 'capture', 'refund', 'void', 'mit', 'rebill', 'chargeback', 'chargeback_reversal', 'installment'] as const;
export const operationKindSchema = z.enum(OPERATION_KINDS);
export type OperationKind = z.infer<typeof operationKindSchema>;

/** Journal states: intent is written before the HTTP call, sent right before it goes out. */
export const OPERATION_STATES = ['intent', 'sent', 'succeeded', 'pending', 'declined', 'failed', 'unknown'] as const;
export const operationStateSchema = z.enum(OPERATION_STATES);
export type OperationState = z.infer<typeof operationStateSchema>;

export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'maestro', 'discover', 'diners', 'jcb', 'unionpay', 'unknown'] as const;
export const cardBrandSchema = z.enum(CARD_BRANDS);
export type CardBrand = z.infer<typeof cardBrandSchema>;

/**
 * The card digits the ledger may keep. A BIN is six digits, or eight where the scheme has moved to
 * eight-digit BINs (ISO/IEC 7812 since 2022; PCI DSS lets up to the first eight be shown): the
 * ledger's CHECK constraint takes 6 to 8, and the contract must show whatever the ledger holds.
 */
export const CARD_BIN_DIGITS = { min: 6, max: 8 } as const;
export const cardBinSchema = z
  .string()
  .regex(new RegExp(`^\\d{${CARD_BIN_DIGITS.min},${CARD_BIN_DIGITS.max}}$`), `A BIN has ${CARD_BIN_DIGITS.min} to ${CARD_BIN_DIGITS.max} digits`);
export const cardLast4Schema = z.string().regex(/^\d{4}$/, 'The last four digits of the card');

/** Whether a card's BIN and last four are whole, so the ledger may keep them and the contract show them. */
export function hasWholeMaskedDigits(card: { readonly bin: string; readonly last4: string }): boolean {
  return cardBinSchema.safeParse(card.bin).success && cardLast4Schema.safeParse(card.last4).success;
}

/**
 * Why the audit log failed verification, for its first failing entry: an entry's content changed
 * (or was resealed without the key), an intact entry moved, entries deleted from the middle,
 * the last entries deleted (the anchor is ahead of the log), the anchor file gone, unreadable or
 * not sealed with this data folder's key, or the anchored entry replaced; or, with the key out
 * of reach (no keychain), that the seals could not be checked at all; or that the key or the
 * workspace file of a folder the keychain records as keyed was replaced (`key_replaced`).
 */
export const AUDIT_PROBLEM_KINDS = ['edited', 'reordered', 'missing_entries', 'truncated', 'anchor_missing', 'anchor_invalid', 'anchor_mismatch', 'key_unavailable', 'key_replaced'] as const;
export const auditProblemKindSchema = z.enum(AUDIT_PROBLEM_KINDS);
export type AuditProblemKind = z.infer<typeof auditProblemKindSchema>;

export const currencyCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Currency must be a three-letter ISO 4217 code')
  .refine(isCurrencyCode, 'Unknown ISO 4217 currency');

/** A positive decimal string such as "12.30"; checked against the currency's exponent by `moneySchema`. */
export const decimalAmountSchema = z.string().max(24).regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'Amount must be a positive decimal such as 12.30');

/** Amount + currency as they cross the contract; refined so the decimals fit the currency. */
export const moneySchema = z
  .strictObject({ amount: decimalAmountSchema, currency: currencyCodeSchema })
  .superRefine((value, ctx) => {
    if (!isCurrencyCode(value.currency)) return;
    try {
      parseDecimal(value.amount, value.currency);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: error instanceof MoneyFormatError ? error.message : 'Invalid amount' });
    }
  });
export type MoneyDto = z.infer<typeof moneySchema>;

export const CARD_NUMBER_IN_TEXT_MESSAGE = 'This looks like a card number. A card number goes in the card number field only: remove it from here.';

/**
 * Text people type freely (names, descriptions, reasons, references, e-mail addresses, phone
 * numbers) may not hold a card number: one typed in the wrong field would be stored, searched and
 * logged. The card number field itself is the only place for one.
 */
export function withoutCardNumber<T extends z.ZodString>(schema: T): T {
  return schema.refine((text) => !containsCardNumber(text), {
    message: CARD_NUMBER_IN_TEXT_MESSAGE,
    // Text already refused (too long, wrong characters) is not read again: a megabyte of digits costs nothing more.
    when: (payload) => payload.issues.length === 0,
  });
}

export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'Not a valid identifier');
/**
 * What every gateway accepts as a merchant reference; each gateway's own, narrower rule is checked
 * by the core against the profile's gateway. NFC first, so a reference typed with a combining accent
 * is the same reference (and meets the ledger's uniqueness) as one typed with the composed letter.
 */
export const merchantReferenceSchema = withoutCardNumber(
  z
    .string()
    .trim()
    .normalize('NFC')
    .min(1)
    .refine((text) => referenceLength(text) <= MERCHANT_REFERENCE_MAX_LENGTH, `At most ${MERCHANT_REFERENCE_MAX_LENGTH} characters`)
    .refine((text) => referenceCharactersAllowed(CONTRACT_REFERENCE_RULE.characters, text), 'Letters, digits, spaces and punctuation only'),
);
export const shortTextSchema = withoutCardNumber(z.string().max(256));
/** Why an operator moves money (a refund, a rebill, a merchant-initiated charge): kept with the operation. */
export const reasonSchema = withoutCardNumber(z.string().trim().min(3, 'A reason is required').max(256));

/** Whether a URL carries a user name or password (`https://user:pass@host/`). */
export function urlHasUserinfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

/**
 * A profile's gateway base URL. Credentials live in the keychain, never in the URL: a
 * `user:pass@` part would be written to the settings file, the audit log and the screen.
 */
export const profileBaseUrlSchema = z
  .string()
  .max(512)
  .url()
  .refine((url) => !urlHasUserinfo(url), 'Remove the user name and password from the URL: credentials are kept in the keychain, not in the URL');

export const isoDateTimeSchema = z.string().datetime({ offset: true });

/** The gateway's own id of a payment, as an operator types it to import one. */
export const gatewayTransactionIdSchema = withoutCardNumber(z.string().trim().min(1).max(128));
