/**
 * A sandbox statement: the settlement/transactions file an emulated gateway would send for a
 * period, with discrepancies planted on purpose, and the manifest that names each one — so
 * reconciliation can be tried at once and its tests and bench check they find exactly these.
 */
import { z } from 'zod';
import { reconClassSchema } from './recon.ts';
import { gatewayIdSchema } from './schemas.ts';

/**
 * What can be planted. `missing`: a booked transaction left out of the file. `amount`, `status`,
 * `fee`: a row whose amount, status word or fee differs from the book. `duplicate`: a row printed
 * twice. `other_merchant`: a row of another merchant account. `unknown`: a transaction only the
 * gateway knows (made in its back office), never sent by the console.
 */
export const plantKindSchema = z.enum(['missing', 'amount', 'status', 'duplicate', 'other_merchant', 'fee', 'unknown']);
export type PlantKind = z.infer<typeof plantKindSchema>;
export const PLANT_KINDS: readonly PlantKind[] = plantKindSchema.options;

/** The class a matcher should put a planted row in. */
export const PLANT_EXPECTED_CLASS: Readonly<Record<PlantKind, z.infer<typeof reconClassSchema>>> = {
  missing: 'missing_in_file',
  amount: 'amount_mismatch',
  status: 'status_mismatch',
  duplicate: 'duplicate',
  other_merchant: 'missing_in_ledger',
  fee: 'fee_difference',
  unknown: 'missing_in_ledger',
};

const counts = z.partialRecord(plantKindSchema, z.number().int().min(0).max(10_000_000));
const shares = z.partialRecord(plantKindSchema, z.number().min(0).max(1));

/** Per kind, an exact count or a share of the file's booked rows (rounded), never both. */
export const plantSchema = z
  .strictObject({ counts: counts.optional(), shares: shares.optional() })
  .refine((plant) => !PLANT_KINDS.some((kind) => plant.counts?.[kind] !== undefined && plant.shares?.[kind] !== undefined), {
    message: 'A kind is planted by count or by share, not both',
  });
export type Plant = z.infer<typeof plantSchema>;

const day = z.iso.date();

export const statementFeeRuleSchema = z.strictObject({
  /** Percentage of the amount in hundredths of a percent (140 = 1.4 %). */
  basisPoints: z.number().int().min(0).max(10_000),
  /** Fixed part per transaction in the currency's minor units. */
  fixedMinor: z.number().int().min(0).max(1_000_000),
});
export type StatementFeeRule = z.infer<typeof statementFeeRuleSchema>;

const statementRequestFields = z.strictObject({
  from: day,
  to: day,
  plant: plantSchema.default({}),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  /** Overrides the gateway's fee rule (each emulator's default is INFERRED). */
  fees: statementFeeRuleSchema.optional(),
  /** Business days from a transaction to its settlement (each emulator's default is INFERRED). */
  settlementDays: z.number().int().min(0).max(30).optional(),
});

const periodInOrder = { message: 'from must not be after to', path: ['to'] };

export const sandboxStatementRequestSchema = statementRequestFields.refine((request) => request.from <= request.to, periodInOrder);

/** The `sandbox:statement` channel's input: a request for one gateway's emulator. */
export const sandboxStatementInputSchema = statementRequestFields.extend({ gatewayId: gatewayIdSchema }).refine((request) => request.from <= request.to, periodInOrder);
export type SandboxStatementRequest = z.input<typeof sandboxStatementRequestSchema>;
export type SandboxStatementTerms = z.output<typeof sandboxStatementRequestSchema>;

export const plantedDiscrepancySchema = z.object({
  kind: plantKindSchema,
  expectedClass: reconClassSchema,
  /** 1-based line of the file the discrepancy is on (the header is line 1); null for a row left out. */
  line: z.number().int().positive().nullable(),
  gatewayTransactionId: z.string(),
  merchantReference: z.string().nullable(),
  /** The field changed (`amount`, `status`, `fee`, `merchantAccount`), null when a whole row was added or left out. */
  field: z.string().nullable(),
  /** The book's value and the file's, in the file's own words; null where there is none. */
  booked: z.string().nullable(),
  reported: z.string().nullable(),
});
export type PlantedDiscrepancy = z.infer<typeof plantedDiscrepancySchema>;

export const sandboxStatementAnswerSchema = z.object({
  gatewayId: gatewayIdSchema,
  fileName: z.string(),
  contentType: z.string(),
  /** The file's text, or its bytes in base64 when `encoding` says so. */
  content: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  /** Lines after the header. */
  rows: z.number().int().min(0),
  manifest: z.array(plantedDiscrepancySchema),
});
export type SandboxStatementAnswer = z.infer<typeof sandboxStatementAnswerSchema>;
