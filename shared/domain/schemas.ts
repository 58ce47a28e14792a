import { z } from 'zod';
import { isCurrencyCode } from '../money/currencies.ts';
import { MoneyFormatError, parseDecimal } from '../money/money.ts';

/** Gateways the console speaks to; one folder each under electron/core/gateways/. */
export const GATEWAY_IDS = ['sibs-spg', 'aci-oppwa', 'be2bill', 'sayswitch'] as const;
export const gatewayIdSchema = z.enum(GATEWAY_IDS);
export type GatewayId = z.infer<typeof gatewayIdSchema>;

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
 * Why the audit log failed verification, for its first failing entry: an entry's content changed
 * (or was resealed without the key), an intact entry moved, entries deleted from the middle,
 * the last entries deleted (the anchor is ahead of the log), the anchor file gone, unreadable or
 * not sealed with this data folder's key, or the anchored entry replaced.
 */
export const AUDIT_PROBLEM_KINDS = ['edited', 'reordered', 'missing_entries', 'truncated', 'anchor_missing', 'anchor_invalid', 'anchor_mismatch'] as const;
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

export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'Not a valid identifier');
export const merchantReferenceSchema = z.string().trim().min(1).max(64).regex(/^[\x20-\x7E]+$/, 'Printable ASCII only');
export const shortTextSchema = z.string().max(256);
export const isoDateTimeSchema = z.string().datetime({ offset: true });
