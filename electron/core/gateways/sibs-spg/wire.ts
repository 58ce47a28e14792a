/**
 * SIBS SPG v2 wire shapes (fact sheet §2–§6, seed 001). Response schemas are lenient where the
 * documents disagree with each other or with real answers: amounts come as JSON numbers or
 * decimal strings, the merchant's id as `merchantTransactionId` or `transactionId`, `terminalId`
 * as number or string, `statusCode` as any string. `paymentStatus` is a plain string here so an
 * unknown value reaches the status map (needs review) instead of failing as a parse error.
 * Request schemas are what the emulator enforces and what the adapter builds.
 */
import { z } from 'zod';

const decimalText = /^(0|[1-9]\d*)(\.\d+)?$/;

/** A major-unit amount: SIBS documents a JSON number; seed 001's real status answer has "5.50". */
export const sibsAmountValueSchema = z.union([z.number().nonnegative(), z.string().regex(decimalText, 'must be a decimal amount')]);

export const sibsAmountSchema = z.object({
  value: sibsAmountValueSchema,
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code'),
});
export type SibsAmount = z.infer<typeof sibsAmountSchema>;

const terminalIdSchema = z.union([z.number().int().positive(), z.string().regex(/^\d+$/, 'must be a number')]);

export const SIBS_PAYMENT_TYPES = ['PURS', 'AUTH'] as const;
export const sibsPaymentTypeSchema = z.enum(SIBS_PAYMENT_TYPES);
export type SibsPaymentType = z.infer<typeof sibsPaymentTypeSchema>;

/** The `paymentStatus` values SIBS documents (QDOC C.3) plus `Partial` (3DS) and `Expired` (seen in real clients). */
export const SIBS_PAYMENT_STATUSES = ['Success', 'Pending', 'InProcessing', 'Declined', 'Error', 'Timeout', 'Partial', 'Expired'] as const;
export type SibsPaymentStatus = (typeof SIBS_PAYMENT_STATUSES)[number];

export const sibsReturnStatusSchema = z.object({
  statusCode: z.union([z.string(), z.number()]).transform(String),
  statusMsg: z.string().optional(),
  statusDescription: z.string().optional(),
});
export type SibsReturnStatus = z.infer<typeof sibsReturnStatusSchema>;

export const sibsMerchantOutputSchema = z.object({
  terminalId: terminalIdSchema.optional(),
  channel: z.string().optional(),
  /** Request spelling, also used by the real status answer in seed 001. */
  merchantTransactionId: z.string().optional(),
  /** Spelling of the documented status envelope and webhooks (QDOC C.1). */
  transactionId: z.string().optional(),
  merchantName: z.string().optional(),
});
export type SibsMerchantOutput = z.infer<typeof sibsMerchantOutputSchema>;

export function merchantReferenceOf(merchant: SibsMerchantOutput | undefined): string | null {
  return merchant?.merchantTransactionId ?? merchant?.transactionId ?? null;
}

const executionSchema = z.object({ startTime: z.string().optional(), endTime: z.string().optional() });

// ---------- requests ----------

export const sibsMerchantRequestSchema = z.object({
  terminalId: terminalIdSchema,
  channel: z.string().min(1).optional(),
  merchantTransactionId: z.string().min(1).max(128),
});

const addressSchema = z.object({
  street1: z.string().optional(),
  street2: z.string().optional(),
  city: z.string().optional(),
  postcode: z.string().optional(),
  country: z.string().optional(),
});

export const sibsCustomerInfoSchema = z.object({
  customerName: z.string().max(45).optional(),
  customerEmail: z.string().optional(),
  shippingAddress: addressSchema.optional(),
  billingAddress: addressSchema.optional(),
  billingAddressSameAsShippingAddress: z.boolean().optional(),
});

export const sibsCheckoutRequestSchema = z.object({
  merchant: sibsMerchantRequestSchema,
  transaction: z.object({
    transactionTimestamp: z.string().min(1),
    description: z.string().max(256).optional(),
    moto: z.boolean().optional(),
    paymentType: sibsPaymentTypeSchema,
    amount: sibsAmountSchema,
    paymentMethod: z.array(z.string().min(1)).min(1),
    paymentReference: z.lazy(() => sibsPaymentReferenceRequestSchema).optional(),
  }),
  customer: z.object({ customerInfo: sibsCustomerInfoSchema.optional(), extendedInfo: z.array(z.unknown()).optional() }).optional(),
  /** Collection through an MB WAY mandate (fact sheet §4, PRX): top level, next to `transaction`. */
  mandate: z.object({ mandateId: z.string().min(1).max(64), mandateType: z.string().optional(), mandateCreationOnly: z.boolean().optional() }).optional(),
  /** A CIT that later MITs will reference (fact sheet §2/§6): UCOF or RCRR. */
  merchantInitiatedTransaction: z.lazy(() => sibsMerchantInitiatedTransactionSchema).optional(),
  tokenisation: z
    .object({
      tokenisationRequest: z.object({ tokeniseCard: z.boolean().optional() }).optional(),
      paymentTokens: z.array(z.object({ tokenType: z.string(), value: z.string() })).optional(),
    })
    .optional(),
});
export type SibsCheckoutRequest = z.infer<typeof sibsCheckoutRequestSchema>;

export const sibsActionProcessedSchema = z.object({ id: z.string().min(1), type: z.string().min(1), executed: z.boolean() });

/**
 * `cardInfo` is absent when the card step is resubmitted after 3-D Secure: the resubmission carries
 * only `actionProcessed` (fact sheet §3, public React sample and PYS), and the card data is gone by then.
 */
export const sibsCardPurchaseRequestSchema = z.object({
  cardInfo: z.object({
    PAN: z.string().regex(/^\d{12,19}$/, 'must be 12 to 19 digits'),
    secureCode: z.string().regex(/^\d{3,4}$/, 'must be 3 or 4 digits').optional(),
    validationDate: z.string().min(1),
    cardholderName: z.string().max(128).optional(),
    createToken: z.boolean().optional(),
  }).optional(),
  info: z.object({ deviceInfo: z.record(z.string(), z.string()).optional() }).optional(),
  actionProcessed: sibsActionProcessedSchema.optional(),
});
export type SibsCardPurchaseRequest = z.infer<typeof sibsCardPurchaseRequestSchema>;

const originalTransactionSchema = z.object({ id: z.string().min(1), datetime: z.string().optional() });

/**
 * `originalTransaction` sits inside `transaction` in DOC/SWG examples, at the top level in two
 * production clients, and is omitted by others (fact sheet §6): all three are accepted.
 */
export const sibsBackOfficeRequestSchema = z.object({
  merchant: sibsMerchantRequestSchema,
  transaction: z.object({
    transactionTimestamp: z.string().min(1),
    description: z.string().max(256).optional(),
    amount: sibsAmountSchema,
    originalTransaction: originalTransactionSchema.optional(),
  }),
  originalTransaction: originalTransactionSchema.optional(),
  customer: z.object({ customerInfo: sibsCustomerInfoSchema.optional(), extendedInfo: z.array(z.unknown()).optional() }).optional(),
  retry: z.object({ counter: z.number().int().nonnegative() }).optional(),
});
export type SibsBackOfficeRequest = z.infer<typeof sibsBackOfficeRequestSchema>;

// ---------- responses ----------

/** Every SIBS answer, including error bodies, carries `returnStatus`. */
export const sibsErrorBodySchema = z.object({ returnStatus: sibsReturnStatusSchema });

const tokenSchema = z.object({
  tokenName: z.string().optional(),
  tokenType: z.string().optional(),
  value: z.string().optional(),
  maskedPAN: z.string().optional(),
  expireDate: z.string().optional(),
});
export type SibsToken = z.infer<typeof tokenSchema>;

export const sibsCheckoutResponseSchema = z.object({
  returnStatus: sibsReturnStatusSchema,
  transactionID: z.string().min(1).optional(),
  transactionSignature: z.string().min(1).optional(),
  formContext: z.string().optional(),
  expiry: z.string().optional(),
  amount: sibsAmountSchema.optional(),
  merchant: sibsMerchantOutputSchema.optional(),
  paymentMethodList: z.array(z.string()).optional(),
  tokenList: z.array(tokenSchema).optional(),
  execution: executionSchema.optional(),
});
export type SibsCheckoutResponse = z.infer<typeof sibsCheckoutResponseSchema>;

/** 3-D Secure / DCC step the payer must complete; `params` item keys are undocumented (fact sheet §3). */
export const sibsActionResponseSchema = z.object({
  id: z.string(),
  type: z.string(),
  data: z
    .object({
      url: z.string().optional(),
      method: z.string().optional(),
      params: z.array(z.unknown()).optional(),
    })
    .optional(),
});
export type SibsActionResponse = z.infer<typeof sibsActionResponseSchema>;

export const sibsPaymentResponseSchema = z.object({
  returnStatus: sibsReturnStatusSchema,
  paymentStatus: z.string().optional(),
  transactionID: z.string().optional(),
  amount: sibsAmountSchema.optional(),
  merchant: sibsMerchantOutputSchema.optional(),
  paymentType: z.string().optional(),
  paymentMethod: z.string().optional(),
  execution: executionSchema.optional(),
  actionResponse: sibsActionResponseSchema.optional(),
  tokenResponse: tokenSchema.optional(),
  paymentReference: z.lazy(() => sibsPaymentReferenceSchema).optional(),
});
export type SibsPaymentResponse = z.infer<typeof sibsPaymentResponseSchema>;

/** The status envelope (QDOC C.1); webhook payloads share it and add `notificationID`. */
export const sibsStatusResponseSchema = z.object({
  returnStatus: sibsReturnStatusSchema,
  paymentStatus: z.string(),
  paymentMethod: z.string().optional(),
  transactionID: z.string().optional(),
  transactionDateTime: z.string().optional(),
  amount: sibsAmountSchema.optional(),
  merchant: sibsMerchantOutputSchema.optional(),
  paymentType: z.string().optional(),
  token: tokenSchema.optional(),
  actionResponse: sibsActionResponseSchema.optional(),
  /** An operation's status names the transaction it was made on (as its webhooks do, §8). */
  originalTransaction: z.object({ id: z.string(), datetime: z.string().optional() }).optional(),
  /** An MIT's status names its CIT as originalTransaction too; this block tells it from an operation (§5). */
  merchantInitiatedTransaction: z.object({ type: z.string().optional() }).passthrough().optional(),
  internalTransactionId: z.string().optional(),
  notificationID: z.string().optional(),
  execution: executionSchema.optional(),
});
export type SibsStatusResponse = z.infer<typeof sibsStatusResponseSchema>;

/** Only `returnStatus` is documented for sure (SWG); `transactionID`/`paymentStatus` appear in DOC's capture example. */
export const sibsBackOfficeResponseSchema = z.object({
  returnStatus: sibsReturnStatusSchema,
  paymentStatus: z.string().optional(),
  transactionID: z.string().optional(),
  transactionTimestamp: z.string().optional(),
  amount: sibsAmountSchema.optional(),
  merchant: sibsMerchantOutputSchema.optional(),
  paymentType: z.string().optional(),
  execution: executionSchema.optional(),
});
export type SibsBackOfficeResponse = z.infer<typeof sibsBackOfficeResponseSchema>;

// ---------- MB WAY, Multibanco, mandates, MIT, tokens (fact sheet §4, §6, §7) ----------

/** MB WAY alias: country code, `#`, national number (`351#912345678`). */
export const sibsMbwayAliasSchema = z.string().regex(/^\d{1,3}#\d{6,14}$/, 'must be <country code>#<number>');

/** `transaction.paymentReference` of a checkout offering REFERENCE (seed 001, fact sheet §2). */
export const sibsPaymentReferenceRequestSchema = z.object({
  initialDatetime: z.string().min(1),
  finalDatetime: z.string().min(1),
  maxAmount: sibsAmountSchema,
  minAmount: sibsAmountSchema,
  entity: z.string().regex(/^\d{5}$/, 'must be a 5-digit Multibanco entity'),
});
export type SibsPaymentReferenceRequest = z.infer<typeof sibsPaymentReferenceRequestSchema>;

/**
 * `merchantInitiatedTransaction` of a CIT checkout and of an MIT (PRX; further keys reported by
 * PYS). RCRR = recurring on a schedule, UCOF = unscheduled card on file.
 */
export const sibsMerchantInitiatedTransactionSchema = z.object({
  type: z.enum(['RCRR', 'UCOF']),
  amountQualifier: z.string().optional(),
  validityDate: z.string().optional(),
  description: z.string().optional(),
});

/**
 * `mbway-id/purchase` body: a phone for an MB WAY purchase (FNX, seed 001), or the mandate switch
 * for a collection through an authorised payment (PRX). One of the two is required.
 */
export const sibsMbwayPurchaseRequestSchema = z
  .object({
    customerPhone: sibsMbwayAliasSchema.optional(),
    mandate: z.object({ mandateCreation: z.boolean(), useMBWAYMandate: z.boolean() }).optional(),
  })
  .refine((body) => body.customerPhone !== undefined || body.mandate?.useMBWAYMandate === true, 'needs customerPhone or mandate.useMBWAYMandate');
export type SibsMbwayPurchaseRequest = z.input<typeof sibsMbwayPurchaseRequestSchema>;

/** `token/purchase` body (SWG TOKEN 2.0.0; keys reported by PYS). */
export const sibsTokenPurchaseRequestSchema = z.object({
  tokenInfo: z.object({ value: z.string().min(1), tokenType: z.string().min(1), secureCode: z.string().regex(/^\d{3,4}$/).optional() }),
});

/**
 * The `paymentReference` block of `service-reference/generate` answers, status answers and
 * webhooks. Webhooks spell the expiry `expiryDate` and add `paymentEntity` (PYS); the `status`
 * value strings are unknown (fact sheet §4), so it stays a plain string.
 */
export const sibsPaymentReferenceSchema = z.object({
  entity: z.union([z.string(), z.number()]).transform(String).optional(),
  paymentEntity: z.union([z.string(), z.number()]).transform(String).optional(),
  reference: z.union([z.string(), z.number()]).transform(String).optional(),
  amount: sibsAmountSchema.optional(),
  expireDate: z.string().optional(),
  expiryDate: z.string().optional(),
  status: z.string().optional(),
});
export type SibsPaymentReference = z.infer<typeof sibsPaymentReferenceSchema>;

/** The MIT request (QDOC D.2.2.3, PRX): a back-office body plus the MIT type. */
export const sibsMitRequestSchema = sibsBackOfficeRequestSchema.extend({
  transaction: sibsBackOfficeRequestSchema.shape.transaction.extend({
    /**
     * Not in any example: whether an MIT authorises (then captured, QDOC's CIT → MIT → CAPTURE) or
     * purchases. The adapter states it; the emulator falls back to a setting when it is absent.
     */
    paymentType: sibsPaymentTypeSchema.optional(),
  }),
  merchantInitiatedTransaction: sibsMerchantInitiatedTransactionSchema.optional(),
});
export type SibsMitRequest = z.infer<typeof sibsMitRequestSchema>;

/** Mandate creation (QDOC D.2.1.2 `?p=27752`, PRX, FNX). */
export const sibsMandateCreationRequestSchema = z.object({
  merchant: sibsMerchantRequestSchema,
  mandate: z.object({
    mandateType: z.enum(['SUBSCRIPTION', 'ONECLICK']),
    aliasMBWAY: sibsMbwayAliasSchema,
    customerName: z.string().min(1).max(100),
  }),
});
export type SibsMandateCreationRequest = z.infer<typeof sibsMandateCreationRequestSchema>;

/** Mandate cancellation (QDOC D.2.1.3, PRX): the merchant block only. */
export const sibsMandateCancelRequestSchema = z.object({ merchant: sibsMerchantRequestSchema });

/**
 * A mandate as the answers describe it. The fact sheet documents `ACTV`; the other key names
 * are FNX's model of the same answers (mandateId, mandateStatus, mandateExpirationDate,
 * amountLimit, transactionId).
 */
export const sibsMandateSchema = z.object({
  mandateId: z.string().optional(),
  mandateType: z.string().optional(),
  mandateStatus: z.string().optional(),
  aliasMBWAY: z.string().optional(),
  customerName: z.string().optional(),
  mandateExpirationDate: z.string().optional(),
  amountLimit: sibsAmountSchema.optional(),
  transactionId: z.string().optional(),
});
export type SibsMandate = z.infer<typeof sibsMandateSchema>;

/** Creation answer: FNX reads `transactionId` (lower-case d), checkouts say `transactionID`; both are read. */
export const sibsMandateCreationResponseSchema = z.object({
  returnStatus: sibsReturnStatusSchema,
  transactionID: z.string().optional(),
  transactionId: z.string().optional(),
  mandate: sibsMandateSchema.optional(),
  execution: executionSchema.optional(),
});

export const sibsMandateInquiryResponseSchema = z.object({
  returnStatus: sibsReturnStatusSchema,
  mandate: sibsMandateSchema.optional(),
  moreElementsIndicator: z.boolean().optional(),
  execution: executionSchema.optional(),
});

/**
 * A decrypted webhook (QDOC E.1.1, fact sheet §8). Lenient like the status envelope, and more:
 * mandate and token events need not carry a `paymentStatus`.
 */
export const sibsNotificationSchema = z.object({
  returnStatus: sibsReturnStatusSchema.optional(),
  paymentStatus: z.string().optional(),
  paymentMethod: z.string().optional(),
  transactionID: z.string().optional(),
  transactionDateTime: z.string().optional(),
  amount: sibsAmountSchema.optional(),
  merchant: sibsMerchantOutputSchema.passthrough().optional(),
  paymentType: z.string().optional(),
  token: tokenSchema.extend({ status: z.string().optional() }).optional(),
  paymentReference: sibsPaymentReferenceSchema.optional(),
  mbwayMandate: sibsMandateSchema.optional(),
  originalTransaction: z.object({ id: z.string(), datetime: z.string().optional() }).optional(),
  internalTransactionId: z.string().optional(),
  notificationID: z.string().min(1),
});
export type SibsNotification = z.infer<typeof sibsNotificationSchema>;
