/**
 * Emulator behaviour where SIBS's documents are silent or contradict each other (fact sheet,
 * facts marked inferred or open). Each default is the documented or most cautious reading; tests
 * flip them to prove the adapter copes with every reading.
 */
import { z } from 'zod';

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
};

export const sibsEmulatorSettingsPatchSchema = sibsEmulatorSettingsSchema.partial();
