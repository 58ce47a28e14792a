/**
 * Reconciliation's words, shared by the core and the screens: what a row of a gateway's statement
 * (settlement or transactions file) says once a mapping has read it, and the classes a match ends in.
 */
import { z } from 'zod';
import { STATEMENT_ENTRY_KINDS, STATEMENT_STATUSES } from './statement-vocabulary.ts';

export type { StatementEntryKind, StatementStatus } from './statement-vocabulary.ts';

export const statementStatusSchema = z.enum(STATEMENT_STATUSES);
export const statementEntryKindSchema = z.enum(STATEMENT_ENTRY_KINDS);

/** How one (file row, ledger payment) pair or lone row ends up. */
export const reconClassSchema = z.enum([
  'matched',
  'amount_mismatch',
  'status_mismatch',
  /** Gross agrees; the fee or the net the gateway reports differs from what the fee rule or gross − fee gives. */
  'fee_difference',
  'missing_in_ledger',
  /** Final in the ledger, inside the statement's period, absent from the file. */
  'missing_in_file',
  'duplicate',
]);
export type ReconClass = z.infer<typeof reconClassSchema>;

export const RECON_CLASSES: readonly ReconClass[] = reconClassSchema.options;
