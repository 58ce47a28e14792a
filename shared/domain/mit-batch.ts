/**
 * A batch of merchant-initiated charges read from a CSV file: what crosses the contract about the
 * batch, its rows and its progress. The file arrives whole as text (a batch holds at most
 * MIT_BATCH_MAX_ROWS rows, about 1 MB), because every row must be checked before anything is
 * charged and browser mode takes JSON bodies of at most 1 MiB.
 */
import { z } from 'zod';
import { decimalAmountSchema, gatewayIdSchema, idSchema, isoDateTimeSchema, withoutCardNumber } from './schemas.ts';

export const MIT_BATCH_MAX_ROWS = 10_000;
/**
 * The file as text, in characters. Browser mode refuses a body over 1 MiB, and JSON escapes a
 * newline or a quote as two characters, so the text is held under that with room for the escapes.
 */
export const MIT_BATCH_MAX_FILE_CHARS = 900_000;

export const MIT_BATCH_STATUSES = ['previewed', 'running', 'paused', 'cancelled', 'done'] as const;
export const mitBatchStatusSchema = z.enum(MIT_BATCH_STATUSES);
export type MitBatchStatus = z.infer<typeof mitBatchStatusSchema>;

/**
 * A row's state: `invalid` (the preview refused it; never charged), `ready` (not started),
 * `charging` (its charge is journaled and on its way), the charge's outcome (`succeeded`,
 * `pending`, `declined`, `failed`, `unknown` until the gateway says), or `skipped` (the batch was
 * cancelled before it started: it never ran).
 */
export const MIT_BATCH_ROW_STATES = ['invalid', 'ready', 'charging', 'succeeded', 'pending', 'declined', 'failed', 'unknown', 'skipped'] as const;
export const mitBatchRowStateSchema = z.enum(MIT_BATCH_ROW_STATES);
export type MitBatchRowState = z.infer<typeof mitBatchRowStateSchema>;

/** The states of a row whose charge was started: the rows that ran. */
export const MIT_BATCH_RAN_STATES: ReadonlySet<MitBatchRowState> = new Set(['charging', 'succeeded', 'pending', 'declined', 'failed', 'unknown']);

const count = z.number().int().min(0);
export const mitBatchCountsSchema = z.object({
  rows: count,
  invalid: count,
  ready: count,
  charging: count,
  succeeded: count,
  pending: count,
  declined: count,
  failed: count,
  unknown: count,
  skipped: count,
  /** Rows whose charge was started (whatever its outcome); a cancelled batch's other valid rows never ran. */
  ran: count,
});
export type MitBatchCounts = z.infer<typeof mitBatchCountsSchema>;

/** Count and amount per currency, never summed across currencies. */
export const mitBatchTotalSchema = z.object({ currency: z.string(), count: z.number().int().min(0), amount: decimalAmountSchema });

export const mitBatchSchema = z.object({
  id: idSchema,
  profileId: z.string(),
  gatewayId: gatewayIdSchema,
  operator: z.string(),
  fileName: z.string(),
  status: mitBatchStatusSchema,
  counts: mitBatchCountsSchema,
  /** The valid rows' count and amount per currency: what the operator confirms. */
  totals: z.array(mitBatchTotalSchema),
  createdAt: isoDateTimeSchema,
  startedAt: isoDateTimeSchema.nullable(),
  finishedAt: isoDateTimeSchema.nullable(),
});
export type MitBatch = z.infer<typeof mitBatchSchema>;

export const mitBatchRowProblemSchema = z.object({ field: z.string(), message: z.string() });

export const mitBatchRowSchema = z.object({
  batchId: z.string(),
  /** The row's place among the file's records, from 1. */
  ordinal: z.number().int().min(1),
  /** The file's line the record starts on (the header is line 1). */
  line: z.number().int().min(1),
  tokenId: z.string().nullable(),
  customerReference: z.string().nullable(),
  amount: z.string().nullable(),
  currency: z.string().nullable(),
  /** The reference the file gave the row: sent to the gateway as the description's start, kept to find it by. */
  reference: z.string().nullable(),
  recurrence: z.enum(['recurring', 'unscheduled']).nullable(),
  description: z.string().nullable(),
  /** The merchant reference the charge is sent under, derived from the batch and the row: the ledger's guard against a second charge. */
  merchantReference: z.string().nullable(),
  state: mitBatchRowStateSchema,
  problems: z.array(mitBatchRowProblemSchema),
  paymentId: z.string().nullable(),
  gatewayTransactionId: z.string().nullable(),
  gatewayCode: z.string().nullable(),
  gatewayMessage: z.string().nullable(),
  error: z.string().nullable(),
  finishedAt: isoDateTimeSchema.nullable(),
});
export type MitBatchRow = z.infer<typeof mitBatchRowSchema>;

export const mitBatchFileNameSchema = withoutCardNumber(z.string().trim().min(1).max(255));

/** One line of the progress event: where the batch is, and the rows that changed since the last one. */
export const mitBatchProgressSchema = z.object({
  batchId: z.string(),
  status: mitBatchStatusSchema,
  counts: mitBatchCountsSchema,
  /** Rows that reached an outcome per second over the run so far (0 before the first). */
  rowsPerSecond: z.number().min(0),
  /** Seconds until the rows left are done at that pace; null while it cannot be told. */
  etaSeconds: z.number().int().min(0).nullable(),
  changed: z.array(mitBatchRowSchema),
});
export type MitBatchProgress = z.infer<typeof mitBatchProgressSchema>;
