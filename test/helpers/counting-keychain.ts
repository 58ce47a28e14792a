/** A keychain that tells each read it is asked for, for checks and benches that count them. */
import type { CredentialStore } from '../../electron/core/vault/credential-store.ts';

export function countingKeychain(inner: CredentialStore, onRead: () => void): CredentialStore {
  return {
    set: (account, secret) => inner.set(account, secret),
    get: (account) => {
      onRead();
      return inner.get(account);
    },
    delete: (account) => inner.delete(account),
  };
}
