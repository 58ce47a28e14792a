/**
 * How a statement file's columns become a StatementRow, as data: the gateways ship theirs in their
 * folders (statement-mapping.ts) and a user saves their own for any other CSV. Both have this one
 * shape and go through this one schema, so a saved mapping cannot hold what the reader cannot run.
 */
import { z } from 'zod';
import { isCurrencyCode } from '../../../../shared/money/currencies.ts';
import { statementEntryKindSchema, statementStatusSchema } from '../../../../shared/domain/recon.ts';
import { DATE_FORMATS, ENCODINGS } from '../../../../shared/domain/recon-mapping.ts';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export const DECIMAL_SEPARATORS = ['.', ','] as const;
export { DATE_FORMATS, ENCODINGS } from '../../../../shared/domain/recon-mapping.ts';

export const delimiterSchema = z.enum(DELIMITERS);
export const decimalSeparatorSchema = z.enum(DECIMAL_SEPARATORS);
export const encodingSchema = z.enum(ENCODINGS);
export const dateFormatSchema = z.enum(DATE_FORMATS);
export type Delimiter = z.infer<typeof delimiterSchema>;
export type DecimalSeparator = z.infer<typeof decimalSeparatorSchema>;
export type StatementEncoding = z.infer<typeof encodingSchema>;
export type DateFormat = z.infer<typeof dateFormatSchema>;

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

export { MAPPED_FIELDS, type MappedField } from '../../../../shared/domain/recon-mapping.ts';

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

interface CompiledTable<T> {
  readonly exact: ReadonlyMap<string, T>;
  /** `prefix*` keys, longest prefix first, so the first that fits is the most specific. */
  readonly prefixes: ReadonlyArray<readonly [string, T]>;
  /** Answers by raw value: a statement has a handful of distinct status and kind values over millions of rows. */
  readonly answers: Map<string, T | null>;
  /** The last value looked up and its answer: rows come in runs of one status and one kind, and comparing beats hashing a new string. */
  lastRaw: string | null;
  lastAnswer: T | null;
}

const MAX_REMEMBERED_ANSWERS = 10_000;
const compiledTables = new WeakMap<object, CompiledTable<unknown>>();

function compiled<T>(table: Readonly<Record<string, T>>): CompiledTable<T> {
  let found = compiledTables.get(table) as CompiledTable<T> | undefined;
  if (found === undefined) {
    const exact = new Map<string, T>();
    const prefixes: Array<[string, T]> = [];
    for (const [key, target] of Object.entries(table)) {
      const lowered = key.trim().toLowerCase();
      if (lowered.endsWith('*')) prefixes.push([lowered.slice(0, -1), target]);
      else if (!exact.has(lowered)) exact.set(lowered, target);
    }
    prefixes.sort((a, b) => b[0].length - a[0].length);
    found = { exact, prefixes, answers: new Map(), lastRaw: null, lastAnswer: null };
    compiledTables.set(table, found as CompiledTable<unknown>);
  }
  return found;
}

/** Looks a value up in a value table (see `valueTable`): an exact key first, else the longest `prefix*` key; null when nothing matches. */
export function lookUpValue<T>(table: Readonly<Record<string, T>>, raw: string): T | null {
  const found = compiled(table);
  if (raw === found.lastRaw) return found.lastAnswer;
  const { exact, prefixes, answers } = found;
  let answer = answers.get(raw);
  if (answer === undefined && !answers.has(raw)) {
    const value = raw.trim().toLowerCase();
    answer = exact.get(value) ?? null;
    if (answer === null && !exact.has(value)) answer = prefixes.find(([prefix]) => value.startsWith(prefix))?.[1] ?? null;
    if (answers.size >= MAX_REMEMBERED_ANSWERS) answers.clear();
    answers.set(raw, answer);
  }
  found.lastRaw = raw;
  found.lastAnswer = answer ?? null;
  return answer ?? null;
}
