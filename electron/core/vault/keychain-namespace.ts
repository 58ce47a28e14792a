/**
 * Keychain entries are named per data folder. The OS keychain is one per user and every console
 * shares it — another install, a CLI run with another CONSOLE_DATA_DIR, a test — so an entry name
 * without the folder's workspace id would be overwritten by whichever console wrote last.
 */
import { VaultUnavailableError } from '../errors.ts';
import type { Clock, Logger } from '../ports.ts';
import { openWorkspace, saveWorkspace } from '../workspace/workspace-id.ts';
import type { CredentialStore } from './credential-store.ts';

/**
 * The keychain account of one of this data folder's secrets. Every secret of a folder goes
 * through here — profile credentials (`<profileId>/<field>`) and anything else the core keeps in
 * the keychain — so two folders never share an entry.
 */
export function namespacedAccount(workspaceId: string, name: string): string {
  return `${workspaceId}/${name}`;
}

/** The vault as one data folder sees it: the same port, every account namespaced. */
export function scopedVault(vault: CredentialStore, workspaceId: string): CredentialStore {
  return {
    set: (account, secret) => vault.set(namespacedAccount(workspaceId, account), secret),
    get: (account) => vault.get(namespacedAccount(workspaceId, account)),
    delete: (account) => vault.delete(namespacedAccount(workspaceId, account)),
  };
}

/**
 * Consoles from before namespacing kept each secret under its bare name. Those are copied once
 * under this folder's namespace (never over an entry already there) so a user's real credentials
 * survive the upgrade. The bare entries are left where they are: another data folder of the same
 * user may still need to copy them too, and deleting a secret is not this step's call.
 * Returns how many were copied; throws VaultUnavailableError when the keychain does not answer
 * (the caller tries again on the next start).
 */
export async function importLegacyCredentials(vault: CredentialStore, workspaceId: string, names: readonly string[], logger: Logger): Promise<number> {
  let copied = 0;
  for (const name of new Set(names)) {
    const target = namespacedAccount(workspaceId, name);
    if ((await vault.get(target)) !== null) continue;
    const legacy = await vault.get(name);
    if (legacy === null) continue;
    await vault.set(target, legacy);
    copied++;
  }
  if (copied) logger.info('keychain entries from an earlier version were copied under this data folder', { copied });
  return copied;
}

/**
 * The vault of one data folder: its workspace id read (or minted), the bare-named entries of an
 * earlier version copied under it once, and every account namespaced from then on.
 * `legacyNames` lists the bare names this folder's settings refer to.
 */
export async function openFolderVault(deps: {
  vault: CredentialStore;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  legacyNames: () => readonly string[];
}): Promise<{ vault: CredentialStore; workspaceId: string }> {
  const opened = openWorkspace(deps.dataDir, () => deps.clock.now());
  if (opened.backup) deps.logger.warn('the workspace file could not be read; it was set aside and a new workspace id minted', { backup: opened.backup });
  const { record } = opened;
  if (!record.legacyCredentialsImported) {
    try {
      await importLegacyCredentials(deps.vault, record.workspaceId, deps.legacyNames(), deps.logger);
      saveWorkspace(deps.dataDir, { ...record, legacyCredentialsImported: true });
    } catch (error) {
      if (!(error instanceof VaultUnavailableError)) throw error;
      // Nothing was lost: the bare entries stay, and the next start with a keychain copies them.
      deps.logger.warn('keychain entries from an earlier version could not be copied yet', { reason: error.message });
    }
  }
  return { vault: scopedVault(deps.vault, record.workspaceId), workspaceId: record.workspaceId };
}
