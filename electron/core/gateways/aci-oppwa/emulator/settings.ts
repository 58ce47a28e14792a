/**
 * Emulator behaviour where the OPPWA fact sheet marks a fact INFERRED or UNKNOWN. Each default
 * is the documented reading (or, where there is none, the cautious one); tests flip them to prove
 * the adapter copes with every reading. Changeable at run time through `/control/aci-oppwa/settings`.
 */
import { z } from 'zod';
import { statementSettingsShape } from '../../../sandbox/statement/statement-rows.ts';
import { DEFAULT_WEBHOOK_SWITCH_SETTINGS, webhookSwitchSettingsShape } from '../../../sandbox/emulator-kit/webhook-settings.ts';

const resultCode = z.string().regex(/^\d{3}\.\d{3}\.\d{3}$/);

export const oppwaEmulatorSettingsSchema = z.strictObject({
  /** A token that does not own the `entityId` sent (§11: "should be configurable"). */
  wrongEntityHttpStatus: z.union([z.literal(401), z.literal(403), z.literal(400)]),
  /** HTTP status of rejections (declines, 700.*, 100.150.*); §11 says 400, §12 leaves 200 open per white-label. */
  rejectionHttpStatus: z.union([z.literal(400), z.literal(200)]),
  /** A query or status call for an unknown id or merchantTransactionId: 700.400.580 "possibly with HTTP 404" (§5.3). */
  notFoundHttpStatus: z.union([z.literal(404), z.literal(200)]),
  /** `GET /v1/query/{id}` without linked transactions: one object (default) or a `payments` envelope (§5.3, INFERRED). */
  queryByIdShape: z.enum(['object', 'envelope']),
  /** `GET /v1/payments/{id}` calls answered per transaction per 60 s (seed 003: two). */
  statusCallsPerMinute: z.number().int().min(1).max(60),
  /** The 429 body is UNKNOWN (§5.2): empty, or 800.120.100 "Rejected by Throttling." (INFERRED from clients). */
  rateLimitBody: z.enum(['throttling-code', 'empty']),
  /** A second capture on a PA (§3 "one-time"); 700.400.100 "cannot capture (… invalid workflow?)". */
  secondCaptureCode: resultCode,
  /** An RB on anything but a DB: §3 names no code; the refund rule's "needs a debit" code is used. */
  rebillWrongReferenceCode: resultCode,
  /** How long a PA may be captured (past it: 700.300.400). Acquirer-specific, not documented. */
  captureWindowMs: z.number().int().positive(),
  /** The reversal cut-off for a DB/CP/RB (past it: 700.300.700). Typically the day's settlement; not documented. */
  reversalWindowMs: z.number().int().positive(),
  /** An open 000.200 session times out "after about 30 minutes" (§6) with 100.396.103 (INFERRED code). */
  threeDSSessionTimeoutMs: z.number().int().positive(),
  /** What a failed 3-D Secure authentication answers; 800.400.200 "Invalid Payer Authentication in 3DSecure transaction". */
  threeDSFailureCode: resultCode,
  /** The return to shopperResultUrl carries `resourcePath` (CONFIRMED) and maybe `id` (INFERRED). */
  shopperResultIncludesId: z.boolean(),
  /** A Luhn-valid card that is not one of the documented test cards: the simulator's answer is not documented. */
  otherCardsOutcome: z.enum(['success', 'decline']),

  // ---------- webhooks (§8) ----------
  /** The request Content-Type is UNKNOWN; "likely text/plain". */
  webhookContentType: z.string().min(1).max(100),
  /** 12 bytes by GCM convention; one public test used 16. */
  webhookIvBytes: z.union([z.literal(12), z.literal(16)]),
  /**
   * Peach's retry summary (2, 4, 8, 15, 30 minutes, then hourly; INFERRED) multiplied by this
   * factor; the sandbox default turns 2 minutes into 1 second.
   */
  webhookRetryTimeScale: z.number().positive().max(1),
  webhookMaxAttempts: z.number().int().min(1).max(100),
  // OPPWA delivers at least once and "order is not guaranteed"; the sweep notifies 3-D Secure timeouts.
  ...webhookSwitchSettingsShape,
  /** The statement's fee rule and settlement lag in business days (INFERRED; acquirer contracts differ). */
  ...statementSettingsShape,
});
export type OppwaEmulatorSettings = z.output<typeof oppwaEmulatorSettingsSchema>;

export const DEFAULT_OPPWA_EMULATOR_SETTINGS: OppwaEmulatorSettings = {
  wrongEntityHttpStatus: 403,
  rejectionHttpStatus: 400,
  notFoundHttpStatus: 404,
  queryByIdShape: 'object',
  statusCallsPerMinute: 2,
  rateLimitBody: 'throttling-code',
  secondCaptureCode: '700.400.100',
  rebillWrongReferenceCode: '700.400.520',
  captureWindowMs: 7 * 24 * 3_600_000,
  reversalWindowMs: 24 * 3_600_000,
  threeDSSessionTimeoutMs: 30 * 60_000,
  threeDSFailureCode: '800.400.200',
  shopperResultIncludesId: false,
  otherCardsOutcome: 'success',
  webhookContentType: 'text/plain',
  webhookIvBytes: 12,
  webhookRetryTimeScale: 1 / 120,
  webhookMaxAttempts: 8,
  ...DEFAULT_WEBHOOK_SWITCH_SETTINGS,
  statementFees: { basisPoints: 290, fixedMinor: 30 },
  statementSettlementDays: 2,
};

export const oppwaEmulatorSettingsPatchSchema = oppwaEmulatorSettingsSchema.partial();
