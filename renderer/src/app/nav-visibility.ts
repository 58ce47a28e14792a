import type { OperatorRight } from '../../../shared/domain/operators.ts';
import type { OperatorRights } from '../queries/operator-query.ts';

/** What decides whether a navigation entry is shown, beside its place and label. */
export interface NavVisibility {
  /** Shown only while the active profile is a sandbox one. */
  readonly sandboxOnly?: boolean;
  /** Shown only to an operator holding one of these rights (every right in solo mode). */
  readonly needsAny?: readonly OperatorRight[];
  /** Shown only on a shared team ledger: roles and four-eyes approvals exist there alone. */
  readonly teamOnly?: boolean;
}

/** An entry is shown when the profile, the ledger's mode and the operator's rights all allow it. */
export function navItemShown(item: NavVisibility, sandbox: boolean, rights: OperatorRights): boolean {
  if (item.sandboxOnly === true && !sandbox) return false;
  if (item.teamOnly === true && !rights.team) return false;
  return item.needsAny === undefined || rights.mayAny(item.needsAny);
}
