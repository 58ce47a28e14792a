import type { Clock } from '../../electron/core/ports.ts';

/** A clock tests move by hand: policy tests never sleep. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(start = Date.now()): ManualClock {
  let now = start;
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}
