/**
 * The audit chain's key in the OS keychain: one random secret per data folder, created on first
 * use and never replaced. It is one of the folder's entries like its profile credentials, named
 * `<workspaceId>/audit-chain-key` through the folder's scoped vault (keychain-namespace.ts): two
 * data folders keep separate keys, every console on one folder finds the same one, and a folder
 * moved or restored elsewhere keeps it.
 *
 * Stored with it, once: how many audit entries the log already held when the key was made. Those
 * entries come from versions that hashed without a key and are verified as a legacy prefix; every
 * later one must carry a keyed seal. The boundary lives here rather than in the database so that
 * someone who can write the database cannot declare keyed entries legacy.
 */
import { createSecretKey, generateKeySync, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { VaultUnavailableError } from '../errors.ts';
import type { CredentialStore } from './credential-store.ts';

export interface AuditKey {
  /** A KeyObject: HMACs with it are several times faster than with raw bytes, and it does not print its bytes. */
  readonly secret: KeyObject;
  /** Entries 1…legacyEntries predate the key and carry a plain SHA-256. */
  readonly legacyEntries: number;
  /**
   * A team key (team-audit-key.ts): entries 1…legacyEntries of a shared ledger may have been sealed
   * by each console's own key before the team had one, which no one else can check; only their
   * order is.
   */
  readonly linkedPrefix?: boolean;
}

const KEY_BITS = 256;
const KEY_BYTES = KEY_BITS / 8;

const storedKeySchema = z.strictObject({
  version: z.literal(1),
  secret: z.base64().refine((text) => Buffer.from(text, 'base64').length === KEY_BYTES, `The secret must be ${KEY_BYTES} bytes`),
  legacyEntries: z.number().int().nonnegative(),
});

/**
 * The account inside the folder's namespace. Profile credentials are `<profileId>/<field>`, always
 * with a slash, so this name never meets one of them.
 */
export const AUDIT_KEY_ACCOUNT = 'audit-chain-key';

/** `vault` is this data folder's part of the keychain (scopedVault), as in every function here. */
export async function readAuditKey(vault: CredentialStore): Promise<AuditKey | null> {
  const stored = await vault.get(AUDIT_KEY_ACCOUNT);
  if (stored === null) return null;
  let parsed: z.infer<typeof storedKeySchema>;
  try {
    parsed = storedKeySchema.parse(JSON.parse(stored));
  } catch (error) {
    // Never replaced: a new key would make every entry sealed with the old one unverifiable.
    throw new VaultUnavailableError(`The audit log's key in the keychain (${AUDIT_KEY_ACCOUNT}) is unreadable; the console will not replace it.`, { cause: error });
  }
  return { secret: createSecretKey(Buffer.from(parsed.secret, 'base64')), legacyEntries: parsed.legacyEntries };
}

/** Only to undo a key whose first anchor could not be written, before anything was sealed with it. */
export async function deleteAuditKey(vault: CredentialStore): Promise<void> {
  await vault.delete(AUDIT_KEY_ACCOUNT);
}

/** Makes and stores a new key; the caller makes sure no other process is doing the same. */
export async function createAuditKey(vault: CredentialStore, legacyEntries: number): Promise<AuditKey> {
  const key: AuditKey = { secret: generateKeySync('hmac', { length: KEY_BITS }), legacyEntries };
  await vault.set(AUDIT_KEY_ACCOUNT, JSON.stringify({ version: 1, secret: key.secret.export().toString('base64'), legacyEntries }));
  return key;
}
