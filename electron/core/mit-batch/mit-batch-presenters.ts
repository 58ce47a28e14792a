/** A batch and its rows as the contract shows them. */
import { MIT_BATCH_RAN_STATES, MIT_BATCH_ROW_STATES, type MitBatch, type MitBatchCounts, type MitBatchRow } from '../../../shared/domain/mit-batch.ts';
import { formatDecimal } from '../../../shared/money/money.ts';
import type { MitBatchRecord, MitBatchRowRecord } from '../ledger/mit-batch-types.ts';

export function presentMitBatch(batch: MitBatchRecord): MitBatch {
  const counts = Object.fromEntries(MIT_BATCH_ROW_STATES.map((state) => [state, batch.states.get(state) ?? 0])) as Omit<MitBatchCounts, 'rows' | 'ran'>;
  const ran = MIT_BATCH_ROW_STATES.filter((state) => MIT_BATCH_RAN_STATES.has(state)).reduce((sum, state) => sum + counts[state], 0);
  return {
    id: batch.id,
    profileId: batch.profileId,
    gatewayId: batch.gatewayId,
    operator: batch.operator,
    fileName: batch.fileName,
    status: batch.status,
    counts: { rows: batch.rowCount, ...counts, ran },
    totals: batch.totals.map((total) => ({ currency: total.currency, count: total.count, amount: formatDecimal(total.amountMinor, total.currency) })),
    createdAt: batch.createdAt.toISOString(),
    startedAt: batch.startedAt?.toISOString() ?? null,
    finishedAt: batch.finishedAt?.toISOString() ?? null,
  };
}

export function presentMitBatchRow(row: MitBatchRowRecord): MitBatchRow {
  return {
    batchId: row.batchId,
    ordinal: row.ordinal,
    line: row.line,
    tokenId: row.tokenId,
    customerReference: row.customerReference,
    amount: row.amountMinor !== null && row.currency !== null ? formatDecimal(row.amountMinor, row.currency) : row.amount,
    currency: row.currency,
    reference: row.reference,
    recurrence: row.recurrence,
    description: row.description,
    merchantReference: row.merchantReference,
    state: row.state,
    problems: [...row.problems],
    paymentId: row.paymentId,
    gatewayTransactionId: row.gatewayTransactionId,
    gatewayCode: row.gatewayCode,
    gatewayMessage: row.gatewayMessage,
    error: row.error,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
