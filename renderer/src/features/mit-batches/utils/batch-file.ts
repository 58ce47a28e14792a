import { MIT_BATCH_MAX_FILE_CHARS, mitBatchFileNameSchema } from '../../../../../shared/domain/mit-batch.ts';
import { contractAccepts } from '../../../domain/contract-rules.ts';

/**
 * The columns a batch file has, as the core reads them (case and spacing aside): a stored card by
 * its token or by the reference of the payment that stored it, then the charge.
 */
export const BATCH_FILE_COLUMNS = ['token_id', 'customer_reference', 'amount', 'currency', 'merchant_reference', 'recurrence', 'description'] as const;
export type BatchFileColumn = (typeof BATCH_FILE_COLUMNS)[number];

/** A file an operator can copy and fill in: the header and one line of each way to name the card. */
export const BATCH_FILE_SAMPLE = [
  BATCH_FILE_COLUMNS.join(','),
  'tok_01HZX3K2,,19.90,EUR,SUB-2024-0001,recurring,Monthly plan',
  ',ana.silva@example.com,4.50,EUR,SUB-2024-0002,unscheduled,Top-up',
].join('\n');

export interface BatchFile {
  readonly fileName: string;
  /** The file's text as the core takes it. */
  readonly content: string;
}

export type BatchFileProblem = { readonly kind: 'too_large'; readonly chars: number } | { readonly kind: 'bad_name' } | { readonly kind: 'empty' };

/** The file as text, or why it cannot be sent: the core refuses it too, so the operator is told before. */
export function checkBatchFile(fileName: string, content: string): BatchFile | BatchFileProblem {
  if (content.trim() === '') return { kind: 'empty' };
  if (content.length > MIT_BATCH_MAX_FILE_CHARS) return { kind: 'too_large', chars: content.length };
  if (!contractAccepts(mitBatchFileNameSchema, fileName)) return { kind: 'bad_name' };
  return { fileName: fileName.trim(), content };
}

export function isBatchFileProblem(value: BatchFile | BatchFileProblem): value is BatchFileProblem {
  return 'kind' in value;
}
