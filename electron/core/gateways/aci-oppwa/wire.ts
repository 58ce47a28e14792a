/**
 * OPPWA wire shapes (fact sheet §2–§9). Requests are flat form fields with dotted keys
 * (`card.number`, `customParameters[NAME]`); answers are JSON. Response schemas are lenient
 * (`passthrough` objects, optional fields) because declines drop `amount` and `descriptor` and
 * white-labels add keys; only `result.code` is required, since everything is classified by it.
 */
import { z } from 'zod';

export const OPPWA_PAYMENT_TYPES = ['PA', 'DB', 'CD', 'PA.CP', 'CP', 'RF', 'RV', 'RB', 'CB', 'CR', 'RC', 'DR'] as const;
export type OppwaPaymentType = (typeof OPPWA_PAYMENT_TYPES)[number];

/** Back-office types a merchant may send on `POST /v1/payments/{id}` (CB/RC are platform bookings, §3). */
export const OPPWA_BACK_OFFICE_TYPES = ['CP', 'RF', 'RV', 'RB'] as const;
export type OppwaBackOfficeType = (typeof OPPWA_BACK_OFFICE_TYPES)[number];

/** ids, referencedIds and registrationIds: 32 lower-case hex (§9). */
export const OPPWA_ID_PATTERN = /^[0-9a-f]{32}$/;
export const OPPWA_ENTITY_ID_PATTERN = /^[0-9a-f]{32}$/i;

export const oppwaParameterErrorSchema = z.looseObject({
  name: z.string(),
  value: z.unknown().optional(),
  message: z.string().optional(),
});
export type OppwaParameterError = z.infer<typeof oppwaParameterErrorSchema>;

export const oppwaResultSchema = z.looseObject({
  code: z.string(),
  description: z.string().optional(),
  parameterErrors: z.array(oppwaParameterErrorSchema).optional(),
});
export type OppwaResult = z.infer<typeof oppwaResultSchema>;

export const oppwaCardOutputSchema = z.looseObject({
  bin: z.string().optional(),
  last4Digits: z.string().optional(),
  holder: z.string().optional(),
  expiryMonth: z.string().optional(),
  expiryYear: z.string().optional(),
});
export type OppwaCardOutput = z.infer<typeof oppwaCardOutputSchema>;

export const oppwaRedirectSchema = z.looseObject({
  url: z.string(),
  /** Optional; POST when absent (hyperswitch's default, §6). */
  method: z.string().optional(),
  parameters: z.array(z.looseObject({ name: z.string(), value: z.string() })).optional(),
  preconditions: z.array(z.unknown()).optional(),
});
export type OppwaRedirect = z.infer<typeof oppwaRedirectSchema>;

/** One transaction, as `POST /v1/payments`, `GET /v1/payments/{id}`, queries and webhooks show it. */
export const oppwaPaymentSchema = z.looseObject({
  id: z.string().optional(),
  paymentType: z.string().optional(),
  paymentBrand: z.string().optional(),
  amount: z.string().optional(),
  currency: z.string().optional(),
  descriptor: z.string().optional(),
  merchantTransactionId: z.string().optional(),
  referencedId: z.string().optional(),
  registrationId: z.string().optional(),
  result: oppwaResultSchema,
  resultDetails: z.record(z.string(), z.unknown()).optional(),
  card: oppwaCardOutputSchema.optional(),
  redirect: oppwaRedirectSchema.optional(),
  customParameters: z.record(z.string(), z.string()).optional(),
  standingInstruction: z.record(z.string(), z.unknown()).optional(),
  buildNumber: z.string().optional(),
  timestamp: z.string().optional(),
  ndc: z.string().optional(),
  shortId: z.string().optional(),
});
export type OppwaPayment = z.infer<typeof oppwaPaymentSchema>;

/**
 * `GET /v1/query?merchantTransactionId=` answers an envelope with a `payments` array; `GET
 * /v1/query/{id}` answers one object, or an envelope when linked transactions are included
 * (§5.3, INFERRED). Both are read by `paymentsOf`.
 */
export const oppwaQueryAnswerSchema = oppwaPaymentSchema.extend({
  payments: z.array(oppwaPaymentSchema).optional(),
});
export type OppwaQueryAnswer = z.infer<typeof oppwaQueryAnswerSchema>;

export function paymentsOf(answer: OppwaQueryAnswer): OppwaPayment[] {
  if (answer.payments !== undefined) return answer.payments;
  return answer.id === undefined ? [] : [answer];
}

/** `POST /v1/registrations` and `DELETE /v1/registrations/{id}` (§4). */
export const oppwaRegistrationSchema = oppwaPaymentSchema;

/** The decrypted webhook envelope (§8). */
export const oppwaNotificationSchema = z.looseObject({
  type: z.string(),
  action: z.string().optional(),
  payload: z.looseObject({}),
});
export type OppwaNotification = z.infer<typeof oppwaNotificationSchema>;

/** A form body in the order the adapter builds it; values are strings, keys are dotted. */
export type OppwaForm = Record<string, string>;

export function encodeForm(form: OppwaForm): string {
  return new URLSearchParams(form).toString();
}

/** `YYYY-MM-DD HH:MM:SS+0000` (§9) → Date; null when it has another shape. */
export function parseOppwaTimestamp(text: string | undefined): Date | null {
  if (text === undefined) return null;
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) ?([+-])(\d{2}):?(\d{2})$/.exec(text.trim());
  if (match === null) return null;
  const date = new Date(`${match[1]}T${match[2]}${match[3]}${match[4]}:${match[5]}`);
  return Number.isNaN(date.getTime()) ? null : date;
}
