/**
 * A list answer shows every row it can. One row that does not fit the contract (a value written by
 * another version of the console, or imported from a gateway that formats it differently) must
 * not turn the whole list into an error: someone reconciling a day's payments would lose sight of
 * all of them because of one. Nor should the row silently vanish, which would make totals and
 * counts quietly wrong. So the row is shown with what can be shown: those of its fields that do
 * not fit and may be blank go blank. Only a row whose required fields cannot be shown at all is
 * left out; it is counted in the answer, so the screen can say so, and logged by its id (never by
 * its values, which may be what is wrong).
 */
import type { z } from 'zod';
import type { Logger } from './ports.ts';

export interface FittedRow<T> {
  readonly value: T;
  /** Top-level fields shown blank because their stored value does not fit the contract. */
  readonly blanked: readonly string[];
}

/** The row as the contract can carry it, blanking fields that do not fit where the contract allows; null when it cannot. */
export function fitRow<S extends z.ZodObject>(candidate: unknown, schema: S): FittedRow<z.output<S>> | null {
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { value: parsed.data, blanked: [] };
  if (typeof candidate !== 'object' || candidate === null) return null;
  const blanked = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')));
  const patched: Record<string, unknown> = { ...(candidate as Record<string, unknown>) };
  for (const key of blanked) {
    const field = Object.prototype.hasOwnProperty.call(schema.shape, key) ? (schema.shape[key] as z.ZodType) : undefined;
    if (field === undefined || !field.safeParse(null).success) return null;
    patched[key] = null;
  }
  const reparsed = schema.safeParse(patched);
  return reparsed.success ? { value: reparsed.data, blanked: [...blanked] } : null;
}

export interface PresentedRows<T> {
  readonly rows: T[];
  /** Rows left out because even their required fields could not be shown. */
  readonly skipped: number;
}

/** Presents each row on its own, so that one that cannot be presented costs only itself. */
export function presentRows<Row, S extends z.ZodObject>(
  rows: readonly Row[],
  present: (row: Row) => unknown,
  schema: S,
  context: { readonly what: string; readonly idOf: (row: Row) => string; readonly logger: Logger },
): PresentedRows<z.output<S>> {
  const shown: z.output<S>[] = [];
  let skipped = 0;
  for (const row of rows) {
    let fitted: FittedRow<z.output<S>> | null = null;
    let failure: string | null = null;
    try {
      fitted = fitRow(present(row), schema);
    } catch (error) {
      failure = error instanceof Error ? error.name : 'unknown error';
    }
    if (fitted === null) {
      skipped += 1;
      context.logger.error(`a ${context.what} in a list could not be shown and was left out`, { id: context.idOf(row), failure: failure ?? 'required fields do not fit the contract' });
      continue;
    }
    if (fitted.blanked.length > 0) {
      context.logger.warn(`a ${context.what} in a list is shown with fields left blank`, { id: context.idOf(row), blanked: fitted.blanked });
    }
    shown.push(fitted.value);
  }
  return { rows: shown, skipped };
}
