/**
 * The requests the emulated SPG accepts, written from the fact sheet (§2–§7) and seed 001, not
 * from the console's adapter: a server of its own, so that a misreading on the client side shows
 * up as a refusal here. Unknown keys are ignored, as an API that versions by addition does;
 * what a source shows as required is required.
 */
import { z } from 'zod';

/** A major-unit amount. The documents print numbers in requests; a decimal string is taken too. */
const amountSchema = z.object({
  value: z.union([z.number().nonnegative(), z.string().regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'must be a decimal amount')]),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code'),
});
export type RequestedAmount = z.output<typeof amountSchema>;

export const PAYMENT_TYPES = ['PURS', 'AUTH'] as const;
export type PaymentType = (typeof PAYMENT_TYPES)[number];

/**
 * §2: the merchant's id for the attempt is a string SIBS documents with no pattern, and seed 001
 * sends "Order ID: r1cm97qqjv". This server takes any visible text (accents included: the body is
 * UTF-8 JSON) up to 64 characters, and refuses control characters (a line break is no id); the
 * length is our assumption, SIBS publishes none. Refusal: E0101 invalid request (QDOC C.5.2).
 */
const MERCHANT_TRANSACTION_ID_MAX = 64;
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\u2028\u2029]/u;
const merchantTransactionIdSchema = z
  .string()
  .min(1)
  .refine((id) => Array.from(id).length <= MERCHANT_TRANSACTION_ID_MAX, `must be at most ${MERCHANT_TRANSACTION_ID_MAX} characters`)
  .refine((id) => !INVISIBLE_OR_CONTROL.test(id) && id.trim() === id, 'must be visible text without control characters or surrounding spaces');

/** §1: the terminalId assigned at onboarding is an integer; seed 001 sends 52221. */
const merchantSchema = z.object({
  terminalId: z.number().int().positive(),
  channel: z.string().min(1).optional(),
  merchantTransactionId: merchantTransactionIdSchema,
});

const addressSchema = z.object({
  street1: z.string().optional(),
  street2: z.string().optional(),
  city: z.string().optional(),
  postcode: z.string().optional(),
  country: z.string().optional(),
});

const customerSchema = z.object({
  customerInfo: z
    .object({
      // A production client truncates to 45 characters (§2, FNX): the limit it met.
      customerName: z.string().max(45).optional(),
      customerEmail: z.string().optional(),
      shippingAddress: addressSchema.optional(),
      billingAddress: addressSchema.optional(),
      billingAddressSameAsShippingAddress: z.boolean().optional(),
    })
    .optional(),
  extendedInfo: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});

const originalTransactionSchema = z.object({ id: z.string().min(1), datetime: z.string().min(1).optional() });

/** §2 checkout, `POST {base}/payments`. */
export const checkoutRequestSchema = z.object({
  merchant: merchantSchema,
  transaction: z.object({
    transactionTimestamp: z.string().min(1),
    description: z.string().optional(),
    moto: z.boolean().optional(),
    paymentType: z.enum(PAYMENT_TYPES),
    amount: amountSchema,
    paymentMethod: z.array(z.string().min(1)).min(1),
    paymentReference: z
      .object({
        initialDatetime: z.string().min(1),
        finalDatetime: z.string().min(1),
        maxAmount: amountSchema,
        minAmount: amountSchema,
        entity: z.string().regex(/^\d{5}$/, 'must be a 5-digit Multibanco entity'),
      })
      .optional(),
  }),
  customer: customerSchema.optional(),
  mandate: z.object({ mandateId: z.string().min(1), mandateType: z.string().optional(), mandateCreationOnly: z.boolean().optional() }).optional(),
  merchantInitiatedTransaction: z.object({ type: z.enum(['RCRR', 'UCOF']), amountQualifier: z.enum(['DEFAULT', 'ESTIMATED', 'ACTUAL']).optional() }).optional(),
  tokenisation: z
    .object({
      tokenisationRequest: z.object({ tokeniseCard: z.boolean().optional() }).optional(),
      paymentTokens: z.array(z.object({ tokenType: z.string(), value: z.string() })).optional(),
    })
    .optional(),
});

/** §3 `card/purchase`: the card, or (after 3-D Secure) only the action the payer completed. */
export const cardPurchaseRequestSchema = z.object({
  cardInfo: z
    .object({
      PAN: z.string().regex(/^\d{12,19}$/, 'must be 12 to 19 digits'),
      secureCode: z.string().regex(/^\d{3,4}$/, 'must be 3 or 4 digits').optional(),
      validationDate: z.string().min(1),
      cardholderName: z.string().optional(),
      createToken: z.boolean().optional(),
    })
    .optional(),
  info: z.object({ deviceInfo: z.record(z.string(), z.string()).optional() }).optional(),
  // SWG CARD 2.0.0 enumerates the action types.
  actionProcessed: z.object({ id: z.string().min(1), type: z.enum(['THREEDS_METHOD', 'THREEDS_CHALLENGE', 'DCC']), executed: z.boolean() }).optional(),
});
export type CardPurchaseRequest = z.output<typeof cardPurchaseRequestSchema>;

/** §3/§7 `token/purchase` (keys reported by PYS). */
export const tokenPurchaseRequestSchema = z.object({
  tokenInfo: z.object({ value: z.string().min(1), tokenType: z.string().min(1), secureCode: z.string().regex(/^\d{3,4}$/).optional() }),
});

/** §4: MB WAY alias, country code `#` number. */
const mbwayAliasSchema = z.string().regex(/^\d{1,3}#\d{6,14}$/, 'must be <country code>#<number>');

/** §4 `mbway-id/purchase`: a phone, or the switch that collects through the checkout's mandate. */
export const mbwayPurchaseRequestSchema = z
  .object({
    customerPhone: mbwayAliasSchema.optional(),
    mandate: z.object({ mandateCreation: z.boolean(), useMBWAYMandate: z.boolean() }).optional(),
  })
  .refine((body) => body.customerPhone !== undefined || body.mandate?.useMBWAYMandate === true, 'needs customerPhone or mandate.useMBWAYMandate');

/**
 * §6 back-office body (capture, refund, cancellation). `originalTransaction` sits inside
 * `transaction` (DOC, SWG), at the top level (FNX) or nowhere (the path names the transaction).
 */
export const backOfficeRequestSchema = z.object({
  merchant: merchantSchema,
  transaction: z.object({
    transactionTimestamp: z.string().min(1),
    description: z.string().optional(),
    amount: amountSchema,
    originalTransaction: originalTransactionSchema.optional(),
  }),
  originalTransaction: originalTransactionSchema.optional(),
  customer: customerSchema.optional(),
  retry: z.object({ counter: z.number().int().nonnegative() }).optional(),
});

/**
 * §6 MIT (QDOC D.2.2.3, PRX): `merchant`, `transaction{transactionTimestamp, description,
 * amount}` and, beside them, the CIT as `originalTransaction{id, datetime}`: the MIT stands on
 * the CIT's id and date-time, so both are required.
 */
export const mitRequestSchema = z.object({
  merchant: merchantSchema,
  transaction: z.object({
    transactionTimestamp: z.string().min(1),
    description: z.string().optional(),
    amount: amountSchema,
    // No source says whether an MIT authorises or purchases; a client may say, else the settings decide.
    paymentType: z.enum(PAYMENT_TYPES).optional(),
  }),
  originalTransaction: originalTransactionSchema.required({ datetime: true }),
  merchantInitiatedTransaction: z.object({ type: z.enum(['RCRR', 'UCOF']) }).optional(),
});

/** §4 mandate creation (QDOC D.2.1.2, PRX). */
export const mandateCreationRequestSchema = z.object({
  merchant: merchantSchema,
  mandate: z.object({
    mandateType: z.enum(['SUBSCRIPTION', 'ONECLICK']),
    aliasMBWAY: mbwayAliasSchema,
    customerName: z.string().min(1),
  }),
});

/** §4 mandate cancellation: the merchant block. */
export const mandateCancelRequestSchema = z.object({ merchant: merchantSchema });
