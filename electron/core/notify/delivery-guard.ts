/**
 * What the webhook receiver checks before it spends anything on a delivery: that it was addressed
 * to this receiver (Host), and that its source has not already sent too many deliveries that had to
 * be refused.
 */
import type { Clock } from '../ports.ts';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A page in a browser on this machine can post to a loopback port under a name that resolves to
 * 127.0.0.1 (DNS rebinding); the Host it sends is then that name. Only the loopback names on our
 * own port are ours, plus the public host a tunnel or reverse proxy forwards under, when the
 * merchant configured one.
 */
export function isOwnHost(host: string | undefined, own: { port: number; publicHost: string | null }): boolean {
  if (!host) return false;
  const given = host.toLowerCase();
  const separator = given.lastIndexOf(':');
  const hasPort = separator > given.lastIndexOf(']');
  const name = hasPort ? given.slice(0, separator) : given;
  if (LOOPBACK_NAMES.has(name)) return hasPort && given.slice(separator + 1) === String(own.port);
  if (own.publicHost === null) return false;
  const configured = own.publicHost.toLowerCase();
  // A configured name without a port stands for the default port the proxy answers on.
  return given === configured || (!configured.includes(':') && name === configured);
}

export interface RejectionLimitOptions {
  /** Refused deliveries a source may send per window before it is answered 429. */
  readonly limit: number;
  readonly windowMs: number;
  /** How many sources are remembered at most (a flood of addresses cannot grow the table without end). */
  readonly maxSources?: number;
}

/**
 * Counts refused deliveries per source in fixed windows. Accepted deliveries cost nothing here:
 * a gateway's legitimate burst (a bulk run's webhooks) is never throttled; a source that keeps
 * sending what has to be refused is answered 429 with Retry-After until its window ends, before its
 * body is even read. Gateways retry a 429.
 */
export function createRejectionLimiter(options: RejectionLimitOptions & { clock: Clock }) {
  const maxSources = options.maxSources ?? 10_000;
  const windows = new Map<string, { startedAt: number; refused: number }>();

  function current(source: string, now: number) {
    const window = windows.get(source);
    if (window && now - window.startedAt < options.windowMs) return window;
    if (window) windows.delete(source);
    return null;
  }

  function makeRoom(now: number): void {
    if (windows.size < maxSources) return;
    for (const [source, window] of windows) if (now - window.startedAt >= options.windowMs) windows.delete(source);
    // Still full: the oldest windows go first (a Map iterates in insertion order).
    for (const source of windows.keys()) {
      if (windows.size < maxSources) break;
      windows.delete(source);
    }
  }

  return {
    /** Milliseconds until the source may deliver again, or null when it may now. */
    retryAfterMs(source: string): number | null {
      const now = options.clock.now().getTime();
      const window = current(source, now);
      if (!window || window.refused < options.limit) return null;
      return Math.max(1, window.startedAt + options.windowMs - now);
    },
    noteRefused(source: string): void {
      const now = options.clock.now().getTime();
      const window = current(source, now);
      if (window) {
        window.refused++;
        return;
      }
      makeRoom(now);
      windows.set(source, { startedAt: now, refused: 1 });
    },
  };
}

export type RejectionLimiter = ReturnType<typeof createRejectionLimiter>;
