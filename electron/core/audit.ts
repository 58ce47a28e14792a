import { hostname } from 'node:os';
import type { AuditOutcome } from '../../shared/domain/audit-outcome.ts';
import type { InvocationContext } from './door.ts';
import type { Ledger } from './ledger/port.ts';
import type { Clock } from './ports.ts';

/** Who did what, from where, to what, with which outcome (PCI DSS 10.2). Never secrets or card data. */
export interface Auditor {
  record(context: InvocationContext, action: string, target: { type: string; id: string | null }, outcome: AuditOutcome, details?: Record<string, unknown>): Promise<void>;
}

export function createAuditor(ledger: Ledger, clock: Clock): Auditor {
  const machine = hostname();
  return {
    async record(context, action, target, outcome, details = {}) {
      await ledger.audit.append({
        at: clock.now(),
        operator: context.operator,
        origin: `${context.origin}@${machine}`,
        action,
        targetType: target.type,
        targetId: target.id,
        outcome,
        details,
      });
    },
  };
}

/** The core's own actions (recovery, sandbox set-up) are attributed to the system. */
export const SYSTEM_CONTEXT: InvocationContext = { origin: 'system', operator: 'system' };
