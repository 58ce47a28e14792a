import type { MitBatchCounts } from '../../../../../shared/domain/mit-batch.ts';

/** Where a batch's run is: rows with an outcome out of the rows it will charge. */
export interface RunFigures {
  readonly done: number;
  readonly total: number;
  /** 0–1, for the bar. */
  readonly fraction: number;
}

/**
 * Done: every row that ran and has left `charging`. Total: the rows the run charges — the valid
 * rows, less those a cancellation skipped (they will never run).
 */
export function runFigures(counts: MitBatchCounts): RunFigures {
  const done = counts.ran - counts.charging;
  const total = counts.rows - counts.invalid - counts.skipped;
  return { done, total, fraction: total === 0 ? 0 : Math.min(1, done / total) };
}

/** An ETA in whole units, the largest two: 3725 s → 1 h 2 min, 65 s → 1 min 5 s. */
export interface Duration {
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

export function durationOf(totalSeconds: number): Duration {
  const whole = Math.max(0, Math.round(totalSeconds));
  return { hours: Math.floor(whole / 3600), minutes: Math.floor((whole % 3600) / 60), seconds: whole % 60 };
}

/**
 * A batch the screen shows running but that no progress was heard of for `stalledAfterMs`: its
 * console may have stopped (its lease then ends and any console may take it over), so resume is
 * offered; the core refuses it while another console still holds the batch.
 */
export function looksStalled(status: string, lastHeardAt: number, now: number, stalledAfterMs: number): boolean {
  return status === 'running' && now - lastHeardAt >= stalledAfterMs;
}
