/**
 * Refused webhook deliveries in the audit log, aggregated: the first refusal of a window is written
 * at once (with what was wrong), the rest of that window as one `notification.rejected` row with
 * their count when the window ends. A flood of forged posts then costs a few rows, not one each,
 * and the log still says how many were refused.
 */
import type { Auditor } from '../audit.ts';
import type { InvocationContext } from '../door.ts';
import type { Clock } from '../ports.ts';

export const REJECTED_ACTION = 'notification.rejected';

/** A refusal is filed under the profile it was addressed to, or under the receiver when none was known. */
export type RejectionTarget = { readonly type: 'profile'; readonly id: string } | { readonly type: 'receiver'; readonly id: null };

interface Window {
  readonly target: RejectionTarget;
  readonly startedAt: Date;
  lastAt: Date;
  /** Refusals after the first, which was written when the window opened. */
  more: number;
  readonly reasons: Record<string, number>;
  readonly timer: NodeJS.Timeout;
}

export function createRejectionAudit(deps: { auditor: Auditor; clock: Clock; context: InvocationContext; windowMs: number; onLateFailure: (error: unknown) => void }) {
  const windows = new Map<string, Window>();

  function keyOf(target: RejectionTarget): string {
    return target.type === 'profile' ? `profile:${target.id}` : 'receiver';
  }

  async function flush(key: string): Promise<void> {
    const window = windows.get(key);
    if (!window) return;
    windows.delete(key);
    clearTimeout(window.timer);
    if (window.more === 0) return;
    await deps.auditor.record(deps.context, REJECTED_ACTION, window.target, 'rejected', {
      count: window.more,
      reasons: window.reasons,
      from: window.startedAt.toISOString(),
      to: window.lastAt.toISOString(),
    });
  }

  return {
    async record(target: RejectionTarget, reason: string, details: Record<string, unknown> = {}): Promise<void> {
      const key = keyOf(target);
      const now = deps.clock.now();
      const open = windows.get(key);
      if (open && now.getTime() - open.startedAt.getTime() < deps.windowMs) {
        open.more++;
        open.lastAt = now;
        open.reasons[reason] = (open.reasons[reason] ?? 0) + 1;
        return;
      }
      // The new window opens before anything is written, so refusals arriving meanwhile count in it.
      const closing = open ? flush(key) : Promise.resolve();
      // The window's count is written when it ends even if nothing else arrives to close it; by then nobody waits for it.
      const timer = setTimeout(() => void flush(key).catch(deps.onLateFailure), deps.windowMs);
      timer.unref();
      windows.set(key, { target, startedAt: now, lastAt: now, more: 0, reasons: {}, timer });
      await closing;
      await deps.auditor.record(deps.context, REJECTED_ACTION, target, 'rejected', { count: 1, reason, ...details });
    },
    /** Writes every open window's count (on close). */
    async flushAll(): Promise<void> {
      for (const key of [...windows.keys()]) await flush(key);
    },
  };
}
