/** What a CLI run leaves in the keychain for its data folder, removed after the test. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayRegistry } from '../../electron/core/gateways/gateway-catalog.ts';
import { AUDIT_KEY_ACCOUNT } from '../../electron/core/vault/audit-key.ts';
import { namespacedAccount } from '../../electron/core/vault/keychain-namespace.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import { WORKSPACE_FILE } from '../../electron/core/workspace/workspace-id.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { removeDir } from './test-core.ts';

/** The folder's audit key and every sandbox profile's credentials, then the folder itself. */
export async function removeCliWorkspace(dataDir: string, keychainService: string): Promise<void> {
  const vault = createKeytarVault(keychainService);
  const { workspaceId } = JSON.parse(readFileSync(join(dataDir, WORKSPACE_FILE), 'utf8')) as { workspaceId: string };
  await vault.delete(namespacedAccount(workspaceId, AUDIT_KEY_ACCOUNT)).catch(() => false);
  for (const definition of gatewayRegistry.values()) {
    for (const field of definition.descriptor.credentialFields) {
      await vault.delete(namespacedAccount(workspaceId, `${sandboxProfileId(definition.descriptor.id)}/${field.name}`)).catch(() => false);
    }
  }
  removeDir(dataDir);
}
