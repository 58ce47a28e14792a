/**
 * A shared ledger's team audit key made as its admin's first console makes it, for tests that need
 * the key outside a keychain (the receiver's secrets file): answers it as `team export-audit-key`
 * writes it.
 */
import { openLedger } from '../../electron/core/ledger/open-ledger.ts';
import { establishTeamAuditSeal } from '../../electron/core/ledger/team-audit-seal.ts';
import type { CredentialStore } from '../../electron/core/vault/credential-store.ts';
import { teamAuditKeySchema, type StoredTeamAuditKey } from '../../electron/core/vault/team-audit-key.ts';

export async function makeTeamAuditKey(connectionString: string, dataDir: string, password: string | null = null): Promise<StoredTeamAuditKey> {
  const location = { kind: 'postgres', connectionString, password } as const;
  const ledger = await openLedger(location);
  await ledger.close();
  const held = new Map<string, string>();
  // Only catches the key as it is stored; the keychain itself is not what these tests are about.
  const catcher: CredentialStore = {
    set: (account, secret) => Promise.resolve(void held.set(account, secret)),
    get: (account) => Promise.resolve(held.get(account) ?? null),
    delete: (account) => Promise.resolve(held.delete(account)),
  };
  const seal = await establishTeamAuditSeal({ keychain: catcher, ledger: location, dataDir });
  const [stored] = [...held.values()];
  if (seal.state !== 'sealed' || stored === undefined) throw new Error(`no team audit key was made: ${seal.state === 'sealed' ? 'the ledger already had one' : seal.reason}`);
  return teamAuditKeySchema.parse(JSON.parse(stored));
}
