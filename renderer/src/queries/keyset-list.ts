import type { ErrorShape } from '../../../shared/ipc/envelope.ts';

/** What a paged grid needs to know of its search to draw rows and ask for more. */
export interface KeysetListState {
  readonly rowCount: number;
  readonly hasMore: boolean;
  /** A page (first, next or a refresh) is being read. */
  readonly fetching: boolean;
  readonly error: ErrorShape | null;
}

/** Rows the virtual list draws, plus one loader row while more pages exist. */
export function virtualRowCount(state: Pick<KeysetListState, 'rowCount' | 'hasMore'>): number {
  return state.rowCount + (state.hasMore ? 1 : 0);
}

/** Load the next page once the viewport comes within `threshold` rows of the end. */
export function shouldLoadMore(state: KeysetListState, lastVisibleIndex: number, threshold: number): boolean {
  // After a failed page the operator retries by hand; scrolling must not hammer a failing core.
  if (state.error !== null) return false;
  return state.hasMore && !state.fetching && lastVisibleIndex >= state.rowCount - threshold;
}

/** A change at `changedAt` happened after the rows on screen were read at `readAt` (0: none read yet), so they may be behind. */
export function isReadBefore(changedAt: number | null | undefined, readAt: number): boolean {
  return changedAt !== null && changedAt !== undefined && readAt > 0 && changedAt > readAt;
}
