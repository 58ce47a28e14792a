import type { MitBatchRowState } from '../../../../../shared/domain/mit-batch.ts';

/** The rows table's filter: every row, or the rows in one state (an outcome, or refused by the preview). */
export type OutcomeFilter = MitBatchRowState | 'all';

/** The filters offered while a batch is previewed (nothing ran yet) and once it has run. */
export const PREVIEW_FILTERS: readonly OutcomeFilter[] = ['all', 'ready', 'invalid'];
export const RUN_FILTERS: readonly OutcomeFilter[] = ['all', 'succeeded', 'declined', 'failed', 'pending', 'unknown', 'charging', 'ready', 'skipped', 'invalid'];

export function filtersFor(status: string): readonly OutcomeFilter[] {
  return status === 'previewed' ? PREVIEW_FILTERS : RUN_FILTERS;
}

/** The rows query's state: none for every row. */
export function stateOfFilter(filter: OutcomeFilter): MitBatchRowState | undefined {
  return filter === 'all' ? undefined : filter;
}

/** How many rows a filter shows, from the batch's counts per state. */
export function countOfFilter(filter: OutcomeFilter, counts: Readonly<Record<MitBatchRowState | 'rows', number>>): number {
  return filter === 'all' ? counts.rows : counts[filter];
}
