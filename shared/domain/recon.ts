/**
 * Reconciliation's words, shared by the core and the screens: what a row of a gateway's statement
 * (settlement or transactions file) says once a mapping has read it, and the classes a match ends in.
 */
import { z } from 'zod';

/** What the gateway says happened to a transaction, in the console's words. */
export const statementStatusSchema = z.enum(['succeeded', 'failed', 'pending', 'refunded', 'partially_refunded', 'voided', 'charged_back']);
export type StatementStatus = z.infer<typeof statementStatusSchema>;

/** What a statement row records: a payment, a refund of one, a chargeback, or a fee alone. */
export const statementEntryKindSchema = z.enum(['payment', 'refund', 'chargeback', 'fee']);
export type StatementEntryKind = z.infer<typeof statementEntryKindSchema>;

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
