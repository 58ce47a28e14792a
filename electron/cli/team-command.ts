/**
 * `payments-console team …`: sets up a team ledger and its operators from a terminal.
 *   team init --ledger postgresql://admin@host:5432/db
 *       creates the ledger's schema in that database as that login (which becomes its owner and
 *       admin) and makes it this data folder's ledger; the password comes from CONSOLE_LEDGER_PASSWORD
 *       and goes to the keychain
 *   team add-operator <login> --role viewer|agent|finance|admin [--add r1,r2] [--remove r3] [--create-login]
 *       makes a database login an operator (or changes one); --create-login first creates the login
 *       with the password in CONSOLE_OPERATOR_PASSWORD (the admin login needs CREATEROLE)
 *   team remove-operator <login>
 *   team operators
 *   team export-audit-key --out FILE | team import-audit-key FILE
 *       carries the shared ledger's audit key to another operator's keychain (team-audit-key-command.ts)
 * Everything but init runs as this data folder's ledger login, through the same channels the
 * Settings screen uses, so the same rights and the same audit entries apply.
 */
import { OPERATOR_RIGHTS, operatorLoginSchema, operatorRoleSchema, type OperatorRight } from '../../shared/domain/operators.ts';
import { postgresConnectionStringSchema } from '../../shared/domain/ledger-choice.ts';
import type { Core } from '../core/create-core.ts';
import { openPostgresLedger } from '../core/ledger/postgres/postgres-ledger.ts';
import { establishTeamAuditSeal } from '../core/ledger/team-audit-seal.ts';
import type { CredentialStore } from '../core/vault/credential-store.ts';

export class TeamUsageError extends Error {}

export const TEAM_USAGE = `usage: payments-console team init --ledger postgresql://<admin-login>@<host>:<port>/<database>
       payments-console team add-operator <login> --role viewer|agent|finance|admin [--add right,…] [--remove right,…] [--create-login]
       payments-console team remove-operator <login>
       payments-console team operators
       payments-console team export-audit-key --out FILE
       payments-console team import-audit-key FILE
rights: ${OPERATOR_RIGHTS.join(', ')}
environment: CONSOLE_LEDGER_PASSWORD (team init), CONSOLE_OPERATOR_PASSWORD (--create-login)`;

export type TeamCommand =
  | { readonly kind: 'init'; readonly connectionString: string }
  | { readonly kind: 'add-operator'; readonly login: string; readonly role: string; readonly added: OperatorRight[]; readonly removed: OperatorRight[]; readonly createLogin: boolean }
  | { readonly kind: 'remove-operator'; readonly login: string }
  | { readonly kind: 'operators' }
  | { readonly kind: 'export-audit-key'; readonly out: string }
  | { readonly kind: 'import-audit-key'; readonly file: string };

function flag(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function rightsList(value: string | undefined, name: string): OperatorRight[] {
  if (value === undefined || value === '') return [];
  return value.split(',').map((right) => {
    if (!(OPERATOR_RIGHTS as readonly string[]).includes(right)) throw new TeamUsageError(`${name}: “${right}” is not a right (${OPERATOR_RIGHTS.join(', ')})`);
    return right as OperatorRight;
  });
}

function loginArgument(value: string | undefined): string {
  const parsed = operatorLoginSchema.safeParse(value ?? '');
  if (!parsed.success) throw new TeamUsageError(`the login: ${parsed.error.issues[0]?.message ?? 'not valid'}\n${TEAM_USAGE}`);
  return parsed.data;
}

export function teamArguments(args: readonly string[]): TeamCommand {
  const [verb, ...rest] = args;
  switch (verb) {
    case 'init': {
      const parsed = postgresConnectionStringSchema.safeParse(flag(rest, '--ledger') ?? '');
      if (!parsed.success) throw new TeamUsageError(`--ledger: ${parsed.error.issues[0]?.message ?? 'not a connection string'}\n${TEAM_USAGE}`);
      return { kind: 'init', connectionString: parsed.data };
    }
    case 'add-operator': {
      const role = operatorRoleSchema.safeParse(flag(rest, '--role'));
      if (!role.success) throw new TeamUsageError(`--role must be viewer, agent, finance or admin\n${TEAM_USAGE}`);
      return { kind: 'add-operator', login: loginArgument(rest[0]), role: role.data, added: rightsList(flag(rest, '--add'), '--add'), removed: rightsList(flag(rest, '--remove'), '--remove'), createLogin: rest.includes('--create-login') };
    }
    case 'remove-operator':
      return { kind: 'remove-operator', login: loginArgument(rest[0]) };
    case 'operators':
      return { kind: 'operators' };
    case 'export-audit-key': {
      const out = flag(rest, '--out');
      if (out === undefined || out === '' || rest.length !== 2) throw new TeamUsageError(TEAM_USAGE);
      return { kind: 'export-audit-key', out };
    }
    case 'import-audit-key': {
      if (rest.length !== 1 || rest[0] === undefined || rest[0].startsWith('--')) throw new TeamUsageError(TEAM_USAGE);
      return { kind: 'import-audit-key', file: rest[0] };
    }
    default:
      throw new TeamUsageError(TEAM_USAGE);
  }
}

/**
 * `team init`'s first half, before any core runs: the schema made (or found) as this login, and the
 * team's audit key made (or found) in this keychain. Answers the login, whether it owns the ledger,
 * and what stands in the way of sealing audit entries, if anything.
 */
export async function createTeamLedger(
  connectionString: string,
  password: string | null,
  keychain: CredentialStore,
  dataDir: string,
): Promise<{ login: string; owner: boolean; role: string | null; auditKey: string }> {
  const location = { kind: 'postgres', connectionString, password } as const;
  const ledger = await openPostgresLedger(location);
  try {
    const me = await ledger.team.me();
    const seal = await establishTeamAuditSeal({ keychain, ledger: location, dataDir });
    return { login: ledger.team.login, owner: me?.operator.owner ?? false, role: me?.operator.role ?? null, auditKey: seal.state === 'sealed' ? 'held' : seal.reason };
  } finally {
    await ledger.close();
  }
}

/** Runs a team command on a core started on this data folder's ledger; answers the envelope to print. */
export async function runTeamCommand(core: Core, command: Extract<TeamCommand, { kind: 'add-operator' | 'remove-operator' | 'operators' }>): Promise<{ ok: boolean; envelope: unknown }> {
  const context = { origin: 'cli' as const, operator: core.operator };
  switch (command.kind) {
    case 'operators': {
      const envelope = await core.door.invoke('operators:list', {}, context);
      return { ok: envelope.ok, envelope };
    }
    case 'remove-operator': {
      const envelope = await core.door.invoke('operators:remove', { login: command.login }, context);
      return { ok: envelope.ok && (envelope.value as { removed: boolean }).removed, envelope };
    }
    case 'add-operator': {
      if (command.createLogin) {
        const team = core.internals.ledger.team;
        const password = process.env['CONSOLE_OPERATOR_PASSWORD'];
        if (team === null) return { ok: false, envelope: { ok: false, error: { kind: 'not_supported', message: 'This data folder keeps its ledger on this computer: run team init first' } } };
        if (!password) return { ok: false, envelope: { ok: false, error: { kind: 'validation', message: '--create-login takes the new login’s password from CONSOLE_OPERATOR_PASSWORD' } } };
        await team.createLogin(command.login, password);
      }
      const envelope = await core.door.invoke('operators:save', { login: command.login, role: command.role, added: command.added, removed: command.removed }, context);
      return { ok: envelope.ok, envelope };
    }
  }
}
