/**
 * Secrets kept in the core process's memory once read, so a gateway call does not ask the OS
 * keychain (milliseconds of work per entry) every time. What goes through `set` and `delete` is
 * kept or dropped as it is written; a change made elsewhere (another console on the same keychain)
 * is picked up by `reload`, which callers use when a gateway refuses the secret they were given.
 * Nothing is kept for an entry the keychain does not hold: that is asked again on every read.
 */
import type { CredentialStore } from './credential-store.ts';

export interface SecretCache extends CredentialStore {
  /** Reads the entry from the keychain again; true when it differs from what was kept. */
  reload(account: string): Promise<boolean>;
  /** Drops every kept secret (the next read of each asks the keychain). */
  forgetAll(): void;
}

export function createSecretCache(keychain: CredentialStore): SecretCache {
  const kept = new Map<string, string>();
  /** Reads in flight, so calls arriving together ask the keychain once. */
  const reading = new Map<string, Promise<string | null>>();
  /** Bumped by every write and drop of an account, so a read that started before one is not kept. */
  const generation = new Map<string, number>();
  const generationOf = (account: string) => generation.get(account) ?? 0;

  function drop(account: string): void {
    kept.delete(account);
    reading.delete(account);
    generation.set(account, generationOf(account) + 1);
  }

  async function read(account: string): Promise<string | null> {
    const started = generationOf(account);
    const value = await keychain.get(account);
    if (generationOf(account) === started) {
      if (value === null) kept.delete(account);
      else kept.set(account, value);
    }
    return value;
  }

  return {
    get(account) {
      const value = kept.get(account);
      if (value !== undefined) return Promise.resolve(value);
      const pending = reading.get(account);
      if (pending) return pending;
      const started = read(account).finally(() => {
        if (reading.get(account) === started) reading.delete(account);
      });
      reading.set(account, started);
      return started;
    },
    async set(account, secret) {
      drop(account);
      await keychain.set(account, secret);
      drop(account);
      kept.set(account, secret);
    },
    async delete(account) {
      drop(account);
      try {
        return await keychain.delete(account);
      } finally {
        drop(account);
      }
    },
    async reload(account) {
      const before = kept.get(account);
      drop(account);
      return (await read(account)) !== (before ?? null);
    },
    forgetAll() {
      for (const account of [...kept.keys(), ...reading.keys()]) drop(account);
    },
  };
}
