/**
 * Sayswitch wire shapes and paths (fact sheet §1–§6). Requests are JSON; amounts are decimal
 * strings in major units (naira). Answers are read leniently (loose objects, optional fields):
 * the docs are young and two revisions of the card flow are live, so only what a verb decides on
 * is required.
 */
import { z } from 'zod';

export const SAYSWITCH_PATHS = {
  /** §2 step 1: the path says `test` in the live example too. */
  cardEncryption: '/api/s2s/test/encryption',
  cardInitialize: '/api/s2s/transaction/initialize',
  bankTransferInitialize: '/api/s2s/banktransfer/initialize',
  s2sVerify: '/api/s2s/v1/transaction/verify/',
  v1Verify: '/api/v1/transaction/verify/',
  fetchById: '/api/v1/transaction/',
  refund: '/api/v1/refund',
} as const;

/** Payload encryption applies to S2S endpoints only (§7). */
export function isS2sPath(path: string): boolean {
  return path.startsWith('/api/s2s/');
}

const amount = z.union([z.string(), z.number()]);
const text = z.union([z.string(), z.number()]).transform((value) => String(value));

export const sayswitchLinksSchema = z.looseObject({
  url: z.string(),
  method: z.string().optional(),
  payload: z.array(z.string()).optional(),
});
export type SayswitchLinks = z.infer<typeof sayswitchLinksSchema>;

/** `{status|success, message, data}` (§1): v1 endpoints say `success`, S2S ones `status`. */
export const sayswitchEnvelopeSchema = z.looseObject({
  status: z.boolean().optional(),
  success: z.boolean().optional(),
  message: z.string().optional(),
  error: z.unknown().optional(),
  data: z.unknown().optional(),
});
export type SayswitchEnvelope = z.infer<typeof sayswitchEnvelopeSchema>;

/** §3: the older encryption answer; the current one is the raw hex string itself. */
export const sayswitchCardEncryptionAnswerSchema = sayswitchEnvelopeSchema.extend({
  data: z.looseObject({ encryptedCard: z.string(), reference: z.string().optional() }),
});

/** §2 step 2: the current flow asks for 3-D Secure 2 through `_links`. */
export const sayswitchThreeDsInitializeSchema = sayswitchEnvelopeSchema.extend({
  _links: sayswitchLinksSchema,
});

/** §3: the older flow asks for the OTP sent to the cardholder's phone. */
export const sayswitchOtpInitializeSchema = sayswitchEnvelopeSchema.extend({
  data: z.looseObject({
    paymentid: text,
    supportMessage: z.string().optional(),
    _links: sayswitchLinksSchema,
  }),
});

/** §2 step 3: the challenge form (HTML) and the Sayswitch-hosted page (`alt`). */
export const sayswitchThreeDsAuthSchema = sayswitchEnvelopeSchema.extend({
  data: z.string(),
  alt: z.string().optional(),
});

export const sayswitchVerifyDataSchema = z.looseObject({
  id: text.optional(),
  amount: amount.optional(),
  requested_amount: amount.optional(),
  fees: amount.optional(),
  currency: z.string().optional(),
  status: z.string(),
  transaction_date: z.string().optional(),
  paid_at: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  reference: z.string(),
  domain: z.string().optional(),
  gateway_response: z.string().nullable().optional(),
  channel: z.string().nullable().optional(),
});
export type SayswitchVerifyData = z.infer<typeof sayswitchVerifyDataSchema>;

export const sayswitchVerifyCardSchema = z.looseObject({
  first6Digits: z.string().optional(),
  last4Digits: z.string().optional(),
  expiry: z.string().optional(),
  type: z.string().optional(),
  token: z.string().nullable().optional(),
});

export const sayswitchVerifyCustomerSchema = z.looseObject({
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  customer_code: z.string().optional(),
});

/** §4: verify (both paths), fetch by id. */
export const sayswitchVerifyAnswerSchema = sayswitchEnvelopeSchema.extend({
  data: sayswitchVerifyDataSchema,
  customer: sayswitchVerifyCustomerSchema.nullable().optional(),
  card: sayswitchVerifyCardSchema.nullable().optional(),
  log: z.unknown().optional(),
});
export type SayswitchVerifyAnswer = z.infer<typeof sayswitchVerifyAnswerSchema>;

/** §5: the one-off virtual account. An expiry is not documented; read when present. */
export const sayswitchBankTransferAnswerSchema = sayswitchEnvelopeSchema.extend({
  data: z.looseObject({
    account_name: z.string(),
    account_number: text,
    bank_name: z.string(),
    expires_at: z.string().optional(),
  }),
});

/**
 * §5: `POST /api/v1/refund` → `data{refund_id, reference ("RF_…"), status}`. Nothing of the
 * refunded transaction is documented in it; the names its refund list and webhooks give that
 * transaction are read in case an answer carries them.
 */
export const sayswitchRefundAnswerSchema = sayswitchEnvelopeSchema.extend({
  data: z.looseObject({
    refund_id: text.optional(),
    reference: z.string(),
    status: z.string(),
    transaction_id: text.optional(),
    transaction_reference: z.string().optional(),
    currency: z.string().optional(),
  }),
});

export const sayswitchRefundEntrySchema = z.looseObject({
  id: text.optional(),
  transaction_id: text.optional(),
  /** Not in §5's list fields; the name the refund webhooks use, read when present. */
  transaction_reference: z.string().optional(),
  refund_reference: z.string().optional(),
  amount: amount.optional(),
  currency: z.string().optional(),
  status: z.string(),
  created_at: z.string().nullable().optional(),
});
export type SayswitchRefundEntry = z.infer<typeof sayswitchRefundEntrySchema>;

export const sayswitchRefundListSchema = sayswitchEnvelopeSchema.extend({
  data: z.array(sayswitchRefundEntrySchema),
  meta: z.looseObject({ total: z.number().optional() }).optional(),
});

/**
 * Webhook bodies (§6): the pay-in revision `{id, type, created, data{reference, amount, currency,
 * status}}`, or the payout revision `{notify, notifyType, data{…}}`, whose use for pay-ins is UNKNOWN.
 */
export const sayswitchWebhookSchema = z.looseObject({
  id: text.optional(),
  type: z.string().optional(),
  created: z.string().optional(),
  notify: z.string().optional(),
  notifyType: z.string().optional(),
  data: z.looseObject({
    id: text.optional(),
    reference: z.string().optional(),
    transaction_reference: z.string().optional(),
    amount: amount.optional(),
    currency: z.string().optional(),
    status: z.string().optional(),
    created_at: z.string().nullable().optional(),
    updated_at: z.string().nullable().optional(),
    paid_at: z.string().nullable().optional(),
    transaction_date: z.string().optional(),
    gateway_response: z.string().nullable().optional(),
  }),
});
export type SayswitchWebhook = z.infer<typeof sayswitchWebhookSchema>;

/** `YYYY-MM-DD HH:MM:SS` (zone-less, read in `offset`) or ISO 8601 → Date; null for anything else. */
export function parseSayswitchTimestamp(value: string | null | undefined, offset: string): Date | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(trimmed);
  const candidate = local === null ? trimmed : `${local[1]}T${local[2]}${local[3] ?? ''}${offset}`;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(candidate)) return null;
  const date = new Date(candidate);
  return Number.isNaN(date.getTime()) ? null : date;
}
