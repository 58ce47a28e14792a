/**
 * The OS keychain through keytar (Secret Service on Linux, Keychain on macOS, Credential Vault on
 * Windows). When no keychain answers, every call fails with VaultUnavailableError: there is no
 * plaintext fallback, by design.
 */
import { createRequire } from 'node:module';
import { VaultUnavailableError } from '../errors.ts';
import type { CredentialStore } from './credential-store.ts';

interface KeytarModule {
  setPassword(service: string, account: string, password: string): Promise<void>;
  getPassword(service: string, account: string): Promise<string | null>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const DEFAULT_KEYCHAIN_SERVICE = 'payments-console';

const KEYCHAIN_HINT =
  'No OS keychain answered. On Linux start a Secret Service (GNOME Keyring or KWallet) in your session; the console never stores secrets in plain text.';

export function createKeytarVault(service: string = DEFAULT_KEYCHAIN_SERVICE): CredentialStore {
  let keytar: KeytarModule | null = null;
  function load(): KeytarModule {
    if (keytar) return keytar;
    try {
      // keytar is a native CommonJS addon; loading it lazily keeps the core importable where it is absent.
      keytar = createRequire(import.meta.url)('keytar') as KeytarModule;
      return keytar;
    } catch (error) {
      throw new VaultUnavailableError(`The keychain module could not be loaded. ${KEYCHAIN_HINT}`, { cause: error });
    }
  }
  async function guarded<T>(work: (module: KeytarModule) => Promise<T>): Promise<T> {
    const module = load();
    try {
      return await work(module);
    } catch (error) {
      throw new VaultUnavailableError(`${KEYCHAIN_HINT} (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
  }
  return {
    set: (account, secret) => guarded((k) => k.setPassword(service, account, secret)),
    get: (account) => guarded((k) => k.getPassword(service, account)),
    delete: (account) => guarded((k) => k.deletePassword(service, account)),
  };
}
