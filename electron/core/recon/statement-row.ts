/**
 * A gateway statement's row once a mapping has read it: the one shape the matcher compares with
 * the ledger, whatever file or report it came from. Amounts are minor units in the row's currency.
 */
import type { StatementEntryKind, StatementStatus } from '../../../shared/domain/recon.ts';

export interface StatementRow {
  /** 1-based line of the file the row came from (a report's record number for fetched ones). */
  readonly line: number;
  readonly gatewayTransactionId: string | null;
  readonly merchantReference: string | null;
  readonly kind: StatementEntryKind;
  readonly status: StatementStatus;
  /** Gross, as the gateway counts it (Sayswitch: includes the fee; see its mapping). */
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly feeMinor: bigint | null;
  readonly netMinor: bigint | null;
  readonly transactionAt: Date | null;
  readonly settledAt: Date | null;
  /** The merchant account / entity the row belongs to, where the file says (rows of another merchant are not ours). */
  readonly merchantAccount: string | null;
}

/** A row the import could not read: reported with its line, and the import goes on. */
export interface SkippedRow {
  readonly line: number;
  readonly reason: string;
}
