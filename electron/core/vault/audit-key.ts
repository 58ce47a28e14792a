/**
 * The audit chain's key in the OS keychain: one random secret per data folder, created on first
 * use and never replaced. Stored with it, once: how many audit entries the log already held when
 * the key was made. Those entries come from versions that hashed without a key and are verified
 * as a legacy prefix; every later one must carry a keyed seal. The boundary lives here rather than
 * in the database so that someone who can write the database cannot declare keyed entries legacy.
 */
import { createHash, createSecretKey, generateKeySync, type KeyObject } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { z } from 'zod';
import { VaultUnavailableError } from '../errors.ts';
import type { CredentialStore } from './credential-store.ts';

export interface AuditKey {
  /** A KeyObject: HMACs with it are several times faster than with raw bytes, and it does not print its bytes. */
  readonly secret: KeyObject;
  /** Entries 1…legacyEntries predate the key and carry a plain SHA-256. */
  readonly legacyEntries: number;
}

const KEY_BITS = 256;
const KEY_BYTES = KEY_BITS / 8;

const storedKeySchema = z.strictObject({
  version: z.literal(1),
  secret: z.base64().refine((text) => Buffer.from(text, 'base64').length === KEY_BYTES, `The secret must be ${KEY_BYTES} bytes`),
  legacyEntries: z.number().int().nonnegative(),
});

/**
 * Two data folders on one machine (a second CLI with CONSOLE_DATA_DIR, a test run) keep separate
 * keys: the account is named after the folder's resolved path (the OS's own spelling, so a
 * different letter case on Windows or macOS is still the same folder), hashed so the name stays
 * short and does not reveal the path. A folder moved elsewhere no longer finds its key.
 */
export function dataFolderNamespace(dataDir: string): string {
  return createHash('sha256').update(realpathSync.native(dataDir), 'utf8').digest('hex').slice(0, 32);
}

export function auditKeyAccount(namespace: string): string {
  return `audit-chain-key/${namespace}`;
}

export async function readAuditKey(vault: CredentialStore, namespace: string): Promise<AuditKey | null> {
  const stored = await vault.get(auditKeyAccount(namespace));
  if (stored === null) return null;
  let parsed: z.infer<typeof storedKeySchema>;
  try {
    parsed = storedKeySchema.parse(JSON.parse(stored));
  } catch (error) {
    // Never replaced: a new key would make every entry sealed with the old one unverifiable.
    throw new VaultUnavailableError(`The audit log's key in the keychain (${auditKeyAccount(namespace)}) is unreadable; the console will not replace it.`, { cause: error });
  }
  return { secret: createSecretKey(Buffer.from(parsed.secret, 'base64')), legacyEntries: parsed.legacyEntries };
}

/** Only to undo a key whose first anchor could not be written, before anything was sealed with it. */
export async function deleteAuditKey(vault: CredentialStore, namespace: string): Promise<void> {
  await vault.delete(auditKeyAccount(namespace));
}

/** Makes and stores a new key; the caller makes sure no other process is doing the same. */
export async function createAuditKey(vault: CredentialStore, namespace: string, legacyEntries: number): Promise<AuditKey> {
  const key: AuditKey = { secret: generateKeySync('hmac', { length: KEY_BITS }), legacyEntries };
  await vault.set(auditKeyAccount(namespace), JSON.stringify({ version: 1, secret: key.secret.export().toString('base64'), legacyEntries }));
  return key;
}
