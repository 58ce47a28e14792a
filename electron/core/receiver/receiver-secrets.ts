/**
 * The receiver service's secrets: each profile's webhook credentials, the audit log's key and the
 * shared database's password. They come from this host's keychain or from a JSON file that only the
 * service's user can read; never from the configuration file or the database. The receiver only
 * reads them: nothing here writes a secret anywhere.
 *
 * The audit key is the team's: every entry the receiver appends to the shared chain is sealed with
 * it, so the consoles verifying the chain must hold the same key.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ValidationError, VaultUnavailableError } from '../errors.ts';
import { getGateway } from '../gateways/gateway-catalog.ts';
import { AUDIT_KEY_ACCOUNT, readAuditKey, type AuditKey } from '../vault/audit-key.ts';
import { credentialAccount, type CredentialStore } from '../vault/credential-store.ts';
import { scopedVault } from '../vault/keychain-namespace.ts';
import { LEDGER_PASSWORD_ACCOUNT } from '../workspace/ledger-location.ts';
import type { ReceiverProfile, SecretSource } from './receiver-config.ts';

export interface ReceiverSecrets {
  /** `<profileId>/<field>` and the other accounts a console's folder vault has, read-only. */
  readonly store: CredentialStore;
  readonly auditKey: AuditKey;
  readonly ledgerPassword: string | null;
}

/** The secrets file: what a console keeps in its keychain, in one file. */
export const secretsFileSchema = z.strictObject({
  /** The shared database's password (omitted where the server trusts the host or a certificate). */
  ledgerPassword: z.string().min(1).optional(),
  /** The keychain entry `<workspaceId>/audit-chain-key` of the team's consoles, as it is stored there. */
  auditChainKey: z.strictObject({ version: z.literal(1), secret: z.string(), legacyEntries: z.number().int().nonnegative() }),
  /** Credential fields by profile id, named as the gateway's profile form names them. */
  profiles: z.record(z.string(), z.record(z.string(), z.string().min(1))).default({}),
});

/** Refused: the file is readable or writable by someone other than the service's user, or not owned by it. */
export class InsecureSecretsFileError extends ValidationError {
  constructor(message: string) {
    super(message, { 'secrets.path': message });
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
export function readSecretsFile(path: string): string {
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ELOOP') throw new InsecureSecretsFileError(`The secrets file ${path} is a symbolic link; give the file itself`);
    throw new ValidationError(`The secrets file ${path} cannot be opened (${code})`, { 'secrets.path': 'Cannot be opened' });
  }
  try {
    const stat = fstatSync(descriptor);
    if (!stat.isFile()) throw new InsecureSecretsFileError(`The secrets file ${path} is not a regular file`);
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) throw new InsecureSecretsFileError(`The secrets file ${path} belongs to user ${stat.uid}, not to the receiver's user (${uid}); chown it to that user`);
    if ((stat.mode & 0o077) !== 0) {
      throw new InsecureSecretsFileError(`The secrets file ${path} has mode ${describeMode(stat.mode)}: group or others may read or change it; chmod 600 it`);
    }
    return readFileSync(descriptor, 'utf8');
  } finally {
    closeSync(descriptor);
  }
}

function fromFile(path: string): { store: CredentialStore; ledgerPassword: string | null } {
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
  const accounts = new Map<string, string>([[AUDIT_KEY_ACCOUNT, JSON.stringify(parsed.data.auditChainKey)]]);
  for (const [profileId, fields] of Object.entries(parsed.data.profiles)) for (const [field, value] of Object.entries(fields)) accounts.set(credentialAccount(profileId, field), value);
  return { store: readOnly((account) => Promise.resolve(accounts.get(account) ?? null)), ledgerPassword: parsed.data.ledgerPassword ?? null };
}

/** `keychain`: the whole keychain of the keychain source's service (keytar on a server; the tests' private one). */
export async function openReceiverSecrets(source: SecretSource, keychain: () => CredentialStore): Promise<ReceiverSecrets> {
  let store: CredentialStore;
  let ledgerPassword: string | null;
  if (source.source === 'file') {
    ({ store, ledgerPassword } = fromFile(source.path));
  } else {
    const scoped = scopedVault(keychain(), source.namespace);
    store = readOnly((account) => scoped.get(account));
    ledgerPassword = await store.get(LEDGER_PASSWORD_ACCOUNT);
  }
  const auditKey = await readAuditKey(store);
  if (auditKey === null) {
    throw new VaultUnavailableError(
      source.source === 'file'
        ? 'The secrets file has no auditChainKey: the receiver appends to the team\'s audit chain and needs its key'
        : `The keychain has no ${source.namespace}/${AUDIT_KEY_ACCOUNT}: the receiver appends to the team's audit chain and needs its key`,
    );
  }
  return { store, auditKey, ledgerPassword };
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
