/**
 * One poller for every console on a ledger. Each console's poller runs this; the one that holds
 * the ledger's poller lock (port.ts `PollerLock`) polls, the others only try again every few
 * seconds, so N consoles make the status calls of one and a gateway's per-transaction limit holds
 * for the team, not per console (the call budgets in the ledger remain a second line of defence).
 *
 * The leader asks the ledger that it still holds the lock before each pass and on every try, and
 * may poll only while the last such answer is recent: a holder cut off from the database stops before the server gives
 * the lock to someone else. It stops at once when told the lock is lost (its connection failed,
 * the ledger closed). A leader that lost the lock waits one more period before it tries again, so
 * that a console that can still reach the ledger takes over first.
 */
import type { PollerLock } from '../ledger/port.ts';
import type { Logger } from '../ports.ts';

/** How often a follower tries to take the lock and a leader confirms it holds it. */
export const LEADERSHIP_RETRY_MS = 2_000;

export interface LeadershipOptions {
  readonly lock: PollerLock;
  /** How this console is named to the others ("who polls"). */
  readonly name: string;
  readonly logger: Logger;
  readonly retryMs?: number;
  /** Monotonic milliseconds (default performance.now): a confirmation's age must not follow wall-clock changes. */
  readonly now?: () => number;
  /** Told each time this console starts or stops polling for the team. */
  readonly onChange?: (leading: boolean) => void;
}

export interface PollerLeadership {
  /** True while this console may poll: it holds the lock and confirmed so within the last period and a half. */
  leading(): boolean;
  /** Asks the ledger now (before a pass): true when this console still holds the lock; a false answer ends its leadership. */
  confirmed(): Promise<boolean>;
  start(): void;
  /** Stops trying and lets the lock go. */
  stop(): Promise<void>;
}

export function createPollerLeadership(options: LeadershipOptions): PollerLeadership {
  const { lock, name, logger } = options;
  const retryMs = options.retryMs ?? LEADERSHIP_RETRY_MS;
  const now = options.now ?? (() => performance.now());
  /** A confirmation older than this no longer counts (well within the server's keepalive cut-off, poller-lock.ts). */
  const freshForMs = retryMs * 1.5 + 500;
  let holding = false;
  let confirmedAt = Number.NEGATIVE_INFINITY;
  let sitOut = 0;
  let timer: NodeJS.Timeout | null = null;
  let tick: Promise<void> | null = null;
  let stopped = false;
  let lastProblem: string | null = null;

  function lose(why: string): void {
    if (!holding) return;
    holding = false;
    sitOut = 1;
    logger.warn('this console no longer polls for the team', { reason: why });
    options.onChange?.(false);
  }

  const unsubscribe = lock.onLost(() => lose('the connection holding the poller lock was lost'));

  function problem(action: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // Said once while it lasts: a ledger that is down would otherwise log every period.
    if (message !== lastProblem) logger.warn(`could not ${action} the poller lock`, { error: message });
    lastProblem = message;
  }

  async function confirm(): Promise<boolean> {
    const asked = now();
    const still = await lock.confirm().catch((error: unknown) => {
      problem('confirm', error);
      return false;
    });
    if (still && holding && !stopped) {
      confirmedAt = Math.max(confirmedAt, asked);
      return true;
    }
    lose('the ledger did not confirm the poller lock');
    return false;
  }

  async function attempt(): Promise<void> {
    if (stopped) return;
    if (holding) {
      await confirm();
      return;
    }
    if (sitOut > 0) {
      sitOut -= 1;
      return;
    }
    const asked = now();
    const got = await lock.tryAcquire(name).catch((error: unknown) => {
      problem('take', error);
      return false;
    });
    if (!got) return;
    if (stopped) {
      await lock.release().catch(() => undefined);
      return;
    }
    lastProblem = null;
    holding = true;
    confirmedAt = asked;
    logger.info('this console polls for the team', { name });
    options.onChange?.(true);
  }

  function run(): void {
    if (tick !== null) return;
    tick = attempt().finally(() => (tick = null));
  }

  return {
    leading: () => holding && now() - confirmedAt < freshForMs,
    async confirmed() {
      if (!holding || stopped) return false;
      return confirm();
    },
    start() {
      if (timer !== null || stopped) return;
      run();
      timer = setInterval(run, retryMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearInterval(timer);
      timer = null;
      unsubscribe();
      await tick;
      if (holding) {
        holding = false;
        options.onChange?.(false);
      }
      await lock.release().catch(() => undefined);
    },
  };
}
