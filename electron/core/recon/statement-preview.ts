/**
 * What the column picker shows while a mapping is being made: the detected format, the headers,
 * the first rows as they are and as the mapping reads them, and what is wrong with each column.
 * It reads only the first bytes and never throws for a half-made mapping: problems are the answer.
 */
import { containsCardNumber } from '../../../shared/card/card-number-in-text.ts';
import { MAPPED_FIELDS, statementMappingSchema, type MappedField, type StatementFormatChoice, type StatementMappingInput } from './mappings/statement-mapping.ts';
import { detectStatementFormat, SAMPLE_BYTES, type StatementFormat } from './statement-format.ts';
import { cardNumberColumn, readRecord } from './statement-record.ts';
import type { StatementRow } from './statement-row.ts';

export const PREVIEW_ROWS = 20;

export interface PreviewRow {
  readonly line: number;
  /** The cells as in the file; none for a row holding a card number. */
  readonly raw: readonly string[];
  readonly row: StatementRow | null;
  readonly problem: string | null;
}

export interface ColumnProblem {
  /** A mapped field, or null for a problem with the mapping as a whole. */
  readonly field: MappedField | null;
  readonly problem: string;
  /** How many of the previewed rows it affects (0 for a problem of the mapping itself). */
  readonly rows: number;
}

export interface StatementPreview {
  readonly format: StatementFormat;
  readonly headers: readonly string[];
  readonly rows: readonly PreviewRow[];
  readonly problems: readonly ColumnProblem[];
}

export function previewStatement(bytes: Uint8Array, mappingInput: StatementMappingInput | null = null, choice: StatementFormatChoice = {}): StatementPreview {
  const parsed = mappingInput ? statementMappingSchema.safeParse(mappingInput) : null;
  const mapping = parsed?.success ? parsed.data : null;
  const sample = detectStatementFormat(bytes.subarray(0, SAMPLE_BYTES), mapping, choice);
  const { format, headers } = sample;
  const problems: ColumnProblem[] = [];
  if (parsed && !parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, second] = issue.path;
      const field = first === 'columns' && MAPPED_FIELDS.includes(second as MappedField) ? (second as MappedField) : null;
      problems.push({ field, problem: `${issue.path.join('.') || 'mapping'}: ${issue.message}`, rows: 0 });
    }
  }
  const index: Partial<Record<MappedField, number>> = {};
  let columnsFound = mapping !== null;
  if (mapping) {
    for (const [field, name] of Object.entries(mapping.columns) as Array<[MappedField, string | undefined]>) {
      if (!name) continue;
      const position = headers.indexOf(name);
      if (position >= 0) index[field] = position;
      else {
        columnsFound = false;
        problems.push({ field, problem: `the file has no column "${name}"`, rows: 0 });
      }
    }
  }
  const byField = new Map<MappedField, { problem: string; rows: number }>();
  const withCard = (line: number): PreviewRow => ({ line, raw: [], row: null, problem: 'a cell holds a card number; the row is left out' });
  const rows = sample.rows.slice(0, PREVIEW_ROWS).map((record, position): PreviewRow => {
    // The header is line 1; the sample holds whole lines with blank ones dropped, so this is the
    // record's place, which is its line unless a quoted value spans lines.
    const line = position + 2;
    if (!mapping || !columnsFound) return record.some((value) => containsCardNumber(value)) ? withCard(line) : { line, raw: record, row: null, problem: null };
    if (cardNumberColumn(record, index) >= 0) return withCard(line);
    const reading = readRecord(record, line, headers, index, mapping, format);
    if ('row' in reading) return { line, raw: record, row: reading.row, problem: null };
    // An amount cell that did not read as an amount and looks like a card number is not shown.
    if (record.some((value) => containsCardNumber(value))) return withCard(line);
    if (reading.field) {
      const seen = byField.get(reading.field);
      byField.set(reading.field, { problem: seen?.problem ?? reading.problem, rows: (seen?.rows ?? 0) + 1 });
    }
    return { line, raw: record, row: null, problem: reading.problem };
  });
  for (const [field, { problem, rows: count }] of byField) problems.push({ field, problem, rows: count });
  return { format, headers, rows, problems };
}
