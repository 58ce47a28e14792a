/**
 * The CredentialStore port. Secrets enter through `set` and leave only towards an adapter inside
 * the core; no contract channel returns one.
 */
export interface CredentialStore {
  set(account: string, secret: string): Promise<void>;
  get(account: string): Promise<string | null>;
  delete(account: string): Promise<boolean>;
}

/** One keychain entry per profile field: `<profileId>/<field>`. */
export function credentialAccount(profileId: string, field: string): string {
  return `${profileId}/${field}`;
}
