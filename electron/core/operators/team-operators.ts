/**
 * Team mode's operator: the database login of the shared ledger and its operator row. The rights
 * are read from the ledger (the database computes them, migration 17) and kept for a moment, so a
 * burst of calls costs one read; a change an admin makes is seen within that moment here, and at
 * once by the database, which checks every write itself.
 */
import { OPERATOR_RIGHTS, operatorRoleSchema, type Operator, type OperatorMe, type OperatorRight } from '../../../shared/domain/operators.ts';
import type { OperatorRow, TeamLedger } from '../ledger/port.ts';
import type { Clock } from '../ports.ts';
import { forbidden, readOnly, type OperatorAccess } from './operator-access.ts';

const RIGHTS_KEPT_MS = 2_000;

function knownRights(names: readonly string[]): OperatorRight[] {
  const held = new Set(names);
  return OPERATOR_RIGHTS.filter((right) => held.has(right));
}

export function presentOperator(row: OperatorRow, rights: readonly string[]): Operator {
  const role = operatorRoleSchema.safeParse(row.role);
  return {
    login: row.login,
    role: role.success ? role.data : 'viewer',
    added: knownRights(row.added),
    removed: knownRights(row.removed),
    rights: knownRights(rights),
    owner: row.owner,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

export function teamOperatorAccess(team: TeamLedger, clock: Clock): OperatorAccess {
  let kept: { me: OperatorMe; until: number } | null = null;

  async function me(): Promise<OperatorMe> {
    const now = clock.now().getTime();
    if (kept !== null && kept.until > now) return kept.me;
    const found = await team.me();
    // A login whose row was removed while its console runs may only look, until it is closed.
    const current: OperatorMe =
      found === null
        ? { mode: 'team', login: team.login, role: 'viewer', rights: [] }
        : { mode: 'team', login: found.operator.login, role: presentOperator(found.operator, found.rights).role, rights: knownRights(found.rights) };
    kept = { me: current, until: now + RIGHTS_KEPT_MS };
    return current;
  }

  return {
    mode: 'team',
    me,
    async require(right, what) {
      const current = await me();
      if (!current.rights.includes(right)) throw forbidden(current, right, what);
    },
    async requireWriter(channel) {
      const current = await me();
      if (current.rights.length === 0) throw readOnly(current, channel);
    },
    async list() {
      return (await team.operators()).map(({ operator, rights }) => presentOperator(operator, rights));
    },
    async save(change) {
      const saved = await team.saveOperator(change.login, change.role, change.added, change.removed);
      kept = null;
      return presentOperator(saved.operator, saved.rights);
    },
    async remove(login) {
      const removed = await team.removeOperator(login);
      kept = null;
      return removed;
    },
  };
}
