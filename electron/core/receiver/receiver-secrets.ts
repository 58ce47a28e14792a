/**
 * The receiver service's secrets: each profile's webhook credentials, the audit log's key and the
 * shared database's password. They come from this host's keychain or from a JSON file that only the
 * service's user can read; never from the configuration file or the database. The receiver only
 * reads them: nothing here writes a secret anywhere.
 *
 * The audit key is the team's (vault/team-audit-key.ts): every entry the receiver appends to the
 * shared chain is sealed with it, so the consoles verifying the chain hold the same key. The receiver
 * finds it by the id the ledger records and starts only with that very key.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ValidationError, VaultUnavailableError } from '../errors.ts';
import { getGateway } from '../gateways/gateway-catalog.ts';
import { credentialAccount, type CredentialStore } from '../vault/credential-store.ts';
import { scopedVault } from '../vault/keychain-namespace.ts';
import { isRecordedTeamKey, readTeamAuditKey, teamAuditKeySchema, teamKeyFromStored, type TeamAuditKey, type TeamAuditKeyRecord } from '../vault/team-audit-key.ts';
import { LEDGER_PASSWORD_ACCOUNT } from '../workspace/ledger-location.ts';
import type { ReceiverProfile, SecretSource } from './receiver-config.ts';

export interface ReceiverSecrets {
  /** `<profileId>/<field>` and the other accounts a console's folder vault has, read-only. */
  readonly store: CredentialStore;
  /** The team's audit key as the ledger records it; refuses (VaultUnavailableError) when this source lacks it. */
  teamKey(record: TeamAuditKeyRecord | null): Promise<TeamAuditKey>;
  readonly ledgerPassword: string | null;
}

/** The secrets file: what a console keeps in its keychain, in one file. */
export const secretsFileSchema = z.strictObject({
  /** The shared database's password (omitted where the server trusts the host or a certificate). */
  ledgerPassword: z.string().min(1).optional(),
  /** The team's audit key, as `team export-audit-key` writes it. */
  auditChainKey: teamAuditKeySchema,
  /** Credential fields by profile id, named as the gateway's profile form names them. */
  profiles: z.record(z.string(), z.record(z.string(), z.string().min(1))).default({}),
});

/** Refused: the file is readable or writable by someone other than the service's user, or not owned by it. */
export class InsecureSecretsFileError extends ValidationError {
  constructor(message: string, field = 'secrets.path') {
    super(message, { [field]: message });
    this.name = 'InsecureSecretsFileError';
  }
}

const NOT_WRITTEN = 'The receiver never writes secrets; change them where they are kept (the secrets file or the keychain)';

function readOnly(read: (account: string) => Promise<string | null>): CredentialStore {
  return {
    get: read,
    set: () => Promise.reject(new VaultUnavailableError(NOT_WRITTEN)),
    delete: () => Promise.reject(new VaultUnavailableError(NOT_WRITTEN)),
  };
}

function describeMode(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

/**
 * Opened without following a symbolic link and checked on the open descriptor, so the file read is
 * the file checked: owned by this process's user, no access for group or others (0600 or stricter).
 */
export function readSecretsFile(path: string, field = 'secrets.path'): string {
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ELOOP') throw new InsecureSecretsFileError(`The secrets file ${path} is a symbolic link; give the file itself`, field);
    throw new ValidationError(`The secrets file ${path} cannot be opened (${code})`, { [field]: 'Cannot be opened' });
  }
  try {
    const stat = fstatSync(descriptor);
    if (!stat.isFile()) throw new InsecureSecretsFileError(`The secrets file ${path} is not a regular file`, field);
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) throw new InsecureSecretsFileError(`The secrets file ${path} belongs to user ${stat.uid}, not to this program's user (${uid}); chown it to that user`, field);
    if ((stat.mode & 0o077) !== 0) {
      throw new InsecureSecretsFileError(`The secrets file ${path} has mode ${describeMode(stat.mode)}: group or others may read or change it; chmod 600 it`, field);
    }
    return readFileSync(descriptor, 'utf8');
  } finally {
    closeSync(descriptor);
  }
}

function fromFile(path: string): { store: CredentialStore; ledgerPassword: string | null; fileKey: TeamAuditKey } {
  let raw: unknown;
  try {
    raw = JSON.parse(readSecretsFile(path));
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(`The secrets file ${path} is not JSON`, { 'secrets.path': 'Not JSON' });
  }
  const parsed = secretsFileSchema.safeParse(raw);
  // The issue's path names the field; its message never repeats a value.
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`The secrets file ${path} is not valid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem'}`, { 'secrets.path': 'Not valid' });
  }
  const accounts = new Map<string, string>();
  for (const [profileId, fields] of Object.entries(parsed.data.profiles)) for (const [field, value] of Object.entries(fields)) accounts.set(credentialAccount(profileId, field), value);
  return { store: readOnly((account) => Promise.resolve(accounts.get(account) ?? null)), ledgerPassword: parsed.data.ledgerPassword ?? null, fileKey: teamKeyFromStored(parsed.data.auditChainKey) };
}

function checkedTeamKey(record: TeamAuditKeyRecord | null, held: TeamAuditKey | null, where: string): TeamAuditKey {
  if (record === null) throw new VaultUnavailableError("The shared ledger has no team audit key yet: the ledger's admin makes it by starting their console on it");
  if (held === null) throw new VaultUnavailableError(`${where} does not hold the team's audit key (id ${record.keyId}): the receiver appends to the team's audit chain and needs it`);
  if (!isRecordedTeamKey(record, held)) throw new VaultUnavailableError(`The audit key in ${where} (id ${held.keyId}) is not the team's (id ${record.keyId}); write the secrets again on a console of this team`);
  return held;
}

/** `keychain`: the whole keychain of the keychain source's service (keytar on a server; the tests' private one). */
export async function openReceiverSecrets(source: SecretSource, keychain: () => CredentialStore): Promise<ReceiverSecrets> {
  if (source.source === 'file') {
    const { store, ledgerPassword, fileKey } = fromFile(source.path);
    return { store, ledgerPassword, teamKey: (record) => Promise.resolve(checkedTeamKey(record, fileKey, 'The secrets file')) };
  }
  const whole = keychain();
  const scoped = scopedVault(whole, source.namespace);
  const store = readOnly((account) => scoped.get(account));
  return {
    store,
    ledgerPassword: await store.get(LEDGER_PASSWORD_ACCOUNT),
    teamKey: async (record) => checkedTeamKey(record, record === null ? null : await readTeamAuditKey(whole, record.keyId), 'This keychain'),
  };
}

/** The credential fields each profile's gateway verifies or decrypts its webhooks with (descriptor `webhooks: true`). */
export function webhookFieldsOf(profile: Pick<ReceiverProfile, 'gatewayId'>) {
  return getGateway(profile.gatewayId).descriptor.credentialFields.filter((field) => field.webhooks === true);
}

/** Refuses to start without a profile's webhook secret, rather than refusing every one of its deliveries later; names fields, never values. */
export async function requireWebhookSecrets(profiles: readonly ReceiverProfile[], store: CredentialStore): Promise<void> {
  const missing: Record<string, string> = {};
  for (const profile of profiles) {
    for (const field of webhookFieldsOf(profile)) {
      if ((await store.get(credentialAccount(profile.id, field.name))) === null) missing[`secrets.profiles.${profile.id}.${field.name}`] = `${field.label} is missing`;
    }
  }
  const names = Object.keys(missing);
  if (names.length > 0) throw new ValidationError(`The receiver's secrets lack what verifies some profiles' webhooks: ${names.map((name) => name.slice('secrets.profiles.'.length)).join(', ')}`, missing);
}
