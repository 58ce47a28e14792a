/**
 * How a statement file's columns become a StatementRow, as data: the gateways ship theirs in their
 * folders (statement-mapping.ts) and a user saves their own for any other CSV. Both have this one
 * shape and go through this one schema, so a saved mapping cannot hold what the reader cannot run.
 */
import { z } from 'zod';
import { isCurrencyCode } from '../../../../shared/money/currencies.ts';
import { statementEntryKindSchema, statementStatusSchema } from '../../../../shared/domain/recon.ts';
import { DATE_FORMATS, DECIMAL_SEPARATORS, DELIMITERS, ENCODINGS } from '../../../../shared/domain/statement-vocabulary.ts';

export {
  DATE_FORMATS,
  DECIMAL_SEPARATORS,
  DELIMITERS,
  ENCODINGS,
  type DateFormat,
  type DecimalSeparator,
  type Delimiter,
  type StatementEncoding,
} from '../../../../shared/domain/statement-vocabulary.ts';
export { lookUpValue } from './value-table.ts';

export const delimiterSchema = z.enum(DELIMITERS);
export const decimalSeparatorSchema = z.enum(DECIMAL_SEPARATORS);
export const encodingSchema = z.enum(ENCODINGS);
export const dateFormatSchema = z.enum(DATE_FORMATS);

export const timeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA time zone');

/** Each value left out is detected from the file; each given one is used as it is. */
export const statementFormatChoiceSchema = z
  .object({
    encoding: encodingSchema,
    delimiter: delimiterSchema,
    decimalSeparator: decimalSeparatorSchema,
    dateFormat: dateFormatSchema,
    timeZone: timeZoneSchema,
  })
  .partial()
  .strict();
export type StatementFormatChoice = z.infer<typeof statementFormatChoiceSchema>;

const header = z.string().trim().min(1).max(200);

export { MAPPED_FIELDS, type MappedField } from '../../../../shared/domain/statement-vocabulary.ts';

/**
 * A value table: the file's value (compared trimmed and case-insensitively) → ours. A key ending in
 * `*` matches every value starting with what precedes it (OPPWA result codes come in families,
 * `000.000.*`); the longest matching key wins, so `*` alone is "any other value".
 */
const valueTable = <T extends z.ZodType>(target: T) => z.record(z.string().min(1).max(100), target).refine((table) => Object.keys(table).length > 0, 'the table is empty');

export const statementMappingSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    columns: z
      .object({
        gatewayTransactionId: header,
        merchantReference: header,
        amount: header,
        currency: header,
        status: header,
        kind: header,
        fee: header,
        net: header,
        transactionAt: header,
        settledAt: header,
        merchantAccount: header,
      })
      .partial()
      .required({ amount: true })
      .strict(),
    /** The currency of every row when the file has no currency column. */
    fixedCurrency: z.string().refine(isCurrencyCode, 'not an ISO 4217 currency').optional(),
    /** `major` "12.30"; `minor` "1230" (Be2bill counts in cents). */
    amountUnit: z.enum(['major', 'minor']),
    /**
     * Some gateways state fees finer than the currency's minor unit (Sayswitch: a fee of 0.038 NGN).
     * `reject` skips such a row; `half-up` rounds to the minor unit. Only fee and net may be rounded:
     * a gross amount finer than the currency allows is never guessed at.
     */
    subMinorFees: z.enum(['reject', 'half-up']).default('reject'),
    statusValues: valueTable(statementStatusSchema).optional(),
    /** The status of every row when the file has no status column (a settlement file lists what settled). */
    defaultStatus: statementStatusSchema.optional(),
    kindValues: valueTable(statementEntryKindSchema).optional(),
    defaultKind: statementEntryKindSchema.default('payment'),
    format: statementFormatChoiceSchema.default({}),
    /** Where each INFERRED fact came from; shown next to the mapping so a user knows what to check. */
    notes: z.array(z.string().max(500)).default([]),
  })
  .strict()
  .superRefine((mapping, context) => {
    if (!mapping.columns.currency && !mapping.fixedCurrency) context.addIssue({ code: 'custom', path: ['fixedCurrency'], message: 'a currency column or a fixed currency is needed' });
    if (!mapping.columns.status && !mapping.defaultStatus) context.addIssue({ code: 'custom', path: ['defaultStatus'], message: 'a status column or a default status is needed' });
    if (mapping.columns.status && !mapping.statusValues) context.addIssue({ code: 'custom', path: ['statusValues'], message: 'a status column needs its value table' });
    if (mapping.columns.kind && !mapping.kindValues) context.addIssue({ code: 'custom', path: ['kindValues'], message: 'a kind column needs its value table' });
  });

export type StatementMapping = z.output<typeof statementMappingSchema>;
export type StatementMappingInput = z.input<typeof statementMappingSchema>;

/** Gateway folders declare theirs through this, so a shipped mapping is checked like a saved one. */
export function defineStatementMapping(mapping: StatementMappingInput): StatementMapping {
  return statementMappingSchema.parse(mapping);
}
