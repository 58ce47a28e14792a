/**
 * The one door between the renderer and the core. Every channel is declared here once with its
 * input and output schema; the preload, main's handlers, browser mode and the CLI are derived
 * from this table. Secrets go in (credentials:set) and never come out.
 */
import { z } from 'zod';
import { receiverPublicBaseUrlSchema, receiverSettingsAnswerSchema } from '../domain/webhook-receiver.ts';
import type { Envelope } from './envelope.ts';
import { sandboxStatementAnswerSchema, sandboxStatementInputSchema } from '../domain/sandbox-statement.ts';
import { reconClassSchema, statementEntryKindSchema, statementStatusSchema } from '../domain/recon.ts';
import { mappingDraftSchema, mappingKindSchema, mappingListEntrySchema, mappingNameSchema, mappingToSaveSchema, PREVIEW_MAX_BASE64, statementPreviewSchema } from '../domain/recon-mapping.ts';
import { dashboardInputSchema, dashboardSummarySchema } from '../domain/dashboard.ts';
import { listSortSchema, savedViewSchema, viewContentSchema, viewIdSchema, viewNameSchema } from '../domain/saved-view.ts';
import { ledgerChoiceSchema, ledgerConnectionTestSchema, ledgerPasswordSchema, postgresConnectionStringSchema } from '../domain/ledger-choice.ts';
import { REFERENCE_CHARACTER_SETS } from '../domain/merchant-reference.ts';
import { approvalStatusSchema, operatorLoginSchema, operatorMeSchema, operatorRightSchema, operatorRoleSchema, operatorSchema } from '../domain/operators.ts';
import { csvFormatFields } from '../domain/csv-format.ts';
import {
  MIT_BATCH_MAX_FILE_CHARS,
  mitBatchFileNameSchema,
  mitBatchProgressSchema,
  mitBatchRowProblemSchema,
  mitBatchRowSchema,
  mitBatchRowStateSchema,
  mitBatchSchema,
  mitBatchStatusSchema,
} from '../domain/mit-batch.ts';
import {
  cardBinSchema,
  auditProblemKindSchema,
  cardBrandSchema,
  cardLast4Schema,
  currencyCodeSchema,
  decimalAmountSchema,
  environmentSchema,
  gatewayIdSchema,
  idSchema,
  isoDateTimeSchema,
  merchantReferenceSchema,
  moneySchema,
  operationKindSchema,
  operationStateSchema,
  paymentKindSchema,
  paymentStatusSchema,
  profileBaseUrlSchema,
  reasonSchema,
  shortTextSchema,
  withoutCardNumber,
  gatewayTransactionIdSchema,
} from '../domain/schemas.ts';
import { paymentFiltersSchema, paymentFiltersShape } from './payment-filters.ts';

const empty = z.object({}).strict();

// ---------- shared output shapes ----------

export const maskedCardSchema = z.object({
  brand: cardBrandSchema,
  bin: cardBinSchema,
  last4: cardLast4Schema,
  expiryMonth: z.number().int().min(1).max(12),
  expiryYear: z.number().int(),
  holder: z.string(),
});

export const pendingActionSchema = z.object({
  id: z.string().nullable().optional(),
  type: z.string(),
  url: z.string().nullable(),
  method: z.string().nullable(),
  parameters: z.array(z.object({ name: z.string(), value: z.string() })),
  message: z.string(),
});

export const paymentInstructionsSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('multibanco'),
    entity: z.string(),
    reference: z.string(),
    amount: decimalAmountSchema,
    currency: z.string(),
    expiresAt: isoDateTimeSchema.nullable(),
  }),
  z.object({
    type: z.literal('bank_transfer'),
    bankName: z.string(),
    accountNumber: z.string(),
    accountName: z.string(),
    amount: decimalAmountSchema,
    currency: z.string(),
    expiresAt: isoDateTimeSchema.nullable(),
  }),
  z.object({
    type: z.literal('ussd'),
    bankName: z.string(),
    /** What the customer dials, e.g. `*737*000*4772#`. */
    code: z.string(),
    amount: decimalAmountSchema,
    currency: z.string(),
    expiresAt: isoDateTimeSchema.nullable(),
  }),
]);

export const paymentSummarySchema = z.object({
  id: z.string(),
  profileId: z.string(),
  profileName: z.string(),
  gatewayId: gatewayIdSchema,
  environment: environmentSchema,
  kind: paymentKindSchema,
  method: z.string(),
  moto: z.boolean(),
  status: paymentStatusSchema,
  currency: z.string(),
  amount: decimalAmountSchema,
  authorized: decimalAmountSchema,
  captured: decimalAmountSchema,
  refunded: decimalAmountSchema,
  voided: decimalAmountSchema,
  /** Taken back by the issuer through chargebacks (less their reversals). */
  chargedBack: decimalAmountSchema,
  capturable: decimalAmountSchema,
  refundable: decimalAmountSchema,
  merchantReference: z.string(),
  gatewayTransactionId: z.string().nullable(),
  description: z.string().nullable(),
  /** The name the customer gave (a card's holder is on the card). */
  customerName: z.string().nullable(),
  customerEmail: z.string().nullable(),
  customerPhone: z.string().nullable(),
  card: maskedCardSchema.nullable(),
  gatewayCode: z.string().nullable(),
  gatewayMessage: z.string().nullable(),
  pendingAction: pendingActionSchema.nullable(),
  instructions: paymentInstructionsSchema.nullable(),
  /** An instalment plan the gateway runs (Be2bill N-times), when there is one. */
  schedule: z.array(z.object({ date: z.string(), amount: decimalAmountSchema })).nullable(),
  imported: z.boolean(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export type PaymentSummary = z.infer<typeof paymentSummarySchema>;

export const operationEntrySchema = z.object({
  id: z.string(),
  kind: operationKindSchema,
  state: operationStateSchema,
  amount: decimalAmountSchema,
  currency: z.string(),
  merchantReference: z.string(),
  gatewayOperationId: z.string().nullable(),
  gatewayCode: z.string().nullable(),
  gatewayMessage: z.string().nullable(),
  reason: z.string().nullable(),
  operator: z.string(),
  createdAt: isoDateTimeSchema,
  completedAt: isoDateTimeSchema.nullable(),
});
export type OperationEntry = z.infer<typeof operationEntrySchema>;

export const statusEventSchema = z.object({
  at: isoDateTimeSchema,
  from: paymentStatusSchema.nullable(),
  to: paymentStatusSchema,
  source: z.enum(['operation', 'sync', 'recovery', 'notification', 'import']),
  detail: z.string().nullable(),
});

export const wireEntrySchema = z.object({
  id: z.string(),
  operationId: z.string().nullable(),
  at: isoDateTimeSchema,
  method: z.string(),
  url: z.string(),
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.string().nullable(),
  responseStatus: z.number().int().nullable(),
  responseHeaders: z.record(z.string(), z.string()),
  responseBody: z.string().nullable(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
  /** How many times in a row this exchange was made with this same answer (the poller asking about a payment that stays pending). */
  repeats: z.number().int().min(1),
  /** When the last of those repeats was made; null when it was made once. */
  lastAt: isoDateTimeSchema.nullable(),
});
export type WireEntry = z.infer<typeof wireEntrySchema>;

/** Where the next page of a payment's wire log starts: the last entry's instant (ms) and place in the log. */
export const wireCursorSchema = z.string().regex(/^\d{1,15}\.\d{1,19}$/, 'Not a wire log cursor');

/** What the shell's badges show; the same shape answers the channel and the poller's event. */
export const pollerSummarySchema = z.object({ waiting: z.number().int(), needsReview: z.number().int() });

/** A payment page counts its wire log up to this many entries, so that opening a long-polled payment costs what a new one does. */
export const WIRE_ENTRIES_COUNTED = 100;

export const paymentDetailSchema = z.object({
  payment: paymentSummarySchema,
  operations: z.array(operationEntrySchema),
  statusHistory: z.array(statusEventSchema),
  /** How many entries the payment's wire log holds, counted up to WIRE_ENTRIES_COUNTED (that many or more); the entries come page by page from `payments:wireLog`. */
  wireEntries: z.number().int().nonnegative().max(WIRE_ENTRIES_COUNTED),
  actions: z.object({
    capture: z.boolean(),
    refund: z.boolean(),
    void: z.boolean(),
    sync: z.boolean(),
    continueAction: z.boolean(),
    rebill: z.boolean(),
    stopSchedule: z.boolean(),
  }),
  /** Whether this gateway refunds in part; when not, why (shown next to the refund form). */
  refundPolicy: z.object({ partial: z.boolean(), note: z.string().nullable() }),
});
export type PaymentDetail = z.infer<typeof paymentDetailSchema>;

export const operationOutcomeSchema = z.object({
  paymentId: z.string(),
  operationId: z.string(),
  state: operationStateSchema,
  paymentStatus: paymentStatusSchema,
  gatewayCode: z.string().nullable(),
  gatewayMessage: z.string().nullable(),
  pendingAction: pendingActionSchema.nullable(),
});
export type OperationOutcome = z.infer<typeof operationOutcomeSchema>;

/** A refund above its profile's four-eyes threshold, waiting for (or decided by) a second operator. */
export const approvalRequestSchema = z.object({
  id: z.string(),
  paymentId: z.string(),
  profileId: z.string(),
  merchantReference: z.string(),
  amount: decimalAmountSchema,
  currency: z.string(),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: isoDateTimeSchema,
  expiresAt: isoDateTimeSchema,
  status: approvalStatusSchema,
  decidedBy: z.string().nullable(),
  decidedAt: isoDateTimeSchema.nullable(),
  note: z.string().nullable(),
  /** The refund an approval ran (its operation in the journal); null until approved. */
  operationId: z.string().nullable(),
});
export type ApprovalRequest = z.infer<typeof approvalRequestSchema>;

/** `payments:refund` above the threshold: nothing was refunded, a second operator is asked. */
export const approvalRequestedSchema = z.object({ approvalRequested: approvalRequestSchema });
export const refundAnswerSchema = z.union([operationOutcomeSchema, approvalRequestedSchema]);
export type RefundAnswer = z.infer<typeof refundAnswerSchema>;

/** A four-eyes threshold: refunds above `amount` (in `currency`) on the profile need a second operator. */
export const refundThresholdSchema = z.object({ profileId: idSchema, currency: currencyCodeSchema, amount: decimalAmountSchema }).strict();
export type RefundThreshold = z.infer<typeof refundThresholdSchema>;

export const approvalNoteSchema = withoutCardNumber(z.string().trim().max(500));

const optionValueSchema = z.union([z.string().max(2048), z.number(), z.boolean()]);

export const profileSchema = z.object({
  id: z.string(),
  name: z.string(),
  gatewayId: gatewayIdSchema,
  environment: environmentSchema,
  baseUrl: z.string(),
  options: z.record(z.string(), optionValueSchema),
  credentials: z.record(z.string(), z.boolean()),
  /** False when this version has no such gateway: the profile's settings are kept, nothing can be done with it. */
  available: z.boolean(),
});
export type Profile = z.infer<typeof profileSchema>;

export const gatewayDescriptorSchema = z.object({
  id: gatewayIdSchema,
  displayName: z.string(),
  capabilities: z.array(z.string()),
  paymentMethods: z.array(z.string()),
  moto: z.boolean(),
  /** The gateway's word for a void ('reversal' at OPPWA): the button, the confirmation and the timeline say it. */
  voidTerm: z.enum(['void', 'reversal']),
  /** An authorisation can be captured only once: a partial capture releases the rest (OPPWA). */
  singleCapture: z.boolean(),
  /** The currency a new payment's form starts with, per payment method (e.g. bank_transfer → NGN). */
  defaultCurrencies: z.record(z.string(), z.string()),
  credentialFields: z.array(z.object({ name: z.string(), label: z.string() })),
  optionFields: z.array(
    z.object({ name: z.string(), label: z.string(), type: z.enum(['string', 'number', 'boolean']), required: z.boolean() }),
  ),
  /**
   * What the gateway accepts as a merchant reference, and the profile options that change it; the
   * forms resolve it against the active profile's options (`resolveReferenceRule`).
   */
  referenceRule: z.object({
    rule: z.object({ characters: z.enum(REFERENCE_CHARACTER_SETS), minLength: z.number().int().min(1), maxLength: z.number().int().min(1) }),
    options: z.object({ characters: z.string().optional(), minLength: z.string().optional(), maxLength: z.string().optional() }),
  }),
  /** Names of the statement mappings shipped for the gateway (what `recon:import` takes), the default first. */
  statementMappings: z.array(z.string()),
  /** Reports the console can fetch from the gateway for a date range (what `recon:fetch` takes); none: files only. */
  statementReports: z.array(z.object({ name: z.string(), mapping: z.string() })).optional(),
});

export const storedCredentialSchema = z.object({
  id: z.string(),
  profileId: z.string(),
  gatewayId: gatewayIdSchema,
  type: z.enum(['card-token']),
  brand: cardBrandSchema,
  last4: z.string().nullable(),
  expiryMonth: z.number().int().nullable(),
  expiryYear: z.number().int().nullable(),
  holder: z.string().nullable(),
  originPaymentId: z.string().nullable(),
  status: z.enum(['active', 'deleted']),
  createdAt: isoDateTimeSchema,
});
export type StoredCredential = z.infer<typeof storedCredentialSchema>;

export const MANDATE_STATUSES = ['pending', 'active', 'cancelled', 'expired', 'declined'] as const;
export const mandateSchema = z.object({
  id: z.string(),
  profileId: z.string(),
  gatewayId: gatewayIdSchema,
  gatewayMandateId: z.string().nullable(),
  merchantReference: z.string(),
  phone: z.string(),
  customerName: z.string(),
  mandateType: z.enum(['SUBSCRIPTION', 'ONECLICK']),
  status: z.enum(MANDATE_STATUSES),
  limit: decimalAmountSchema.nullable(),
  currency: z.string().nullable(),
  expiresAt: isoDateTimeSchema.nullable(),
  gatewayCode: z.string().nullable(),
  gatewayMessage: z.string().nullable(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export type Mandate = z.infer<typeof mandateSchema>;

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: isoDateTimeSchema,
  operator: z.string(),
  origin: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  outcome: z.string(),
  details: z.string(),
});

/** `ok`, or the first entry that fails and why; see AUDIT_PROBLEM_KINDS. */
export const auditReportSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  problem: z.object({ kind: auditProblemKindSchema, seq: z.number().int().nullable(), message: z.string() }).nullable(),
  keyed: z.boolean(),
  legacyEntries: z.number().int(),
  anchoredEntries: z.number().int().nullable(),
});

// ---------- inputs ----------

/** A query the ledger reads as text: a NUL would cut it short where SQLite reads it as a C string. */
function queryText(max: number) {
  return z.string().max(max).refine((text) => !text.includes('\u0000'), 'The text cannot contain a NUL character');
}

/**
 * What the audit log can be narrowed to; every field left out matches everything. `from` is
 * inclusive and `to` exclusive, as instants with their offset, so the zone the operator picked the
 * days in is already in them.
 */
export const auditFilterFields = {
  operator: queryText(128).trim().min(1).optional(),
  actions: z.array(z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/, 'An action name, such as payment.refund')).min(1).max(64).optional(),
  /** The entry's target: a payment, profile, mandate, session… id. */
  targetId: queryText(128).trim().min(1).optional(),
  outcomes: z.array(z.string().regex(/^[A-Za-z][A-Za-z_-]{0,31}$/, 'An outcome name, such as succeeded')).min(1).max(64).optional(),
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
  /** Found anywhere in the operator, origin, action, target, outcome or details. */
  text: queryText(200).optional(),
};

function withOrderedPeriod<T extends z.ZodType<{ from?: string | undefined; to?: string | undefined }>>(schema: T): T {
  return schema.refine((filter) => filter.from === undefined || filter.to === undefined || Date.parse(filter.from) < Date.parse(filter.to), {
    message: 'The end of the period must come after its start',
    path: ['to'],
  }) as unknown as T;
}

export const auditFilterSchema = withOrderedPeriod(z.object(auditFilterFields).strict());
export type AuditFilterInput = z.input<typeof auditFilterSchema>;

/** An IANA zone name; the core refuses one its runtime does not know. */
export const timeZoneSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_+\-/]+$/, 'An IANA time zone, e.g. Europe/Lisbon');

const profileOptionsInput = z.record(z.string().max(64), optionValueSchema).refine((o) => Object.keys(o).length <= 32, 'Too many options');

export const cardInputSchema = z.strictObject({
  number: z.string().max(32),
  expiryMonth: z.number().int().min(1).max(12),
  expiryYear: z.number().int().min(2000).max(2100),
  cvv: z.string().max(8),
  holder: withoutCardNumber(z.string().trim().min(1).max(64)),
});

export { paymentFiltersSchema, paymentFiltersShape, paymentMethodCodeSchema, type ChosenPaymentFilters, type PaymentFilters } from './payment-filters.ts';

export const searchInputSchema = z
  .object({
    ...paymentFiltersShape,
    sort: listSortSchema.default('newest'),
    limit: z.number().int().min(1).max(500).default(100),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type SearchInput = z.input<typeof searchInputSchema>;


export const profileNameSchema = withoutCardNumber(z.string().trim().min(1).max(64));
/** The name an MB WAY mandate is made out to, as SIBS takes it. */
export const mandateCustomerNameSchema = withoutCardNumber(z.string().trim().min(1).max(45));
/** A gateway id, reference or payment id a session's rows are searched for. */
export const reconRowsTextSchema = z.string().max(128);
/** A one-time password the customer reads out. */
export const otpSchema = z.string().min(4, '4 to 8 digits').max(8, '4 to 8 digits').regex(/^\d+$/, '4 to 8 digits');
/** How many dated amounts an instalment plan the gateway runs may have. */
export const INSTALLMENT_COUNT = { min: 2, max: 12 } as const;
/** How long a Multibanco reference stays payable, in hours: up to 90 days. */
export const multibancoValidForHoursSchema = z.number().int().min(1).max(24 * 90).default(72);
/** One secret of a profile as it goes into the keychain. */
export const credentialValueSchema = z.string().min(1).max(8192);
export { gatewayTransactionIdSchema } from '../domain/schemas.ts';

export const customerNameSchema = withoutCardNumber(z.string().max(64));
export const customerEmailSchema = withoutCardNumber(z.string().max(254).email());
/** A phone kept with a card payment for the record (not a number the gateway calls). */
export const customerPhoneSchema = withoutCardNumber(z.string().max(32).regex(/^[+\d#][\d\s#-]*$/, 'Digits only, optionally with + or #'));

/** A phone as typed by an agent: "+351 912 345 678", "912345678" or "351#912345678". */
export const phoneInputSchema = withoutCardNumber(z.string().trim().min(9).max(20).regex(/^\+?[\d\s#-]+$/, 'Digits only, optionally with +, spaces or #'));

const asyncPaymentInput = {
  profileId: idSchema,
  money: moneySchema,
  merchantReference: merchantReferenceSchema.optional(),
  description: shortTextSchema.optional(),
};

/** The ledger choice as the renderer may see it: the password only as stored or not. */
const ledgerChoiceAnswerSchema = z.object({
  choice: ledgerChoiceSchema,
  passwordStored: z.boolean(),
  /** A saved choice is used from the next start of the console on. */
  takesEffect: z.literal('on-restart'),
});

// ---------- the channels ----------

interface ChannelDef<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly description: string;
  /** Moves money or changes credentials/settings: audited, and confirmed in production by the UI. */
  readonly sensitive: boolean;
}

// ---------- reconciliation ----------

export const reconSessionSchema = z.object({
  id: z.string(),
  operator: z.string(),
  createdAt: isoDateTimeSchema,
  profileId: z.string(),
  source: z.string(),
  mapping: z.string(),
  periodFrom: isoDateTimeSchema,
  periodTo: isoDateTimeSchema,
  status: z.enum(['running', 'done', 'cancelled']),
  rowCount: z.number().int(),
  finishedAt: isoDateTimeSchema.nullable(),
});
export type ReconSession = z.infer<typeof reconSessionSchema>;

export const reconRowSchema = z.object({
  id: z.number().int(),
  sessionId: z.string(),
  reconClass: reconClassSchema,
  reason: z.string().nullable(),
  paymentId: z.string().nullable(),
  line: z.number().int().nullable(),
  gatewayTransactionId: z.string().nullable(),
  merchantReference: z.string().nullable(),
  kind: statementEntryKindSchema.nullable(),
  statementStatus: statementStatusSchema.nullable(),
  amount: decimalAmountSchema,
  currency: z.string(),
  fee: decimalAmountSchema.nullable(),
  net: decimalAmountSchema.nullable(),
  transactionAt: isoDateTimeSchema.nullable(),
  settledAt: isoDateTimeSchema.nullable(),
  merchantAccount: z.string().nullable(),
  ledgerAmount: decimalAmountSchema.nullable(),
  ledgerStatus: paymentStatusSchema.nullable(),
  resolution: z
    .object({
      kind: z.enum(['accepted', 'linked', 'follow_up']),
      note: z.string().nullable(),
      followUp: z.enum(['sync_payment', 'import_payment', 'open_refund']).nullable(),
      by: z.string(),
      at: isoDateTimeSchema,
    })
    .nullable(),
});
export type ReconRow = z.infer<typeof reconRowSchema>;

export const reconNoteSchema = withoutCardNumber(z.string().trim().max(1000));
/** Accepting a row that does not match says why. */
export const reconAcceptNoteSchema = withoutCardNumber(z.string().trim().min(3, 'Say why the row is accepted').max(1000));
const reconRowRef = { sessionId: idSchema, rowId: z.number().int().positive() };
/** What a statement import names besides the file's bytes, however the bytes travel. */
const statementImportFields = {
  profileId: idSchema,
  /** The name of one of the gateway's shipped statement mappings, or of a mapping saved in this workspace. */
  mapping: withoutCardNumber(z.string().trim().min(1).max(120)),
  /** Which list the name is from; left out, a shipped mapping of that name comes before a saved one. */
  mappingKind: mappingKindSchema.optional(),
  fileName: withoutCardNumber(z.string().trim().min(1).max(255)),
  period: z.object({ from: isoDateTimeSchema, to: isoDateTimeSchema }).strict(),
  /** Delimiter, decimal separator, encoding, date format, time zone: each left out is detected. */
  format: z.record(z.string().max(32), withoutCardNumber(z.string().max(64))).optional(),
};
const reconImportAnswerSchema = z.object({
  session: reconSessionSchema,
  rows: z.number().int(),
  /** Rows that could not be read, with their line and why (never the row's text). */
  skipped: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});
/**
 * One chunk of a statement upload, base64: browser mode carries the contract as JSON bodies of at
 * most 1 MiB (electron/browser/server.ts), so 512 KiB of bytes (699,052 characters) is the most
 * one chunk can be on every way into the door.
 */
export const STATEMENT_CHUNK_MAX_BYTES = 512 * 1024;
const uploadIdSchema = z.string().regex(/^upl_[A-Za-z0-9_-]{8,64}$/, 'An upload id the core gave out');

function channel<I extends z.ZodType, O extends z.ZodType>(def: ChannelDef<I, O>): ChannelDef<I, O> {
  return def;
}

export const channels = {
  'app:info': channel({
    description: 'Version, mode, operator and sandbox state.',
    sensitive: false,
    input: empty,
    output: z.object({
      version: z.string(),
      mode: z.enum(['electron', 'browser', 'cli']),
      operator: z.string(),
      dataDir: z.string(),
      sandbox: z.object({ running: z.boolean(), baseUrl: z.string().nullable() }),
      /** Where gateways can deliver webhooks to this console (loopback), if the receiver runs. */
      notifications: z.object({ running: z.boolean(), baseUrl: z.string().nullable() }),
      /** What the console could not read and what it did instead (settings kept aside, a profile left out), for the operator to see. */
      notices: z.array(z.string().max(1000)).max(50),
    }),
  }),
  'gateways:list': channel({
    description: 'Gateways this console speaks to, with their capabilities and credential fields.',
    sensitive: false,
    input: empty,
    output: z.array(gatewayDescriptorSchema),
  }),
  'profiles:list': channel({
    description: 'Merchant profiles (one account on one gateway and environment); secrets only as present/absent.',
    sensitive: false,
    input: empty,
    output: z.array(profileSchema),
  }),
  'profiles:create': channel({
    description: 'Creates a merchant profile.',
    sensitive: true,
    input: z
      .object({
        name: profileNameSchema,
        gatewayId: gatewayIdSchema,
        environment: environmentSchema,
        baseUrl: profileBaseUrlSchema,
        options: profileOptionsInput.default({}),
      })
      .strict(),
    output: profileSchema,
  }),
  'profiles:update': channel({
    description: 'Changes a profile’s name, base URL or options.',
    sensitive: true,
    input: z
      .object({
        id: idSchema,
        name: profileNameSchema.optional(),
        baseUrl: profileBaseUrlSchema.optional(),
        options: profileOptionsInput.optional(),
      })
      .strict(),
    output: profileSchema,
  }),
  'profiles:delete': channel({
    description: 'Deletes a profile and its keychain entries; its payments stay in the ledger.',
    sensitive: true,
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'credentials:set': channel({
    description: 'Stores one secret of a profile in the OS keychain. Write-only.',
    sensitive: true,
    input: z.object({ profileId: idSchema, field: idSchema, value: credentialValueSchema }).strict(),
    output: z.object({ stored: z.literal(true) }),
  }),
  'credentials:delete': channel({
    description: 'Removes one secret of a profile from the OS keychain.',
    sensitive: true,
    input: z.object({ profileId: idSchema, field: idSchema }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'credentials:test': channel({
    description: 'Makes a harmless authenticated call to the gateway with the stored credentials.',
    sensitive: false,
    input: z.object({ profileId: idSchema }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  }),
  'payments:createMoto': channel({
    description: 'Keys a MOTO card payment (sale or authorisation). Card data is used once and never stored.',
    sensitive: true,
    input: z
      .object({
        profileId: idSchema,
        kind: paymentKindSchema,
        money: moneySchema,
        merchantReference: merchantReferenceSchema.optional(),
        description: shortTextSchema.optional(),
        card: cardInputSchema,
        /** Ask the gateway for a token so later merchant-initiated charges can use this card. */
        storeCard: z.boolean().default(false),
        /** An instalment plan the gateway runs (Be2bill N-times): 2 to 12 dated amounts adding up to the total; the first is today. */
        installments: z
          .array(z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD'), amount: decimalAmountSchema }))
          .min(INSTALLMENT_COUNT.min)
          .max(INSTALLMENT_COUNT.max)
          .optional(),
        customer: z
          .object({
            name: customerNameSchema.optional(),
            email: customerEmailSchema.optional(),
            phone: customerPhoneSchema.optional(),
          })
          .strict()
          .default({}),
      })
      .strict(),
    output: operationOutcomeSchema,
  }),
  'payments:requestMbway': channel({
    description: 'Sends an MB WAY payment request to the customer’s phone; it completes when they approve it in the app.',
    sensitive: true,
    input: z
      .object({
        ...asyncPaymentInput,
        phone: phoneInputSchema,
        customer: z.object({ name: customerNameSchema.optional(), email: customerEmailSchema.optional() }).strict().default({}),
      })
      .strict(),
    output: operationOutcomeSchema,
  }),
  'payments:createMultibancoReference': channel({
    description: 'Generates a Multibanco reference (entity, reference, amount, expiry) for the customer to pay at an ATM or in home banking.',
    sensitive: true,
    input: z
      .object({
        ...asyncPaymentInput,
        /** How long the reference can be paid, in hours (default 72). */
        validForHours: multibancoValidForHoursSchema,
        customer: z.object({ name: customerNameSchema.optional(), email: customerEmailSchema.optional() }).strict().default({}),
      })
      .strict(),
    output: operationOutcomeSchema,
  }),
  'payments:continueAction': channel({
    description: 'Resubmits a payment after the customer completed the action the gateway asked for (3-D Secure), or submits the OTP the customer read out.',
    sensitive: true,
    input: z.object({ paymentId: idSchema, otp: otpSchema.optional() }).strict(),
    output: operationOutcomeSchema,
  }),
  'payments:requestBankTransfer': channel({
    description: 'Creates one-off bank-transfer details (a virtual account) for the customer to pay into.',
    sensitive: true,
    input: z
      .object({
        ...asyncPaymentInput,
        customer: z.object({ name: customerNameSchema.optional(), email: customerEmailSchema }).strict(),
      })
      .strict(),
    output: operationOutcomeSchema,
  }),
  'payments:ussdBanks': channel({
    description: 'The banks whose customers can pay by USSD code on this profile’s gateway.',
    sensitive: false,
    input: z.object({ profileId: idSchema }).strict(),
    output: z.array(z.object({ name: z.string(), code: z.string() })),
  }),
  'payments:requestUssd': channel({
    description: 'Creates a USSD code for the customer to dial on their bank’s line; the payment is followed until final.',
    sensitive: true,
    input: z
      .object({
        ...asyncPaymentInput,
        /** One of `payments:ussdBanks`' codes: the customer's bank. */
        bankCode: withoutCardNumber(z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9_-]+$/, 'A bank code from the list')),
        customer: z.object({ name: customerNameSchema.optional(), email: customerEmailSchema }).strict(),
      })
      .strict(),
    output: operationOutcomeSchema,
  }),
  'payments:import': channel({
    description: 'Looks a payment made elsewhere up at the gateway and imports it into the ledger (marked imported).',
    sensitive: true,
    input: z
      .object({ profileId: idSchema, gatewayTransactionId: gatewayTransactionIdSchema.optional(), merchantReference: merchantReferenceSchema.optional() })
      .strict()
      .refine((input) => input.gatewayTransactionId !== undefined || input.merchantReference !== undefined, 'Give the gateway’s transaction id or the order reference'),
    output: paymentDetailSchema,
  }),
  'payments:stopSchedule': channel({
    description: 'Stops the instalments of a schedule that have not been charged yet.',
    sensitive: true,
    input: z.object({ paymentId: idSchema }).strict(),
    output: operationOutcomeSchema,
  }),
  'payments:chargeStored': channel({
    description: 'Merchant-initiated charge with a stored card token.',
    sensitive: true,
    input: z
      .object({
        tokenId: idSchema,
        kind: paymentKindSchema.default('sale'),
        money: moneySchema,
        merchantReference: merchantReferenceSchema.optional(),
        description: shortTextSchema.optional(),
        recurrence: z.enum(['recurring', 'unscheduled']),
        reason: reasonSchema,
      })
      .strict(),
    output: operationOutcomeSchema,
  }),
  'tokens:list': channel({
    description: 'Stored card tokens (brand, last 4, expiry, origin payment).',
    sensitive: false,
    input: z.object({ profileId: idSchema.optional() }).strict(),
    output: z.array(storedCredentialSchema),
  }),
  'tokens:delete': channel({
    description: 'Deletes a stored card at its gateway (where the gateway can), then forgets it; a card the gateway still holds stays stored.',
    sensitive: true,
    input: z.object({ tokenId: idSchema }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'mitbatch:preview': channel({
    description:
      "Reads a CSV of merchant-initiated charges (token_id or customer_reference, amount, currency, merchant_reference, recurrence, optional description) for a profile and checks every row against the profile's stored cards and the contract's rules; keeps it as a batch in the ledger (previewed) with each row's problems by line and the valid rows' count and amount per currency. Nothing is charged.",
    sensitive: true,
    input: z
      .object({
        profileId: idSchema,
        fileName: mitBatchFileNameSchema,
        /** The file's text (UTF-8 decoded, a byte-order mark allowed). */
        content: z.string().min(1).max(MIT_BATCH_MAX_FILE_CHARS),
      })
      .strict(),
    output: z.object({
      batch: mitBatchSchema,
      /** Every row refused, in file order, with its line and each problem (never the row's text). */
      invalid: z.array(z.object({ ordinal: z.number().int(), line: z.number().int(), problems: z.array(mitBatchRowProblemSchema) })),
    }),
  }),
  'mitbatch:start': channel({
    description:
      'Starts charging a previewed batch\'s valid rows (the invalid ones are never charged), a bounded number at a time within the gateway\'s limits; `confirmRows` is the count of valid rows the operator confirmed. Answers once it runs; progress on mitbatch:progress.',
    sensitive: true,
    input: z.object({ batchId: idSchema, confirmRows: z.number().int().min(1) }).strict(),
    output: mitBatchSchema,
  }),
  'mitbatch:pause': channel({
    description: 'Pauses a running batch: charges already on their way finish, no new one starts.',
    sensitive: true,
    input: z.object({ batchId: idSchema }).strict(),
    output: mitBatchSchema,
  }),
  'mitbatch:resume': channel({
    description: 'Resumes a paused batch (or one this console was running when it stopped): rows already sent are resolved by asking the gateway, never sent again.',
    sensitive: true,
    input: z.object({ batchId: idSchema }).strict(),
    output: mitBatchSchema,
  }),
  'mitbatch:cancel': channel({
    description: 'Cancels a batch: charges on their way finish, the rows not started are skipped; the counts say how many ran.',
    sensitive: true,
    input: z.object({ batchId: idSchema }).strict(),
    output: mitBatchSchema,
  }),
  'mitbatch:list': channel({
    description: 'Merchant-initiated charge batches, newest first.',
    sensitive: false,
    input: z.object({ profileId: idSchema.optional(), status: mitBatchStatusSchema.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.array(mitBatchSchema),
  }),
  'mitbatch:get': channel({
    description: 'One batch with its counts per row state and its valid rows\' totals per currency.',
    sensitive: false,
    input: z.object({ batchId: idSchema }).strict(),
    output: mitBatchSchema,
  }),
  'mitbatch:rows': channel({
    description: 'One page of a batch\'s rows in file order (optionally in one state), keyset cursor.',
    sensitive: false,
    input: z
      .object({
        batchId: idSchema,
        state: mitBatchRowStateSchema.optional(),
        limit: z.number().int().min(1).max(1000).default(200),
        cursor: z.string().max(16).nullable().default(null),
      })
      .strict(),
    output: z.object({ rows: z.array(mitBatchRowSchema), nextCursor: z.string().nullable() }),
  }),
  'mitbatch:export': channel({
    description:
      'Writes a batch\'s result to a CSV file in the data folder: one line per row of the file with its outcome, payment id, gateway id and error; times in the given time zone, named in the first line; separators, decimal mark and header language as chosen.',
    sensitive: false,
    input: z.object({ batchId: idSchema, timeZone: timeZoneSchema.default('UTC'), ...csvFormatFields }).strict(),
    output: z.object({ path: z.string(), rows: z.number().int() }),
  }),
  'mandates:create': channel({
    description: 'Asks the customer to authorise an MB WAY mandate (they set its limit and expiry in the app).',
    sensitive: true,
    input: z
      .object({
        profileId: idSchema,
        phone: phoneInputSchema,
        customerName: mandateCustomerNameSchema,
        mandateType: z.enum(['SUBSCRIPTION', 'ONECLICK']).default('SUBSCRIPTION'),
        merchantReference: merchantReferenceSchema.optional(),
      })
      .strict(),
    output: mandateSchema,
  }),
  'mandates:list': channel({
    description: 'MB WAY mandates known to the ledger.',
    sensitive: false,
    input: z.object({ profileId: idSchema.optional() }).strict(),
    output: z.array(mandateSchema),
  }),
  'mandates:sync': channel({
    description: 'Asks the gateway for a mandate’s current state.',
    sensitive: false,
    input: z.object({ mandateId: idSchema }).strict(),
    output: mandateSchema,
  }),
  'mandates:cancel': channel({
    description: 'Cancels an MB WAY mandate.',
    sensitive: true,
    input: z.object({ mandateId: idSchema }).strict(),
    output: mandateSchema,
  }),
  'mandates:charge': channel({
    description: 'Collects a payment through an active mandate, within its limit and expiry.',
    sensitive: true,
    input: z
      .object({ mandateId: idSchema, money: moneySchema, merchantReference: merchantReferenceSchema.optional(), description: shortTextSchema.optional() })
      .strict(),
    output: operationOutcomeSchema,
  }),
  'payments:search': channel({
    description: 'Searches the ledger, newest first, one page at a time.',
    sensitive: false,
    input: searchInputSchema,
    output: z.object({
      rows: z.array(paymentSummarySchema),
      nextCursor: z.string().nullable(),
      /** Payments of this page that could not be shown at all (their ids are in the log); absent when none. */
      skipped: z.number().int().min(1).optional(),
    }),
  }),
  'payments:export': channel({
    description:
      "Writes every payment the list's filters match (newest first, at most 1,000,000) to a CSV file in the data folder's exports, times in the given time zone, named in the first line and in the file's name, separators, decimal mark and header language as chosen; progress on payments:exportProgress, stopped by payments:exportCancel (then no file is left).",
    sensitive: false,
    input: searchInputSchema
      .omit({ limit: true, cursor: true })
      .extend({ timeZone: timeZoneSchema, ...csvFormatFields })
      .strict(),
    output: z.object({
      exportId: z.string(),
      /** Null when the export was cancelled: nothing was kept. */
      path: z.string().nullable(),
      rows: z.number().int(),
      /** More payments matched than one file holds: the newest were written. */
      limitReached: z.boolean(),
    }),
  }),
  'payments:exportCancel': channel({
    description: 'Stops an export running in this console; its file is not kept. Answers whether one was running.',
    sensitive: false,
    input: z.object({ exportId: idSchema }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  }),
  'payments:totals': channel({
    description: 'How many payments the list’s filters find, and their amounts summed per currency (never across currencies).',
    sensitive: false,
    input: paymentFiltersSchema,
    output: z.object({
      count: z.number().int().min(0),
      currencies: z.array(z.object({ currency: z.string(), count: z.number().int().min(0), amount: decimalAmountSchema })),
    }),
  }),
  'payments:get': channel({
    description: 'One payment with its operations, status history and the size of its wire log.',
    sensitive: false,
    input: z.object({ paymentId: idSchema }).strict(),
    output: paymentDetailSchema,
  }),
  'payments:wireLog': channel({
    description: "One page of a payment's redacted wire log, newest first, keyset cursor.",
    sensitive: false,
    input: z
      .object({
        paymentId: idSchema,
        limit: z.number().int().min(1).max(100).default(20),
        cursor: wireCursorSchema.nullable().default(null),
      })
      .strict(),
    output: z.object({ entries: z.array(wireEntrySchema), nextCursor: wireCursorSchema.nullable() }),
  }),
  'payments:capture': channel({
    description: 'Captures all or part of an authorisation. `expectedCapturable` is what the form showed.',
    sensitive: true,
    input: z.object({ paymentId: idSchema, amount: decimalAmountSchema, expectedCapturable: decimalAmountSchema }).strict(),
    output: operationOutcomeSchema,
  }),
  'payments:refund': channel({
    description: 'Refunds all or part of what was captured. `expectedRefundable` is what the form showed. Above the four-eyes threshold (team mode) it asks for approval instead.',
    sensitive: true,
    input: z
      .object({
        paymentId: idSchema,
        amount: decimalAmountSchema,
        expectedRefundable: decimalAmountSchema,
        reason: reasonSchema,
      })
      .strict(),
    /** In team mode, above the profile's threshold, the refund becomes an approval request instead. */
    output: refundAnswerSchema,
  }),
  'payments:void': channel({
    description: 'Cancels what is left of an authorisation.',
    sensitive: true,
    input: z.object({ paymentId: idSchema, expectedCapturable: decimalAmountSchema }).strict(),
    output: operationOutcomeSchema,
  }),
  'payments:rebill': channel({
    description: 'A new debit referencing a settled sale (e.g. after a chargeback), where the gateway supports it.',
    sensitive: true,
    input: z.object({ paymentId: idSchema, amount: decimalAmountSchema, reason: reasonSchema }).strict(),
    output: operationOutcomeSchema,
  }),
  'payments:sync': channel({
    description: 'Asks the gateway for the payment’s status and applies it.',
    sensitive: false,
    input: z.object({ paymentId: idSchema }).strict(),
    output: paymentDetailSchema,
  }),
  'poller:queue': channel({
    description: 'What the status poller is waiting on: since when, next check, last answer, attempts.',
    sensitive: false,
    input: z
      .object({ gatewayId: gatewayIdSchema.optional(), state: z.enum(['waiting', 'backing_off']).optional(), limit: z.number().int().min(1).max(1000).default(200) })
      .strict(),
    output: z.object({
      entries: z.array(
        z.object({
          subject: z.enum(['payment', 'mandate']),
          subjectId: z.string(),
          gatewayId: gatewayIdSchema,
          profileName: z.string(),
          status: z.string(),
          method: z.string(),
          amount: decimalAmountSchema.nullable(),
          currency: z.string().nullable(),
          merchantReference: z.string(),
          firstSeenAt: isoDateTimeSchema,
          nextCheckAt: isoDateTimeSchema,
          lastCheckedAt: isoDateTimeSchema.nullable(),
          attempts: z.number().int(),
          state: z.enum(['waiting', 'backing_off']),
          lastAnswer: z.string().nullable(),
          lastError: z.string().nullable(),
        }),
      ),
      total: z.number().int(),
      needsReview: z.number().int(),
      /** Who polls the gateways for every console on this ledger: this console, another (as it names itself), or nobody right now (`by` null). */
      polledBy: z.object({ here: z.boolean(), by: z.string().max(200).nullable() }),
    }),
  }),
  'poller:summary': channel({
    description: 'The status badges: entries the poller waits on and payments that need review.',
    sensitive: false,
    input: empty,
    output: pollerSummarySchema,
  }),
  'poller:syncNow': channel({
    description: 'Checks the given payments with their gateways now (progress is reported as events).',
    sensitive: false,
    input: z.object({ paymentIds: z.array(idSchema).min(1).max(500) }).strict(),
    output: z.object({
      results: z.array(z.object({ paymentId: z.string(), ok: z.boolean(), status: paymentStatusSchema.nullable(), message: z.string() })),
    }),
  }),
  'audit:list': channel({
    description: 'Audit log entries, newest first.',
    sensitive: false,
    input: z.object({ limit: z.number().int().min(1).max(1000).default(100), beforeSeq: z.number().int().positive().optional() }).strict(),
    output: z.array(auditEntrySchema),
  }),
  'audit:search': channel({
    description: 'Audit log entries matching a filter (operator, actions, target, outcomes, period, free text), newest first, one page at a time.',
    sensitive: false,
    input: withOrderedPeriod(
      z
        .object({
          ...auditFilterFields,
          limit: z.number().int().min(1).max(500).default(100),
          /** The `nextCursor` of the page before. */
          cursor: z.string().regex(/^[1-9][0-9]{0,15}$/, 'A page cursor the ledger issued').optional(),
        })
        .strict(),
    ),
    output: z.object({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() }),
  }),
  'audit:export': channel({
    description: 'Writes the audit log entries matching a filter to a CSV file in the data folder, newest first as the screen lists them; times in the given time zone, named in the first line and in the file name; separators, decimal mark and header language as chosen.',
    sensitive: false,
    input: withOrderedPeriod(z.object({ ...auditFilterFields, timeZone: timeZoneSchema.default('UTC'), ...csvFormatFields }).strict()),
    output: z.object({ path: z.string(), rows: z.number().int() }),
  }),
  'dashboard:summary': channel({
    description: 'The dashboard of a period (calendar days in the given time zone): payments and approved volume per day and currency, status mix, the commonest decline reasons, how long waiting payments have waited, per gateway and currency.',
    sensitive: false,
    input: dashboardInputSchema,
    output: dashboardSummarySchema,
  }),
  'audit:verify': channel({
    description: 'Verifies the audit log: its keyed hash chain and the anchor of its head kept outside the database.',
    sensitive: false,
    input: empty,
    output: auditReportSchema,
  }),
  'sandbox:info': channel({
    description: 'The built-in sandbox: where it runs and which test scenarios it understands.',
    sensitive: false,
    input: empty,
    output: z.object({
      running: z.boolean(),
      baseUrl: z.string().nullable(),
      scenarios: z.array(
        z.object({ gatewayId: gatewayIdSchema, name: z.string(), description: z.string(), card: z.string().nullable(), cvv: z.string().nullable() }),
      ),
      customerActions: z.array(z.object({ gatewayId: gatewayIdSchema, name: z.string(), label: z.string(), target: z.enum(['payment', 'mandate']) })),
    }),
  }),
  'sandbox:act': channel({
    description: 'Plays the customer in the sandbox: approve an MB WAY request, pay a reference, approve a mandate…',
    sensitive: false,
    input: z.object({ action: z.string().min(1).max(64).regex(/^[a-z]+\.[a-z]+$/), targetId: idSchema }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  }),
  'sandbox:statement': channel({
    description: "The settlement/transactions file a sandbox gateway would send for a period, written from its emulator's book, with the discrepancies asked for planted and listed.",
    sensitive: false,
    input: sandboxStatementInputSchema,
    output: sandboxStatementAnswerSchema,
  }),
  'ledger:get': channel({
    description: 'Where this workspace keeps its ledger (this computer, or a shared PostgreSQL database); the password only as stored or not.',
    sensitive: false,
    input: empty,
    output: ledgerChoiceAnswerSchema,
  }),
  'ledger:save': channel({
    description: 'Chooses where this workspace keeps its ledger; the password goes to the keychain. Takes effect when the console restarts.',
    sensitive: true,
    input: z.object({ choice: ledgerChoiceSchema, password: ledgerPasswordSchema.optional() }).strict(),
    output: ledgerChoiceAnswerSchema,
  }),
  'ledger:testConnection': channel({
    description: 'Connects once to a PostgreSQL database and reads its version and the ledger schema version; changes nothing.',
    sensitive: false,
    input: z
      .object({
        connectionString: postgresConnectionStringSchema,
        /** Omitted: the stored password, and only towards the saved connection string. */
        password: ledgerPasswordSchema.optional(),
      })
      .strict(),
    output: ledgerConnectionTestSchema,
  }),
  'receiver:get': channel({
    description: "The team webhook receiver's public base URL (shared by every console on the ledger) and, under it, the address to paste into each profile's gateway back office.",
    sensitive: false,
    input: empty,
    output: receiverSettingsAnswerSchema,
  }),
  'receiver:save': channel({
    description: "Sets (or, with null, clears) the team webhook receiver's public base URL, for every console on the ledger.",
    sensitive: false,
    input: z.object({ publicBaseUrl: receiverPublicBaseUrlSchema.nullable() }).strict(),
    output: receiverSettingsAnswerSchema,
  }),
  'recon:mappings': channel({
    description: "The statement mappings a profile can import with: those shipped for its gateway and those saved in this workspace, each marked which.",
    sensitive: false,
    input: z.object({ profileId: idSchema }).strict(),
    output: z.array(mappingListEntrySchema),
  }),
  'recon:saveMapping': channel({
    description: 'Saves a user-defined statement mapping by name in this workspace (replacing the saved one of that name only when asked); refused, with nothing saved, unless the reader can run it.',
    sensitive: true,
    input: z.object({ mapping: mappingToSaveSchema, replace: z.boolean().default(false) }).strict(),
    output: mappingListEntrySchema,
  }),
  'recon:deleteMapping': channel({
    description: 'Deletes a saved statement mapping; sessions imported with it keep its name.',
    sensitive: true,
    input: z.object({ name: mappingNameSchema }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'views:list': channel({
    description: 'The payments list’s saved views, the pinned one (opened by default) first.',
    sensitive: false,
    input: z.object({}).strict(),
    output: z.array(savedViewSchema),
  }),
  'views:save': channel({
    description: 'Saves the list’s filters, query, order and columns under a new name.',
    sensitive: true,
    input: z.object({ name: viewNameSchema, content: viewContentSchema, pinned: z.boolean().default(false) }).strict(),
    output: savedViewSchema,
  }),
  'views:update': channel({
    description: 'Renames a saved view, pins or unpins it (pinning one unpins the others), or replaces what it shows.',
    sensitive: true,
    input: z.object({ id: viewIdSchema, name: viewNameSchema.optional(), pinned: z.boolean().optional(), content: viewContentSchema.optional() }).strict(),
    output: savedViewSchema,
  }),
  'views:delete': channel({
    description: 'Deletes a saved view.',
    sensitive: true,
    input: z.object({ id: viewIdSchema }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'recon:preview': channel({
    description: "A statement file's first bytes read as the column picker shows them: the format detected or chosen, the headers, the first rows as they are and as a (possibly half-made) mapping reads them, and each problem.",
    sensitive: false,
    input: z
      .object({
        /** The file's first bytes (at most PREVIEW_MAX_BYTES), base64. */
        contentBase64: z.string().max(PREVIEW_MAX_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
        mapping: mappingDraftSchema.optional(),
        format: z.record(z.string().max(32), withoutCardNumber(z.string().max(64))).optional(),
      })
      .strict(),
    output: statementPreviewSchema,
  }),
  'recon:import': channel({
    description:
      "Imports a gateway statement into a new reconciliation session: read with one of the profile's gateway mappings (format detected unless chosen), matched against the ledger for the period; progress on recon:progress.",
    sensitive: true,
    input: z
      .object({
        ...statementImportFields,
        /** The file's bytes, base64 (the statement file as the gateway delivered it, any encoding). */
        contentBase64: z.string().max(200 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
      })
      .strict(),
    output: reconImportAnswerSchema,
  }),
  'recon:uploadBegin': channel({
    description:
      'Starts importing a statement that arrives in chunks (recon:uploadChunk, then recon:uploadFinish): the import reads each chunk as it comes, so no message carries the whole file. An upload left without a chunk for a while is cancelled with nothing imported.',
    sensitive: true,
    input: z.object(statementImportFields).strict(),
    output: z.object({ uploadId: uploadIdSchema, chunkMaxBytes: z.number().int() }),
  }),
  'recon:uploadChunk': channel({
    description:
      'The next chunk of an upload, numbered from 0. Answers once the import has room for it; a chunk out of order, or for an upload unknown or already ended, is refused and changes nothing.',
    sensitive: true,
    input: z
      .object({
        uploadId: uploadIdSchema,
        sequence: z.number().int().min(0).max(1_000_000),
        bytesBase64: z
          .string()
          .min(4)
          .max(Math.ceil(STATEMENT_CHUNK_MAX_BYTES / 3) * 4)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64')
          .refine((value) => value.length % 4 === 0, 'not base64: its length is not a multiple of 4'),
      })
      .strict(),
    output: z.object({ received: z.number().int() }),
  }),
  'recon:uploadFinish': channel({
    description: 'Ends an upload after its last chunk (how many were sent, as a check) and answers with the import once it is done.',
    sensitive: true,
    input: z.object({ uploadId: uploadIdSchema, chunks: z.number().int().min(0).max(1_000_001) }).strict(),
    output: reconImportAnswerSchema,
  }),
  'recon:uploadAbort': channel({
    description: 'Gives an upload up: its import is cancelled and nothing of it is kept.',
    sensitive: true,
    input: z.object({ uploadId: uploadIdSchema }).strict(),
    output: z.object({ aborted: z.boolean() }),
  }),
  'recon:sessions': channel({
    description: 'Reconciliation sessions, newest first: who imported which statement, with which mapping, for which period.',
    sensitive: false,
    input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    output: z.array(reconSessionSchema),
  }),
  'recon:session': channel({
    description: 'One reconciliation session with its count and gross per class and currency.',
    sensitive: false,
    input: z.object({ sessionId: idSchema }).strict(),
    output: z.object({
      session: reconSessionSchema,
      totals: z.array(z.object({ reconClass: reconClassSchema, currency: z.string(), count: z.number().int(), amount: decimalAmountSchema })),
    }),
  }),
  'recon:rows': channel({
    description: 'One page of a session’s rows in file order, optionally of one class and containing a text (gateway id, reference, payment id).',
    sensitive: false,
    input: z
      .object({
        sessionId: idSchema,
        reconClass: reconClassSchema.optional(),
        text: reconRowsTextSchema.optional(),
        limit: z.number().int().min(1).max(1000).default(200),
        cursor: z.string().max(32).nullable().default(null),
      })
      .strict(),
    output: z.object({ rows: z.array(reconRowSchema), nextCursor: z.string().nullable() }),
  }),
  'recon:resolve': channel({
    description: 'Resolves one row: accept it with a note, link it to a ledger payment (re-classified against it), or follow up (sync the payment, import a payment made elsewhere, record a refund owed).',
    sensitive: true,
    input: z.discriminatedUnion('action', [
      z.object({ ...reconRowRef, action: z.literal('accept'), note: reconAcceptNoteSchema }).strict(),
      z.object({ ...reconRowRef, action: z.literal('link'), paymentId: idSchema, note: reconNoteSchema.optional() }).strict(),
      z.object({ ...reconRowRef, action: z.literal('follow_up'), followUp: z.enum(['sync_payment', 'import_payment', 'open_refund']), note: reconNoteSchema.optional() }).strict(),
    ]),
    output: reconRowSchema,
  }),
  'recon:export': channel({
    description: 'Writes a session’s rows (optionally one class) to a CSV file in the data folder; times in the given time zone, named in the first line; separators, decimal mark and header language as chosen.',
    sensitive: false,
    input: z
      .object({
        sessionId: idSchema,
        reconClass: reconClassSchema.optional(),
        timeZone: timeZoneSchema.default('UTC'),
        ...csvFormatFields,
      })
      .strict(),
    output: z.object({ path: z.string(), rows: z.number().int() }),
  }),
  'recon:cancel': channel({
    description: 'Cancels a running import: its rows are removed, the session stays marked cancelled.',
    sensitive: true,
    input: z.object({ sessionId: idSchema }).strict(),
    output: reconSessionSchema,
  }),
  'recon:fetch': channel({
    description:
      "Fetches one of the gateway's reports for a period from its report API (paged queries, or a report it delivers to the console's receiver) into a new reconciliation session, matched like recon:import; progress on recon:progress.",
    sensitive: true,
    input: z
      .object({
        profileId: idSchema,
        /** The name of one of the gateway's reports (`gateways:list` statementReports). */
        report: withoutCardNumber(z.string().trim().min(1).max(120)),
        period: z.object({ from: isoDateTimeSchema, to: isoDateTimeSchema }).strict(),
      })
      .strict(),
    output: z.object({
      session: reconSessionSchema,
      rows: z.number().int(),
      skipped: z.array(z.object({ line: z.number().int(), reason: z.string() })),
    }),
  }),
  'operators:me': channel({
    description: 'Who this console acts as and what they may do: in solo mode the OS user with every right; in team mode the database login and its operator row.',
    sensitive: false,
    input: empty,
    output: operatorMeSchema,
  }),
  'operators:list': channel({
    description: 'The operators of the shared ledger with their roles and rights (solo mode: the OS user alone).',
    sensitive: false,
    input: empty,
    output: z.object({ mode: z.enum(['solo', 'team']), operators: z.array(operatorSchema) }),
  }),
  'operators:save': channel({
    description: "Adds an operator (a database login the DBA created) or changes one's role and rights; admin only, team mode only.",
    sensitive: true,
    input: z
      .object({
        login: operatorLoginSchema,
        role: operatorRoleSchema,
        added: z.array(operatorRightSchema).max(13).default([]),
        removed: z.array(operatorRightSchema).max(13).default([]),
      })
      .strict(),
    output: operatorSchema,
  }),
  'operators:remove': channel({
    description: 'Takes an operator away: their login can no longer read or write the ledger. Admin only; the ledger owner cannot be removed.',
    sensitive: true,
    input: z.object({ login: operatorLoginSchema }).strict(),
    output: z.object({ removed: z.boolean() }),
  }),
  'approvals:list': channel({
    description: 'Four-eyes refund requests, pending first (oldest first), then decided ones newest first; `pending` counts the ones this operator may decide (the badge).',
    sensitive: false,
    input: z.object({ status: approvalStatusSchema.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.object({ requests: z.array(approvalRequestSchema), pending: z.number().int().min(0) }),
  }),
  'approvals:decide': channel({
    description: "Approves or rejects a pending refund request (never one's own). Approving runs the refund through the journal, once however many approvers click.",
    sensitive: true,
    input: z.object({ requestId: idSchema, decision: z.enum(['approve', 'reject']), note: approvalNoteSchema.default('') }).strict(),
    output: z.object({ request: approvalRequestSchema, outcome: operationOutcomeSchema.nullable() }),
  }),
  'approvals:thresholds': channel({
    description: 'The four-eyes thresholds per profile and currency (empty in solo mode, which has one operator).',
    sensitive: false,
    input: empty,
    output: z.object({ thresholds: z.array(refundThresholdSchema) }),
  }),
  'approvals:saveThresholds': channel({
    description: "Replaces one profile's four-eyes thresholds (one per currency; none: no approval needed). Admin only, team mode only.",
    sensitive: true,
    input: z.object({ profileId: idSchema, thresholds: z.array(z.object({ currency: currencyCodeSchema, amount: decimalAmountSchema }).strict()).max(64) }).strict(),
    output: z.object({ thresholds: z.array(refundThresholdSchema) }),
  }),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;
export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

// ---------- events (core → renderer) ----------

export const events = {
  /** Fired on every change of a payment's amounts, operations or status, with its summary so views patch in place. */
  'payment:changed': z.object({ paymentId: z.string(), status: paymentStatusSchema, source: z.string(), summary: paymentSummarySchema }),
  'mandate:changed': z.object({ mandateId: z.string(), status: z.enum(MANDATE_STATUSES) }),
  /** A payment started from this console reached a final state without the operator acting (poll, webhook). */
  'payment:settled': z.object({ paymentId: z.string(), status: paymentStatusSchema, amount: decimalAmountSchema, currency: z.string(), merchantReference: z.string() }),
  'poller:progress': z.object({ done: z.number().int(), total: z.number().int() }),
  /** A reconciliation import's progress: statement rows read so far, and `done` once it is saved (or cancelled). */
  'recon:progress': z.object({ sessionId: z.string(), rowsRead: z.number().int(), rowsPerSecond: z.number().int(), done: z.boolean() }),
  /** A payments export's progress: rows in the file so far, and `done` once it is written or cancelled. */
  'payments:exportProgress': z.object({ exportId: z.string(), rowsWritten: z.number().int(), rowsPerSecond: z.number().int(), done: z.boolean() }),
  /** A batch's progress while it runs (a few times a second at most), and once when it stops: counts, pace, and the rows that changed. */
  'mitbatch:progress': mitBatchProgressSchema,
  'poller:summary': pollerSummarySchema,
  'profiles:changed': z.object({}),
  /** A four-eyes request was made, decided or expired (here or on another console): queues and badges refresh. */
  'approval:changed': z.object({ requestId: z.string(), paymentId: z.string(), status: approvalStatusSchema }),
  /** Electron: the core's process stopped (calls in flight answered `connection`) or is back after a restart. */
  'core:availability': z.object({ available: z.boolean(), message: z.string() }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/** What the preload exposes as `window.consoleApi`, and what the browser-mode client implements. */
export interface ConsoleApi {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Envelope<ChannelOutput<C>>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export const IPC_INVOKE_PREFIX = 'console:';
export const IPC_EVENT_CHANNEL = 'console:event';
