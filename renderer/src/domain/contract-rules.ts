import { z } from 'zod';

/**
 * Forms check a field by the contract's own schema, so the form and the core cannot disagree on a
 * length, a pattern or a range (the core checks again on the way in).
 */
export function contractAccepts(schema: z.ZodType, value: unknown): boolean {
  return schema.safeParse(value).success;
}

function limitOf(limit: number | null, what: string): number {
  if (limit === null) throw new Error(`The contract sets no ${what} here`);
  return limit;
}

type TextSchema = z.ZodString | z.ZodOptional<z.ZodString>;

function textOf(schema: TextSchema): z.ZodString {
  return schema instanceof z.ZodOptional ? schema.unwrap() : schema;
}

/** The most characters a contract text field takes: the input's `maxLength`. */
export function maxLengthOf(schema: TextSchema): number {
  return limitOf(textOf(schema).maxLength, 'longest length');
}

/** The fewest characters a contract text field takes. */
export function minLengthOf(schema: TextSchema): number {
  return limitOf(textOf(schema).minLength, 'shortest length');
}

type NumberSchema = z.ZodNumber | z.ZodDefault<z.ZodNumber> | z.ZodOptional<z.ZodNumber>;

/** The largest number a contract number field takes. */
export function maxValueOf(schema: NumberSchema): number {
  const number = schema instanceof z.ZodNumber ? schema : schema.unwrap();
  return limitOf(number.maxValue, 'largest value');
}
