/**
 * Which payments the list (and everything that works on its current result) is about: a module
 * of its own, so that the payments screen, which the console opens on, checks its search without
 * loading the whole contract.
 */
import { z } from 'zod';
import { currencyCodeSchema, decimalAmountSchema, environmentSchema, gatewayIdSchema, idSchema, isoDateTimeSchema, paymentKindSchema, paymentStatusSchema, withoutCardNumber } from '../domain/schemas.ts';

/** A payment method as the ledger records it (`card`, `mbway`, `bank_transfer`, …). */
export const paymentMethodCodeSchema = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'Not a payment method');

export const paymentFiltersShape = {
  // SQLite reads a full-text query as a C string: a NUL would cut the phrase short.
  text: z.string().max(200).refine((text) => !text.includes('\u0000'), 'The search text cannot contain a NUL character').optional(),
  statuses: z.array(paymentStatusSchema).max(32).optional(),
  gatewayId: gatewayIdSchema.optional(),
  profileId: idSchema.optional(),
  environment: environmentSchema.optional(),
  method: paymentMethodCodeSchema.optional(),
  kind: paymentKindSchema.optional(),
  currency: currencyCodeSchema.optional(),
  /** The gateway's answer code (a decline reason's code), exactly. */
  gatewayCode: withoutCardNumber(z.string().trim().min(1).max(64)).optional(),
  amountMin: decimalAmountSchema.optional(),
  amountMax: decimalAmountSchema.optional(),
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
};
export const paymentFiltersSchema = z.object(paymentFiltersShape).strict();
export type PaymentFilters = z.input<typeof paymentFiltersSchema>;
/** The filters as a handler receives them, checked. */
export type ChosenPaymentFilters = z.output<typeof paymentFiltersSchema>;
