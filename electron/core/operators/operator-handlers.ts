/** The `operators:*` and `approvals:*` channels, and `payments:refund` (which may become a request). */
import type { Handlers } from '../door.ts';
import type { Auditor } from '../audit.ts';
import type { OperatorAccess } from './operator-access.ts';
import type { RefundApprovals } from './refund-approvals.ts';

export const OPERATOR_CHANNELS = [
  'operators:me',
  'operators:list',
  'operators:save',
  'operators:remove',
  'approvals:list',
  'approvals:decide',
  'approvals:thresholds',
  'approvals:saveThresholds',
  'payments:refund',
] as const;
export type OperatorChannel = (typeof OPERATOR_CHANNELS)[number];

export interface OperatorHandlerDeps {
  readonly access: OperatorAccess;
  readonly approvals: RefundApprovals;
  readonly auditor: Auditor;
}

export function createOperatorHandlers(deps: OperatorHandlerDeps): Pick<Handlers, OperatorChannel> {
  const { access, approvals, auditor } = deps;
  return {
    'operators:me': () => access.me(),
    'operators:list': async () => ({ mode: access.mode, operators: await access.list() }),
    'operators:save': async (input, context) => {
      try {
        const saved = await access.save(input);
        await auditor.record(context, 'operator.save', { type: 'operator', id: input.login }, 'succeeded', { role: saved.role, added: saved.added, removed: saved.removed, rights: saved.rights });
        return saved;
      } catch (error) {
        // A refused change of who may do what is worth a line in a team's log; solo mode has no operators to change, and a refusal there changes nothing.
        if (access.mode === 'team') await auditor.record(context, 'operator.save', { type: 'operator', id: input.login }, 'refused', { role: input.role, error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
        throw error;
      }
    },
    'operators:remove': async (input, context) => {
      try {
        const removed = await access.remove(input.login);
        await auditor.record(context, 'operator.remove', { type: 'operator', id: input.login }, removed ? 'succeeded' : 'refused', removed ? {} : { error: 'no such operator' });
        return { removed };
      } catch (error) {
        if (access.mode === 'team') await auditor.record(context, 'operator.remove', { type: 'operator', id: input.login }, 'refused', { error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
        throw error;
      }
    },
    'approvals:list': (input) => approvals.list(input),
    'approvals:decide': (input, context) => approvals.decide(input, context),
    'approvals:thresholds': async () => ({ thresholds: await approvals.thresholds() }),
    'approvals:saveThresholds': async (input, context) => ({ thresholds: await approvals.saveThresholds(input.profileId, input.thresholds, context) }),
    'payments:refund': (input, context) => approvals.refund(input, context),
  };
}
