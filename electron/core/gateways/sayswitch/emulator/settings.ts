/**
 * Emulator behaviour where the Sayswitch fact sheet marks a fact INFERRED or UNKNOWN. Each default
 * is the documented reading or, where there is none, the most likely one; tests flip them to prove
 * the adapter copes with each. Changeable at run time through `/control/sayswitch/settings`.
 */
import { z } from 'zod';
import { statementSettingsShape } from '../../../sandbox/statement/statement-rows.ts';
import { DEFAULT_WEBHOOK_SWITCH_SETTINGS, webhookSwitchSettingsShape } from '../../../sandbox/emulator-kit/webhook-settings.ts';

export const sayswitchEmulatorSettingsSchema = z.strictObject({
  /** §7: switched on per merchant in the dashboard; here for every sandbox merchant at once. */
  payloadEncryption: z.boolean(),
  /**
   * §7 encrypts the S2S endpoints; the steps their answers link to (the 3-D Secure trigger, the OTP
   * submit) live outside `/api/s2s/` and no document says they are encrypted: INFERRED plaintext.
   * On: with payload encryption on, those steps are encrypted too and plaintext is refused.
   */
  encryptedLinkSteps: z.boolean(),
  /** §7: the prose says base64, the samples hex; hex is always read, base64 too when this is on (INFERRED resolution). */
  acceptBase64Ciphertext: z.boolean(),
  /** How a decline is answered: 422 (§1's table, "declined") or HTTP 200 with `status: false` (INFERRED alternative). */
  declineHttpStatus: z.union([z.literal(422), z.literal(200)]),
  /** §9: amounts in answers in major units (every sample) or kobo (one page; INFERRED a doc error). */
  amountUnit: z.enum(['major', 'minor']),
  /** Fee rates read off §9's two samples: 10.00 NGN → 0.12 (1.2 %), 1 USD → 0.038 (3.8 %). The real tariff is not documented. */
  feeBasisPointsNgn: z.number().int().min(0).max(10_000),
  feeBasisPointsOther: z.number().int().min(0).max(10_000),
  /** §10: test OTP values are UNKNOWN; the sandbox's own code. */
  testOtp: z.string().regex(/^\d{4,8}$/),
  /** Wrong OTPs allowed before the payment fails (UNKNOWN; 1 = the first wrong code ends it). */
  otpAttempts: z.number().int().min(1).max(10),
  /** An unfinished OTP or 3-D Secure step ends as failed after this long (UNKNOWN). */
  authenticationTimeoutMs: z.number().int().positive(),
  /** §5: a USSD code expires 3 minutes after it is issued (CONFIRMED); the payment then fails (INFERRED). */
  ussdCodeLifetimeMs: z.number().int().positive(),
  /** A Luhn-valid card that is not a listed test card: the flow it gets (UNKNOWN). */
  otherCardsFlow: z.enum(['threeds', 'otp', 'decline']),
  /** §6: whether pay-in webhooks use the `{id, type, created, data}` revision or the payout-style `{notify, notifyType, data}` (UNKNOWN). */
  webhookShape: z.enum(['event', 'notify']),
  /** Retry schedule UNKNOWN (§6): `webhookRetryBaseMs` doubled per retry, up to `webhookMaxAttempts` deliveries. */
  webhookRetryBaseMs: z.number().int().min(1).max(3_600_000),
  webhookMaxAttempts: z.number().int().min(1).max(50),
  /** §5/§12: a refund is `pending`, then `success`; how long that takes is UNKNOWN. */
  refundSettleDelayMs: z.number().int().min(0),
  // §6 asks for an answer within 5 s (the shared default); the sweep settles refunds and ends open card steps.
  ...webhookSwitchSettingsShape,
  /** Business days from a successful charge to its settlement in the statement (INFERRED). */
  statementSettlementDays: statementSettingsShape.statementSettlementDays,
});
export type SayswitchEmulatorSettings = z.output<typeof sayswitchEmulatorSettingsSchema>;

export const DEFAULT_SAYSWITCH_EMULATOR_SETTINGS: SayswitchEmulatorSettings = {
  payloadEncryption: false,
  encryptedLinkSteps: false,
  acceptBase64Ciphertext: true,
  declineHttpStatus: 422,
  amountUnit: 'major',
  feeBasisPointsNgn: 120,
  feeBasisPointsOther: 380,
  testOtp: '123456',
  otpAttempts: 1,
  authenticationTimeoutMs: 15 * 60_000,
  ussdCodeLifetimeMs: 3 * 60_000,
  otherCardsFlow: 'threeds',
  webhookShape: 'event',
  webhookRetryBaseMs: 1_000,
  webhookMaxAttempts: 5,
  refundSettleDelayMs: 2_000,
  ...DEFAULT_WEBHOOK_SWITCH_SETTINGS,
  statementSettlementDays: 1,
};

export const sayswitchEmulatorSettingsPatchSchema = sayswitchEmulatorSettingsSchema.partial();
