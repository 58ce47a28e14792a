/**
 * Who this console acts as and what they may do. Solo mode (the embedded SQLite ledger): the OS
 * user, with every right. Team mode: the operator row of the database login, read from the shared
 * ledger (team-operators.ts). The core checks a right here first so a refusal says clearly what is
 * missing; in team mode the database checks it again, and that check is the one that holds.
 */
import { OPERATOR_RIGHTS, type Operator, type OperatorMe, type OperatorRight, type OperatorRole } from '../../../shared/domain/operators.ts';
import { ForbiddenError, NotSupportedError } from '../errors.ts';
import type { Clock } from '../ports.ts';

export interface OperatorChange {
  readonly login: string;
  readonly role: OperatorRole;
  readonly added: readonly OperatorRight[];
  readonly removed: readonly OperatorRight[];
}

export interface OperatorAccess {
  readonly mode: 'solo' | 'team';
  /** The operator as the ledger knows them now (team mode reads it again after a short while). */
  me(): Promise<OperatorMe>;
  /** Throws ForbiddenError, naming `what` and the missing right, unless the operator holds `right`. */
  require(right: OperatorRight, what: string): Promise<void>;
  /** Throws ForbiddenError unless the operator writes to the ledger at all (holds some right: not a viewer). */
  requireWriter(channel: string): Promise<void>;
  list(): Promise<Operator[]>;
  save(change: OperatorChange): Promise<Operator>;
  /** False when the login had no operator row. */
  remove(login: string): Promise<boolean>;
}

/** Words for a refusal: what was refused and which right it takes. */
export function forbidden(me: OperatorMe, right: OperatorRight, what: string): ForbiddenError {
  const who = me.mode === 'team' ? `${me.login} (${me.role})` : me.login;
  return new ForbiddenError(`${who} may not ${what}: that takes the “${right}” right, which an admin can give in Settings → Operators`);
}

/** A viewer's refusal of something that writes to the shared ledger. */
export function readOnly(me: OperatorMe, channel: string): ForbiddenError {
  return new ForbiddenError(`${me.login} (${me.role}) only reads the shared ledger, and ${channel} writes to it (its audit entry at least)`);
}

const TEAM_ONLY = 'Operators and roles exist in team mode only (a shared PostgreSQL ledger); on this computer the OS user does everything';

export function soloOperatorAccess(login: string, clock: Clock): OperatorAccess {
  const me: OperatorMe = { mode: 'solo', login, role: 'admin', rights: [...OPERATOR_RIGHTS] };
  return {
    mode: 'solo',
    me: async () => me,
    require: async () => undefined,
    requireWriter: async () => undefined,
    list: async () => [{ login, role: 'admin', added: [], removed: [], rights: [...OPERATOR_RIGHTS], owner: true, updatedAt: clock.now().toISOString(), updatedBy: login }],
    save: () => Promise.reject(new NotSupportedError(TEAM_ONLY)),
    remove: () => Promise.reject(new NotSupportedError(TEAM_ONLY)),
  };
}
