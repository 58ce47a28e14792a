import { effectiveRights, OPERATOR_RIGHTS, operatorLoginSchema, ROLE_RIGHTS, type Operator, type OperatorRight, type OperatorRole } from '../../../../../shared/domain/operators.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import { contractAccepts } from '../../../domain/contract-rules.ts';

/** What the form holds: a login, a role, and the rights ticked (the role's, then tuned one by one). */
export interface OperatorDraft {
  readonly login: string;
  readonly role: OperatorRole;
  readonly rights: readonly OperatorRight[];
}

export function newOperatorDraft(): OperatorDraft {
  return { login: '', role: 'agent', rights: [...ROLE_RIGHTS.agent] };
}

export function draftOf(operator: Pick<Operator, 'login' | 'role' | 'rights'>): OperatorDraft {
  return { login: operator.login, role: operator.role, rights: [...operator.rights] };
}

/** A new role starts from its own rights: tuning made for the old role does not carry over. */
export function withRole(draft: OperatorDraft, role: OperatorRole): OperatorDraft {
  return { ...draft, role, rights: [...ROLE_RIGHTS[role]] };
}

export function withRight(draft: OperatorDraft, right: OperatorRight, held: boolean): OperatorDraft {
  const rights = new Set(draft.rights);
  if (held) rights.add(right);
  else rights.delete(right);
  return { ...draft, rights: OPERATOR_RIGHTS.filter((each) => rights.has(each)) };
}

/** How a ticked right stands against the role: given by it, added to it, or taken from it. */
export type RightSource = 'role' | 'added' | 'removed' | 'none';

export function rightSource(draft: OperatorDraft, right: OperatorRight): RightSource {
  const fromRole = ROLE_RIGHTS[draft.role].includes(right);
  const held = draft.rights.includes(right);
  if (fromRole) return held ? 'role' : 'removed';
  return held ? 'added' : 'none';
}

/** The contract's `operators:save` input: the role and what the ticks add to it or take from it. */
export function saveInputOf(draft: OperatorDraft): { login: string; role: OperatorRole; added: OperatorRight[]; removed: OperatorRight[] } {
  const added = OPERATOR_RIGHTS.filter((right) => rightSource(draft, right) === 'added');
  const removed = OPERATOR_RIGHTS.filter((right) => rightSource(draft, right) === 'removed');
  return { login: draft.login.trim(), role: draft.role, added, removed };
}

/** What the operator will hold once saved, as the core works it out. */
export function rightsAfterSave(draft: OperatorDraft): OperatorRight[] {
  const input = saveInputOf(draft);
  return effectiveRights(input.role, input.added, input.removed);
}

export type OperatorField = 'login' | 'role' | 'rights';
export type OperatorProblems = Partial<Record<OperatorField, string>>;

/** The login is checked by the contract's own schema, with its own words, before anything is sent. */
export function checkOperatorDraft(draft: OperatorDraft): OperatorProblems {
  const login = operatorLoginSchema.safeParse(draft.login);
  if (login.success || contractAccepts(operatorLoginSchema, draft.login)) return {};
  return { login: login.error.issues[0]?.message ?? 'Not a database login' };
}

/**
 * The core's answer put on the form's fields: a field error under `login`, `role`, `added.*` or
 * `removed.*` goes next to that field; anything else stays with the form as a whole.
 */
export function problemsFromError(error: ErrorShape): { fields: OperatorProblems; rest: ErrorShape | null } {
  const fields: OperatorProblems = {};
  const rest: Record<string, string> = {};
  for (const [path, message] of Object.entries(error.fields ?? {})) {
    const head = path.split('.')[0];
    if (head === 'login' || head === 'role') fields[head] ??= message;
    else if (head === 'added' || head === 'removed') fields.rights ??= message;
    else rest[path] = message;
  }
  const placed = Object.keys(fields).length > 0;
  if (!placed) return { fields, rest: error };
  // The message said which field was wrong; with every field placed there is nothing more to say.
  return { fields, rest: Object.keys(rest).length > 0 ? { ...error, fields: rest } : null };
}
