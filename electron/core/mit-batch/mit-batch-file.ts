/**
 * A batch file's text to its records, each with the line it starts on (Papa Parse, header row
 * first). Columns are found by name, case and spacing aside, so a spreadsheet's "Token ID" is
 * `token_id`. Nothing here judges a value: mit-batch-preview.ts does.
 */
import Papa from 'papaparse';
import { MIT_BATCH_MAX_ROWS } from '../../../shared/domain/mit-batch.ts';
import { ValidationError } from '../errors.ts';

export const MIT_BATCH_COLUMNS = ['token_id', 'customer_reference', 'amount', 'currency', 'merchant_reference', 'recurrence', 'description'] as const;
export type MitBatchColumn = (typeof MIT_BATCH_COLUMNS)[number];

/** Other names spreadsheets give the same columns. */
const ALIASES: Readonly<Record<string, MitBatchColumn>> = {
  token: 'token_id',
  stored_credential: 'token_id',
  stored_credential_id: 'token_id',
  customer: 'customer_reference',
  customer_ref: 'customer_reference',
  reference: 'merchant_reference',
  order_reference: 'merchant_reference',
  type: 'recurrence',
};

export interface MitBatchRecord {
  readonly ordinal: number;
  readonly line: number;
  readonly cells: Readonly<Partial<Record<MitBatchColumn, string>>>;
}

function columnOf(header: string): MitBatchColumn | null {
  const name = header.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return (MIT_BATCH_COLUMNS as readonly string[]).includes(name) ? (name as MitBatchColumn) : (ALIASES[name] ?? null);
}

/** Throws ValidationError (nothing kept) for a file that is not a batch: no header, a required column missing, too many rows. */
export function readMitBatchFile(content: string): MitBatchRecord[] {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimiter: '' });
  const [header, ...body] = parsed.data;
  if (header === undefined) throw new ValidationError('The file is empty', { content: 'A header row and one row per charge' });
  const columns = header.map(columnOf);
  const has = (column: MitBatchColumn) => columns.includes(column);
  const missing = (['amount', 'currency', 'merchant_reference', 'recurrence'] as const).filter((column) => !has(column));
  if (!has('token_id') && !has('customer_reference')) missing.unshift('token_id' as never);
  if (missing.length > 0) throw new ValidationError(`The file has no column ${missing.join(', ')}`, { content: `Columns: ${MIT_BATCH_COLUMNS.join(', ')} (token_id or customer_reference)` });
  if (body.length > MIT_BATCH_MAX_ROWS) throw new ValidationError(`A batch holds at most ${MIT_BATCH_MAX_ROWS} rows; this file has ${body.length}`, { content: 'Split the file' });
  if (body.length === 0) throw new ValidationError('The file has no rows after its header', { content: 'One row per charge' });

  const starts = recordLines(text);
  return body.map((values, index) => {
    const cells: Partial<Record<MitBatchColumn, string>> = {};
    columns.forEach((column, position) => {
      const value = values[position]?.trim();
      if (column !== null && value !== undefined && value !== '') cells[column] = value;
    });
    return { ordinal: index + 1, line: starts[index + 1] ?? index + 2, cells };
  });
}

/**
 * The line each non-empty record starts on (1-based, header included), for a file Papa Parse read
 * with greedy empty-line skipping: a quoted field may span lines, so records are not lines.
 */
function recordLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let inQuotes = false;
  let recordStart = 1;
  let recordHasText = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') inQuotes = !inQuotes;
    if (!inQuotes && (char === '\n' || char === '\r')) {
      if (recordHasText) lines.push(recordStart);
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      line += 1;
      recordStart = line;
      recordHasText = false;
      continue;
    }
    if (char === '\n') line += 1;
    if (char !== ' ' && char !== '\t' && char !== ',' && char !== ';' && char !== '\r') recordHasText = true;
  }
  if (recordHasText) lines.push(recordStart);
  return lines;
}
