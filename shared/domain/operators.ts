import { z } from 'zod';

/**
 * Who may do what in team mode. A role is a named set of rights; an operator's own rights are the
 * role's set with some added and some removed. The ledger database keeps the same table
 * (`console_role_rights`, PostgreSQL migration 017) and is the real guard; this copy lets the core
 * refuse with a clear message first and the renderer show only what the operator may do.
 */

export const OPERATOR_RIGHTS = ['moto', 'mbway', 'multibanco', 'refund', 'capture', 'void', 'mit', 'recon', 'approve_refund', 'settings', 'profiles', 'credentials', 'operators'] as const;
export type OperatorRight = (typeof OPERATOR_RIGHTS)[number];
export const operatorRightSchema = z.enum(OPERATOR_RIGHTS);

export const OPERATOR_ROLES = ['viewer', 'agent', 'finance', 'admin'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];
export const operatorRoleSchema = z.enum(OPERATOR_ROLES);

export const ROLE_RIGHTS: { readonly [R in OperatorRole]: readonly OperatorRight[] } = {
  viewer: [],
  agent: ['moto', 'mbway', 'multibanco'],
  finance: ['refund', 'capture', 'void', 'mit', 'recon', 'approve_refund'],
  admin: OPERATOR_RIGHTS,
};

/** The role's rights with `added` and without `removed`, in the enum's order. */
export function effectiveRights(role: OperatorRole, added: readonly OperatorRight[], removed: readonly OperatorRight[]): OperatorRight[] {
  const held = new Set<OperatorRight>([...ROLE_RIGHTS[role], ...added]);
  for (const right of removed) held.delete(right);
  return OPERATOR_RIGHTS.filter((right) => held.has(right));
}

/**
 * A PostgreSQL login as the console accepts one: letters, digits and underscores, starting with a
 * letter or underscore, at most 63 bytes (NAMEDATALEN - 1). Quoted identifiers could hold more, but
 * a login that needs quoting is one more way to get a GRANT wrong.
 */
export const operatorLoginSchema = z
  .string()
  .trim()
  .min(1, 'Type the database login')
  .max(63, 'At most 63 characters')
  .regex(/^[a-z_][a-z0-9_]*$/, 'Lower-case letters, digits and underscores, starting with a letter');

export const operatorSchema = z.object({
  login: z.string(),
  role: operatorRoleSchema,
  /** Rights added to the role's set for this operator. */
  added: z.array(operatorRightSchema),
  /** Rights taken from the role's set for this operator. */
  removed: z.array(operatorRightSchema),
  /** What the operator may do: the role's rights, plus added, minus removed. */
  rights: z.array(operatorRightSchema),
  /** The login that created the ledger and owns its schema: always an admin, never removed. */
  owner: z.boolean(),
  updatedAt: z.string().datetime({ offset: true }),
  updatedBy: z.string(),
});
export type Operator = z.infer<typeof operatorSchema>;

export const operatorMeSchema = z.object({
  /** solo: the embedded SQLite ledger, the OS user with every right; team: a shared PostgreSQL ledger. */
  mode: z.enum(['solo', 'team']),
  login: z.string(),
  role: operatorRoleSchema,
  rights: z.array(operatorRightSchema),
});
export type OperatorMe = z.infer<typeof operatorMeSchema>;

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const approvalStatusSchema = z.enum(APPROVAL_STATUSES);
