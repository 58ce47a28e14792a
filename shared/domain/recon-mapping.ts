/**
 * A statement mapping as it crosses the contract: the column picker's draft, a saved mapping, and
 * what the picker's preview answers. The contract checks the shape and that no free text holds a
 * card number; the core checks the rest with the reader's own schema (statement-mapping.ts), so a
 * saved mapping is refused for exactly what the reader could not run.
 */
import { z } from 'zod';
import { withoutCardNumber } from './schemas.ts';
import { statementEntryKindSchema, statementStatusSchema } from './recon.ts';
import { MAPPED_FIELDS } from './statement-vocabulary.ts';

export { DATE_FORMATS, ENCODINGS, MAPPED_FIELDS, type MappedField } from './statement-vocabulary.ts';

/** What a preview reads of a file: the first bytes are enough to show headers and rows, and stay cheap to send. */
export const PREVIEW_MAX_BYTES = 256 * 1024;
/** The base64 length of PREVIEW_MAX_BYTES. */
export const PREVIEW_MAX_BASE64 = Math.ceil(PREVIEW_MAX_BYTES / 3) * 4;

export const mappingNameSchema = withoutCardNumber(z.string().trim().min(1).max(100));

const freeText = (max: number) => withoutCardNumber(z.string().max(max));
/** A value as the file writes it (a status or kind), the key of a value table. */
const fileValue = withoutCardNumber(z.string().min(1).max(100));
/** One of the reader's words (a unit, a status…), checked by the core's mapping schema; a draft may hold any, never a card number. */
const choice = withoutCardNumber(z.string().max(64));

const mappingFields = {
  columns: z.partialRecord(z.enum(MAPPED_FIELDS), freeText(200)),
  fixedCurrency: z.string().max(8).optional(),
  amountUnit: choice.optional(),
  subMinorFees: choice.optional(),
  statusValues: z.record(fileValue, choice).optional(),
  defaultStatus: choice.optional(),
  kindValues: z.record(fileValue, choice).optional(),
  defaultKind: choice.optional(),
  format: z.record(z.string().max(32), freeText(64)).optional(),
  notes: z.array(freeText(500)).max(20).optional(),
};

/** A mapping being made: any part may still be missing (the preview says what). */
export const mappingDraftSchema = z.object({ name: mappingNameSchema.optional(), ...mappingFields }).strict();
export type MappingDraft = z.infer<typeof mappingDraftSchema>;

/** A mapping to save: named; the core then checks it as the reader would run it. */
export const mappingToSaveSchema = z.object({ name: mappingNameSchema, ...mappingFields }).strict();

/** Which list a mapping comes from: shipped in a gateway's folder, or saved by a user in this workspace. */
export const mappingKindSchema = z.enum(['shipped', 'saved']);
export type MappingKind = z.infer<typeof mappingKindSchema>;

/** A mapping as the core answers it: complete, defaults filled in. */
export const statementMappingViewSchema = z.object({
  name: z.string(),
  columns: z.record(z.string(), z.string()),
  fixedCurrency: z.string().optional(),
  amountUnit: z.enum(['major', 'minor']),
  subMinorFees: z.enum(['reject', 'half-up']),
  statusValues: z.record(z.string(), statementStatusSchema).optional(),
  defaultStatus: statementStatusSchema.optional(),
  kindValues: z.record(z.string(), statementEntryKindSchema).optional(),
  defaultKind: statementEntryKindSchema,
  format: z.record(z.string(), z.string()),
  notes: z.array(z.string()),
});
export type StatementMappingView = z.infer<typeof statementMappingViewSchema>;

export const mappingListEntrySchema = z.object({
  name: z.string(),
  kind: mappingKindSchema,
  mapping: statementMappingViewSchema,
  /** When a saved one was last saved; null for a shipped one. */
  savedAt: z.string().nullable(),
});
export type MappingListEntry = z.infer<typeof mappingListEntrySchema>;

const previewFormatSchema = z.object({
  encoding: z.string(),
  delimiter: z.string(),
  decimalSeparator: z.string(),
  dateFormat: z.string(),
  timeZone: z.string(),
  /** Which of the values were detected from the file (the others were chosen or came from the mapping). */
  detected: z.array(z.string()),
});

/** A previewed row as the mapping reads it: amounts as decimals in the row's currency, instants in ISO 8601. */
export const previewMappedRowSchema = z.object({
  gatewayTransactionId: z.string().nullable(),
  merchantReference: z.string().nullable(),
  kind: statementEntryKindSchema,
  status: statementStatusSchema,
  amount: z.string(),
  currency: z.string(),
  fee: z.string().nullable(),
  net: z.string().nullable(),
  transactionAt: z.string().nullable(),
  settledAt: z.string().nullable(),
  merchantAccount: z.string().nullable(),
});
export type PreviewMappedRow = z.infer<typeof previewMappedRowSchema>;

export const statementPreviewSchema = z.object({
  format: previewFormatSchema,
  headers: z.array(z.string()),
  rows: z.array(z.object({ line: z.number().int(), raw: z.array(z.string()), row: previewMappedRowSchema.nullable(), problem: z.string().nullable() })),
  problems: z.array(z.object({ field: z.string().nullable(), problem: z.string(), rows: z.number().int() })),
});
export type StatementPreviewView = z.infer<typeof statementPreviewSchema>;
