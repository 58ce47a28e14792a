/**
 * Reconciliation sessions as the ledger keeps them: a session (who imported which statement,
 * with which mapping, for which period) and its rows, each with its class and resolution.
 */
import type { ReconClass, StatementEntryKind, StatementStatus } from '../../../shared/domain/recon.ts';
import type { PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { PackedMatchedBlock } from './recon-packed-blocks.ts';

export type ReconSessionStatus = 'running' | 'done' | 'cancelled';
export type ReconResolutionKind = 'accepted' | 'linked' | 'follow_up';
export type ReconFollowUp = 'sync_payment' | 'import_payment' | 'open_refund';

export interface NewReconSession {
  readonly id: string;
  readonly operator: string;
  readonly createdAt: Date;
  readonly profileId: string;
  /** What was imported, in words: the file name, or the report and its date range. */
  readonly source: string;
  readonly mapping: string;
  readonly periodFrom: Date;
  readonly periodTo: Date;
}

export interface ReconSessionRow extends NewReconSession {
  readonly status: ReconSessionStatus;
  readonly rowCount: number;
  readonly finishedAt: Date | null;
}

/** A running session whose importer has not been heard from for too long. */
export interface StaleReconSession {
  readonly id: string;
  /** The console that ran the import (null: it started before sessions had owners). */
  readonly owner: string | null;
  readonly lastSignOfLife: Date;
}

/** A statement row (or, for missing_in_file, a ledger payment) with its class. */
export interface NewReconRow {
  readonly reconClass: ReconClass;
  readonly reason: string | null;
  readonly paymentId: string | null;
  readonly line: number | null;
  readonly gatewayTransactionId: string | null;
  readonly merchantReference: string | null;
  readonly kind: StatementEntryKind | null;
  readonly statementStatus: StatementStatus | null;
  /** The row's gross; for a payment missing from the file, the ledger's amount. */
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly feeMinor: bigint | null;
  readonly netMinor: bigint | null;
  readonly transactionAt: Date | null;
  readonly settledAt: Date | null;
  readonly merchantAccount: string | null;
  readonly ledgerAmountMinor: bigint | null;
  readonly ledgerStatus: PaymentStatus | null;
}

/** A row of a batch with its place in it (0-based). */
export interface PlacedReconRow {
  readonly position: number;
  readonly row: NewReconRow;
}

/**
 * One save of an import: `size` rows, numbered in order on from the session's count; the matched
 * ones as a block (recon-packed-blocks.ts), the others as rows.
 */
export interface ReconRowBatch {
  readonly size: number;
  readonly others: readonly PlacedReconRow[];
  readonly matched: PackedMatchedBlock | null;
}

export interface ReconResolution {
  readonly kind: ReconResolutionKind;
  readonly note: string | null;
  readonly followUp: ReconFollowUp | null;
  readonly by: string;
  readonly at: Date;
}

export interface ReconRowRecord extends NewReconRow {
  readonly id: number;
  readonly sessionId: string;
  readonly resolution: ReconResolution | null;
}

export interface ReconRowPatch {
  readonly resolution: ReconResolution;
  /** A manual link re-classifies the row against the payment it now points to. */
  readonly reclassify?: { readonly reconClass: ReconClass; readonly paymentId: string; readonly reason: string | null; readonly ledgerAmountMinor: bigint; readonly ledgerStatus: PaymentStatus };
}

export interface ReconSummaryLine {
  readonly reconClass: ReconClass;
  readonly currency: string;
  readonly count: number;
  readonly amountMinor: bigint;
}

export interface ReconRowFilter {
  readonly reconClass?: ReconClass | undefined;
  /** Substring of the gateway id, merchant reference or payment id, any case. */
  readonly text?: string | undefined;
}

export interface ReconRowPage {
  readonly rows: readonly ReconRowRecord[];
  readonly nextCursor: string | null;
}
