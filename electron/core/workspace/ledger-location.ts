/**
 * Where this workspace's ledger is, as the core opens it: the settings say which backend, the
 * keychain holds the shared database's password under this data folder's namespace.
 */
import { join } from 'node:path';
import type { LedgerChoice } from '../../../shared/domain/ledger-choice.ts';
import type { LedgerLocation } from '../ledger/port.ts';
import type { Settings } from '../settings/settings-store.ts';
import type { CredentialStore } from '../vault/credential-store.ts';

/** The embedded ledger's file in the data folder. */
export const SQLITE_LEDGER_FILE = 'ledger.sqlite';

/** The shared database's password in the folder's vault (the keychain entry is `<workspaceId>/ledger/postgres-password`). */
export const LEDGER_PASSWORD_ACCOUNT = 'ledger/postgres-password';

/** `vault` is the data folder's vault (keychain-namespace.ts), so two folders never share the password. */
export async function resolveLedgerLocation(settings: Pick<Settings, 'ledger'>, vault: CredentialStore, dataDir: string): Promise<LedgerLocation> {
  const choice = settings.ledger;
  if (choice.backend === 'sqlite') return { kind: 'sqlite', path: join(dataDir, SQLITE_LEDGER_FILE) };
  return { kind: 'postgres', connectionString: choice.connectionString, password: await vault.get(LEDGER_PASSWORD_ACCOUNT) };
}

/**
 * The server a password was given for: host, port, user and database. A password stored for one
 * server is never sent to another, so changing any of these asks for the password again.
 */
function serverOf(connectionString: string): string {
  const url = new URL(connectionString);
  return JSON.stringify([url.hostname.toLowerCase(), url.port || '5432', decodeURIComponent(url.username), decodeURIComponent(url.pathname)]);
}

export function sameServer(a: string, b: string): boolean {
  return serverOf(a) === serverOf(b);
}

/** The saved choice's connection string, or null when the workspace keeps its ledger on this computer. */
export function savedConnectionString(choice: LedgerChoice): string | null {
  return choice.backend === 'postgres' ? choice.connectionString : null;
}
