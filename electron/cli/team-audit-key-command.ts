/**
 * `payments-console team export-audit-key --out FILE` and `team import-audit-key FILE`: carry the
 * shared ledger's audit key from an admin's keychain to another operator's (team-audit-key.ts).
 * The file is made 0600 and never over another; importing reads it only when it is the user's own
 * with no access for group or others, and keeps it only when it is the key the ledger records.
 * Nothing printed carries the secret.
 */
import { ValidationError, VaultUnavailableError } from '../core/errors.ts';
import { defaultDataDir } from '../core/data-dir.ts';
import type { LedgerLocation } from '../core/ledger/port.ts';
import { readTeamKeyRecordAt } from '../core/ledger/team-audit-seal.ts';
import { readSecretsFile } from '../core/receiver/receiver-secrets.ts';
import { createNodeSettingsStore } from '../core/settings/conf-backend.ts';
import type { CredentialStore } from '../core/vault/credential-store.ts';
import { scopedVault } from '../core/vault/keychain-namespace.ts';
import { createKeytarVault } from '../core/vault/keytar-vault.ts';
import { isRecordedTeamKey, readTeamAuditKey, storedOf, storeTeamAuditKey, teamAuditKeySchema, teamKeyFromStored, type TeamAuditKey, type TeamAuditKeyRecord } from '../core/vault/team-audit-key.ts';
import { LEDGER_PASSWORD_ACCOUNT, resolveLedgerLocation } from '../core/workspace/ledger-location.ts';
import { readWorkspaceId } from '../core/workspace/workspace-id.ts';
import { writeSecretFile } from './secret-file.ts';

export interface TeamLedgerAccess {
  readonly dataDir: string;
  /** The whole keychain (the team key's home). */
  readonly keychain: CredentialStore;
  /** This data folder's part of it (profile credentials, the ledger password). */
  readonly folderVault: CredentialStore;
  readonly location: Extract<LedgerLocation, { kind: 'postgres' }>;
  readonly record: TeamAuditKeyRecord;
}

/**
 * This data folder's shared ledger and the key it records; refused for a solo folder or a ledger
 * with no key yet. `connectionString`: another address of the ledger (the receiver's), reached with
 * the password this folder keeps.
 */
export async function teamLedgerAccess(env: NodeJS.ProcessEnv = process.env, connectionString?: string): Promise<TeamLedgerAccess> {
  const dataDir = defaultDataDir(env);
  const workspaceId = readWorkspaceId(dataDir);
  if (workspaceId === null) throw new ValidationError(`${dataDir} has no workspace of a console (workspace.json); run this as a console's user, or set CONSOLE_DATA_DIR`, { dataDir: 'No workspace' });
  const keychain = createKeytarVault(env.CONSOLE_KEYCHAIN_SERVICE || undefined);
  const folderVault = scopedVault(keychain, workspaceId);
  const location =
    connectionString === undefined
      ? await resolveLedgerLocation(createNodeSettingsStore(dataDir).read(), folderVault, dataDir)
      : ({ kind: 'postgres', connectionString, password: await folderVault.get(LEDGER_PASSWORD_ACCOUNT) } as const);
  if (location.kind !== 'postgres') throw new ValidationError('This data folder keeps its ledger on this computer; a team audit key belongs to a shared PostgreSQL ledger', { ledger: 'Not shared' });
  const record = await readTeamKeyRecordAt(location);
  if (record === null) throw new ValidationError("The shared ledger has no team audit key yet: the ledger's admin makes it by starting their console on it", { ledger: 'No team key' });
  return { dataDir, keychain, folderVault, location, record };
}

/** The team key this keychain holds for the ledger, checked against the ledger's record. */
export async function heldTeamKey(access: TeamLedgerAccess): Promise<TeamAuditKey> {
  const held = await readTeamAuditKey(access.keychain, access.record.keyId);
  if (held === null || !isRecordedTeamKey(access.record, held)) {
    throw new VaultUnavailableError(`This keychain does not hold the team's audit key (id ${access.record.keyId}); export it on an admin's console`);
  }
  return held;
}

export async function exportTeamAuditKey(out: string, env: NodeJS.ProcessEnv = process.env): Promise<{ written: string; keyId: string }> {
  const held = await heldTeamKey(await teamLedgerAccess(env));
  writeSecretFile(out, storedOf(held));
  return { written: out, keyId: held.keyId };
}

export async function importTeamAuditKey(file: string, env: NodeJS.ProcessEnv = process.env): Promise<{ imported: string; takesEffect: 'on-restart' }> {
  const text = readSecretsFile(file, 'file');
  let held: TeamAuditKey;
  try {
    held = teamKeyFromStored(teamAuditKeySchema.parse(JSON.parse(text)));
  } catch {
    throw new ValidationError(`${file} is not a team audit key file (as \`team export-audit-key\` writes it)`, { file: 'Not a key file' });
  }
  const access = await teamLedgerAccess(env);
  if (!isRecordedTeamKey(access.record, held)) {
    throw new ValidationError(`The key in ${file} (id ${held.keyId}) is not the team audit key this ledger records (id ${access.record.keyId}); nothing was imported`, { file: 'Not this ledger’s key' });
  }
  await storeTeamAuditKey(access.keychain, held);
  return { imported: held.keyId, takesEffect: 'on-restart' };
}
