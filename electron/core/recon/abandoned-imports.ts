/**
 * Sessions left `running` by a console that crashed or was killed mid-import: each one whose
 * heartbeat is older than the limit is cancelled and its rows removed, and the audit log says so.
 * A session that still beats — another console's live import on a shared PostgreSQL ledger — is
 * left alone, even if it is checked at the same instant (ReconRepository.cancelStaleSession).
 */
import { SYSTEM_CONTEXT, type Auditor } from '../audit.ts';
import type { Ledger } from '../ledger/port.ts';
import type { Clock } from '../ports.ts';

export interface AbandonedImportsDeps {
  readonly ledger: Ledger;
  readonly auditor: Auditor;
  readonly clock: Clock;
  readonly staleAfterMs: number;
}

/** Answers the ids of the sessions it cancelled. */
export async function cancelAbandonedImports(deps: AbandonedImportsDeps): Promise<string[]> {
  const { ledger, auditor, clock } = deps;
  const before = new Date(clock.now().getTime() - deps.staleAfterMs);
  const cancelled: string[] = [];
  for (const session of await ledger.recon.staleSessions(before)) {
    const done = await ledger.withTransaction(async (tx) => {
      if (!(await tx.recon.cancelStaleSession(session.id, before, clock.now()))) return false;
      await auditor.record(SYSTEM_CONTEXT, 'recon.abandoned', { type: 'recon_session', id: session.id }, 'cancelled', {
        owner: session.owner,
        lastSignOfLife: session.lastSignOfLife.toISOString(),
        staleAfterMs: deps.staleAfterMs,
      });
      return true;
    });
    if (done) cancelled.push(session.id);
  }
  return cancelled;
}
