/** Row shapes of the MIT batch repository (migration 15). */
import type { GatewayId } from '../../../shared/domain/schemas.ts';
import type { MitBatchRowState, MitBatchStatus } from '../../../shared/domain/mit-batch.ts';

export interface NewMitBatch {
  readonly id: string;
  readonly profileId: string;
  readonly gatewayId: GatewayId;
  readonly operator: string;
  readonly fileName: string;
  readonly createdAt: Date;
}

export interface MitBatchRowProblem {
  readonly field: string;
  readonly message: string;
}

/** One record of the file as checked: what could be read of it, and its problems when it is refused. */
export interface NewMitBatchRow {
  readonly ordinal: number;
  readonly line: number;
  readonly tokenId: string | null;
  readonly customerReference: string | null;
  readonly amount: string | null;
  readonly amountMinor: bigint | null;
  readonly currency: string | null;
  readonly reference: string | null;
  readonly recurrence: 'recurring' | 'unscheduled' | null;
  readonly description: string | null;
  /** Null for a refused row: it is never charged. */
  readonly merchantReference: string | null;
  readonly problems: readonly MitBatchRowProblem[];
}

export interface MitBatchRowRecord extends NewMitBatchRow {
  readonly batchId: string;
  readonly state: MitBatchRowState;
  readonly paymentId: string | null;
  readonly gatewayTransactionId: string | null;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
  readonly error: string | null;
  readonly finishedAt: Date | null;
}

/** A charge's end as the row keeps it. */
export interface MitBatchRowOutcome {
  readonly state: Exclude<MitBatchRowState, 'invalid' | 'ready' | 'charging' | 'skipped'>;
  readonly paymentId: string | null;
  readonly gatewayTransactionId: string | null;
  readonly gatewayCode: string | null;
  readonly gatewayMessage: string | null;
  readonly error: string | null;
  readonly at: Date;
}

export interface MitBatchRecord {
  readonly id: string;
  readonly profileId: string;
  readonly gatewayId: GatewayId;
  readonly operator: string;
  readonly fileName: string;
  readonly status: MitBatchStatus;
  readonly rowCount: number;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly owner: string | null;
  readonly leaseUntil: Date | null;
  /** Rows per state (states without rows absent). */
  readonly states: ReadonlyMap<MitBatchRowState, number>;
  /** The rows that can be charged (every state but invalid), per currency. */
  readonly totals: ReadonlyArray<{ readonly currency: string; readonly count: number; readonly amountMinor: bigint }>;
}

export interface MitBatchRowPage {
  readonly rows: MitBatchRowRecord[];
  readonly nextCursor: string | null;
}
