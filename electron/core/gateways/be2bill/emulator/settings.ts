/**
 * Emulator behaviour where the Be2bill fact sheet marks a fact INFERRED or UNKNOWN. Each default is
 * the documented reading (or, where there is none, the cautious one); tests flip them to prove the
 * adapter copes with every reading. Changeable at run time through `/control/be2bill/settings`.
 */
import { z } from 'zod';
import { statementSettingsShape } from '../../../sandbox/statement/statement-rows.ts';

/**
 * How one host behaves: `up`; `http-503` (a front that is down, answering a non-200 page);
 * `reset` (the connection drops before anything happens); `reset-after` (the platform acts, then
 * the connection drops: the client cannot know); `5001`/`5003` (the host answers the EXECCODEs on
 * which clients fail over, and does nothing).
 */
export const HOST_STATES = ['up', 'http-503', 'reset', 'reset-after', '5001', '5003'] as const;
export type HostState = (typeof HOST_STATES)[number];

const dayCount = z.number().int().min(1).max(60);

export const be2billEmulatorSettingsSchema = z.strictObject({
  primaryHost: z.enum(HOST_STATES),
  fallbackHost: z.enum(HOST_STATES),
  /** "Before or after the request response" (seed 004); `random` picks per transaction. */
  notificationTiming: z.enum(['random', 'before', 'after']),
  /** The platform's retry schedule is UNKNOWN (§8): the first retry after this, then doubling. */
  notificationRetryBaseMs: z.number().int().min(1).max(3_600_000),
  notificationMaxAttempts: z.number().int().min(1).max(100),
  notificationTimeoutMs: z.number().int().positive().max(60_000),
  /** Deliver every notification twice (delivery is at-least-once). */
  notificationDuplicate: z.boolean(),
  /** Hold notifications for the window and deliver each batch newest first. */
  notificationReorder: z.boolean(),
  notificationReorderWindowMs: z.number().int().positive().max(60_000),
  /** Capture within 7 days (Payum, Go SDK; the Magento config says 10), past it 2009. */
  authorizationValidityDays: dayCount,
  /** Partial captures: several up to the authorised amount (UNKNOWN §11; the default), or one. */
  captureMode: z.enum(['multiple', 'single']),
  /** The platform's day, for same-day cancellations and N-times dates (INFERRED: Paris). */
  timeZone: z.string().min(1).max(64),
  /** ALIAS equal to the TRANSACTIONID that created it (activemerchant fixture, INFERRED) or random. */
  aliasFormat: z.enum(['transaction-id', 'random']),
  /** An ALIAS used with another CLIENTIDENT than it was created with is refused with 2001 (Go SDK note, INFERRED). */
  aliasRequiresSameClientIdent: z.boolean(),
  /** A Luhn-valid card that is not a documented test card: its outcome is not documented. */
  otherCardsOutcome: z.enum(['accept', 'refuse']),
  /** An open 3-D Secure page expires after this (4009); a redirect page with 4015. UNKNOWN length. */
  actionSessionTimeoutMs: z.number().int().positive(),
  /** An alternative-payment account (§4 redirectForPayment): payments answer 0002 with REDIRECTHTML. */
  redirectPayments: z.boolean(),
  /** getTransactions for ids it does not know: an empty DATA (default) or 2002 (INFERRED both). */
  getTransactionsNotFound: z.enum(['empty', '2002']),
  /** Between the fields of the CSV reports (§4 prints none; INFERRED: `;`, the French spreadsheet habit). */
  reportSeparator: z.enum([';', ',', '\t']),
  /** How long after the request an export's report is posted to its CALLBACKURL (asynchronous, §4; the delay is not published). */
  reportDelayMs: z.number().int().min(0).max(600_000),
  /** How often due instalments and expired pages are looked for without a request. */
  sweepIntervalMs: z.number().int().min(10).max(60_000),
  /** The statement's fee rule and settlement lag in business days (no source prints them: INFERRED). */
  ...statementSettingsShape,
});
export type Be2billEmulatorSettings = z.output<typeof be2billEmulatorSettingsSchema>;

export const DEFAULT_BE2BILL_EMULATOR_SETTINGS: Be2billEmulatorSettings = {
  primaryHost: 'up',
  fallbackHost: 'up',
  notificationTiming: 'random',
  notificationRetryBaseMs: 1_000,
  notificationMaxAttempts: 8,
  notificationTimeoutMs: 5_000,
  notificationDuplicate: false,
  notificationReorder: false,
  notificationReorderWindowMs: 300,
  authorizationValidityDays: 7,
  captureMode: 'multiple',
  timeZone: 'Europe/Paris',
  aliasFormat: 'transaction-id',
  aliasRequiresSameClientIdent: true,
  otherCardsOutcome: 'accept',
  actionSessionTimeoutMs: 15 * 60_000,
  redirectPayments: false,
  getTransactionsNotFound: 'empty',
  reportSeparator: ';',
  reportDelayMs: 300,
  sweepIntervalMs: 250,
  statementFees: { basisPoints: 140, fixedMinor: 25 },
  statementSettlementDays: 2,
};

export const be2billEmulatorSettingsPatchSchema = be2billEmulatorSettingsSchema.partial();
