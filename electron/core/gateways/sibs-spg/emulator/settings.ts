/**
 * Emulator behaviour where SIBS's documents are silent or contradict each other (fact sheet,
 * facts marked inferred or open). Each default is the documented or most cautious reading; tests
 * flip them to prove the adapter copes with every reading.
 */
import { z } from 'zod';
import { statementSettingsShape } from '../../../sandbox/statement/statement-rows.ts';
import { DEFAULT_WEBHOOK_SWITCH_SETTINGS, webhookSwitchSettingsShape } from '../../../sandbox/emulator-kit/webhook-settings.ts';

export const sibsEmulatorSettingsSchema = z.strictObject({
  /** A disallowed capture/refund/cancellation: HTTP 409 or 400 (§11 suggests either). */
  refusalHttpStatus: z.union([z.literal(409), z.literal(400)]),
  /** …with this non-"000" statusCode; E0119 is SIBS's documented "declined operation" (§10). */
  refusalStatusCode: z.string().min(1).max(20),
  /** The status envelope names the merchant's id `transactionId` (QDOC C.1); seed 001's real answer says `merchantTransactionId`. */
  statusMerchantReferenceKey: z.enum(['transactionId', 'merchantTransactionId']),
  /** Status amounts as a JSON number (docs) or a decimal string (seed 001's real answer, "5.50"). */
  statusAmountFormat: z.enum(['number', 'string']),
  /**
   * 3-D Secure cards answer `Partial` with an `actionResponse`; MOTO is out of scope of SCA, so a
   * checkout with `moto: true` is authorised without it. Whether SIBS's test cards behave so for
   * MOTO is not documented: this is our choice.
   */
  motoExemptFromThreeDS: z.boolean(),
  /** Cancellation of an AUTH's uncaptured remainder after a partial capture (§6 "while uncaptured remainder"; §11's table says no). */
  cancellationAfterPartialCapture: z.boolean(),
  /**
   * Whether SPG rejects a reused merchantTransactionId is unknown (§10). Accepting it is the
   * pessimistic reading: the console must never rely on the gateway to deduplicate.
   */
  rejectDuplicateMerchantTransactionId: z.boolean(),
  /** Checkout validity; seed 001's checkout expires 10 minutes after its timestamp. */
  checkoutValidityMs: z.number().int().positive().max(7 * 24 * 3_600_000),
  /** `paymentType` shown on back-office operations; SIBS's codes for them are unknown (§6, open question 6). */
  operationPaymentTypes: z.strictObject({ capture: z.string().min(1), refund: z.string().min(1), cancellation: z.string().min(1) }),

  // ---------- MB WAY ----------
  /** How long the customer has to approve an MB WAY request in the app; SIBS does not publish it (§4, UNKNOWN). */
  mbwayApprovalWindowMs: z.number().int().positive().max(24 * 3_600_000),
  /** How long the scenario phones (ours) take to approve or decline, like a customer reaching for the phone. */
  mbwayScenarioDelayMs: z.number().int().nonnegative().max(3_600_000),

  // ---------- Multibanco ----------
  /**
   * What an unpaid reference becomes at its finalDatetime: `Expired` is what real clients test
   * for (FNX), `Timeout` is the documented final status (QDOC C.3). Neither is confirmed (§5).
   */
  referenceExpiryStatus: z.enum(['Expired', 'Timeout']),

  // ---------- mandates ----------
  /** What the customer sets on approval when the action does not say (ours; SIBS leaves it to the customer). */
  mandateDefaultLimit: z.string().regex(/^\d+(\.\d{1,2})?$/),
  mandateDefaultValidityDays: z.number().int().positive().max(3_660),
  /**
   * A collection through an active mandate: answered Success at once (the customer is not asked,
   * default) or Pending and then Success after `mbwayScenarioDelayMs`. The docs do not say (§4).
   */
  mandateCollectionAnswer: z.enum(['Success', 'Pending']),

  // ---------- MIT ----------
  /**
   * What an MIT does when its body states no paymentType: authorise, to be captured (QDOC's
   * CIT → MIT → CAPTURE, default), or purchase. Whether every MIT needs a capture is inferred (§6).
   */
  mitDefaultPaymentType: z.enum(['AUTH', 'PURS']),

  // ---------- webhooks (§8) ----------
  /** IV length in bytes (12 inferred) and tag length (16 inferred). */
  webhookIvBytes: z.number().int().min(12).max(16),
  webhookTagBytes: z.number().int().min(12).max(16),
  /** Additional authenticated data; none is what every client found does (inferred). */
  webhookAad: z.string().max(256),
  /** QDOC says application/json although the body is Base64 text. */
  webhookContentType: z.string().min(1).max(100),
  /** Amounts in webhooks: numbers (newer examples) or decimal strings (older examples, "16.20"). */
  webhookAmountFormat: z.enum(['number', 'string']),
  /** Acknowledgement statusCodes taken as success: QDOC says "000", DOC pages "200" (unresolved). */
  webhookAcceptedAckCodes: z.array(z.string().min(1).max(10)).min(1).max(5),
  /**
   * SIBS's retry tiers (5 min ×5, hourly ×4, 2 h ×5, 4 h ×6, 6 h ×7, 12 h ×8, 24 h ×9) multiplied
   * by this factor; the sandbox default turns 5 minutes into 1 second.
   */
  webhookRetryTimeScale: z.number().positive().max(1),
  /** Attempts per delivery before giving up (SIBS: 44 over two months; the sandbox stops sooner). */
  webhookMaxAttempts: z.number().int().min(1).max(44),
  // SIBS delivers at least once and unordered; the sweep notifies approval windows and expiries.
  ...webhookSwitchSettingsShape,
  /** The back-office export's fee rule and settlement lag in business days (INFERRED). */
  ...statementSettingsShape,
});
export type SibsEmulatorSettings = z.output<typeof sibsEmulatorSettingsSchema>;

export const DEFAULT_SIBS_EMULATOR_SETTINGS: SibsEmulatorSettings = {
  refusalHttpStatus: 409,
  refusalStatusCode: 'E0119',
  statusMerchantReferenceKey: 'transactionId',
  statusAmountFormat: 'number',
  motoExemptFromThreeDS: true,
  cancellationAfterPartialCapture: true,
  rejectDuplicateMerchantTransactionId: false,
  checkoutValidityMs: 10 * 60_000,
  operationPaymentTypes: { capture: 'CAPT', refund: 'RFND', cancellation: 'CNCL' },
  mbwayApprovalWindowMs: 4 * 60_000,
  mbwayScenarioDelayMs: 3_000,
  referenceExpiryStatus: 'Expired',
  mandateDefaultLimit: '100.00',
  mandateDefaultValidityDays: 365,
  mandateCollectionAnswer: 'Success',
  mitDefaultPaymentType: 'AUTH',
  webhookIvBytes: 12,
  webhookTagBytes: 16,
  webhookAad: '',
  webhookContentType: 'application/json',
  webhookAmountFormat: 'number',
  webhookAcceptedAckCodes: ['000', '200'],
  webhookRetryTimeScale: 1 / 300,
  webhookMaxAttempts: 8,
  ...DEFAULT_WEBHOOK_SWITCH_SETTINGS,
  statementFees: { basisPoints: 120, fixedMinor: 10 },
  statementSettlementDays: 1,
};

export const sibsEmulatorSettingsPatchSchema = sibsEmulatorSettingsSchema.partial();
