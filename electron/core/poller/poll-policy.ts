/**
 * When to look again. Exponential backoff from the policy's minimum interval to its maximum, with
 * ±20 % jitter so that a thousand payments created together do not all ask at the same second,
 * and never closer together than the gateway's per-transaction rate limit allows.
 */
import type { PollPolicy } from '../gateways/types.ts';

export const JITTER = 0.2;

export function pollDelayMs(policy: PollPolicy, step: number, random: () => number): number {
  const exponential = Math.min(policy.maxIntervalMs, policy.minIntervalMs * 2 ** Math.max(0, Math.min(step, 30)));
  const jittered = exponential * (1 - JITTER + 2 * JITTER * random());
  const spacing = policy.maxCallsPerMinutePerTransaction ? Math.ceil(60_000 / policy.maxCallsPerMinutePerTransaction) : 0;
  return Math.max(Math.round(jittered), spacing, 1);
}

/** When polling gives up: the policy's fixed stop (a reference's expiry) or the horizon from first sight. */
export function stopTime(policy: PollPolicy, firstSeenAt: Date): Date {
  return policy.stopAt ?? new Date(firstSeenAt.getTime() + policy.horizonMs);
}
