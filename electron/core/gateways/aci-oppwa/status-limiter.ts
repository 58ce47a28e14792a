/**
 * OPPWA allows two `GET /v1/payments/{id}` calls per minute per transaction (seed 003) and answers
 * 429 past that. Adapters are created per call, so the budget lives here, once per process,
 * keyed by the platform, the entity and the transaction. Time comes from the caller's clock.
 */
import type { Clock } from '../../ports.ts';

const WINDOW_MS = 60_000;

export interface StatusCallLimiter {
  /** Takes one call from the budget of the last 60 seconds; false (and nothing taken) when it is spent. */
  tryTake(key: string, limit: number, clock: Clock): boolean;
}

export function createStatusCallLimiter(): StatusCallLimiter {
  const calls = new Map<string, number[]>();
  function prune(now: number): void {
    for (const [key, times] of calls) {
      const recent = times.filter((at) => now - at < WINDOW_MS);
      if (recent.length === 0) calls.delete(key);
      else calls.set(key, recent);
    }
  }
  return {
    tryTake(key, limit, clock) {
      const now = clock.now().getTime();
      prune(now);
      const recent = calls.get(key) ?? [];
      if (recent.length >= limit) return false;
      calls.set(key, [...recent, now]);
      return true;
    },
  };
}

export const statusCallLimiter: StatusCallLimiter = createStatusCallLimiter();
