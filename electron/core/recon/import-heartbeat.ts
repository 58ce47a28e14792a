/**
 * A running import says it is alive: every `intervalMs` it stamps its session with its owner and
 * the time, so that a console starting up (or listing sessions) can tell a live import on a shared
 * ledger from one whose console was killed (abandoned-imports.ts). When the stamp finds the session
 * no longer running — another console judged it abandoned — the import is told to stop.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Ledger } from '../ledger/port.ts';
import type { Clock, Logger } from '../ports.ts';

export interface ImportHeartbeatOptions {
  /** How often a running import stamps its session. */
  readonly intervalMs?: number;
  /** A running session not stamped for this long has lost its importer (well above intervalMs, so a busy ledger's delay does not count). */
  readonly staleAfterMs?: number;
  /** Names this console in the sessions it runs. */
  readonly owner?: string;
}

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 10_000;
export const DEFAULT_STALE_AFTER_MS = 120_000;

/** This process, as a session's owner: host, process id and a random part so a reused pid differs. */
export function importOwner(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

export interface ImportHeartbeat {
  /** Stops beating; waits for a stamp in flight. */
  stop(): Promise<void>;
}

export interface ImportHeartbeatDeps {
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly owner: string;
  readonly intervalMs: number;
  readonly logger?: Logger;
}

export function startImportHeartbeat(deps: ImportHeartbeatDeps, sessionId: string, onLost: () => void): ImportHeartbeat {
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;
  const beat = (): void => {
    inFlight = inFlight.then(async () => {
      if (stopped) return;
      try {
        if (!(await deps.ledger.recon.beatSession(sessionId, deps.owner, deps.clock.now()))) onLost();
      } catch (error) {
        // A missed stamp is not a lost session: the next one may get through, and staleAfterMs allows for several misses.
        deps.logger?.warn('a reconciliation import could not stamp its session', { sessionId, error: error instanceof Error ? error.message : String(error) });
      }
    });
  };
  beat();
  const timer = setInterval(beat, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
