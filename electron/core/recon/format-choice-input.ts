/** A file-format choice as a channel takes it (free strings), checked against what the reader knows. */
import { ValidationError } from '../errors.ts';
import { statementFormatChoiceSchema, type StatementFormatChoice } from './mappings/statement-mapping.ts';

export function parseFormatChoice(format: Readonly<Record<string, string>> | undefined): StatementFormatChoice {
  const parsed = statementFormatChoiceSchema.safeParse(format ?? {});
  if (!parsed.success) throw new ValidationError('The chosen file format is not one the reader knows', { format: parsed.error.issues.map((issue) => issue.message).join('; ') });
  return parsed.data;
}
