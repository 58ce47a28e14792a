/**
 * The audit key of a shared (PostgreSQL) ledger: one key for every console and the team's receiver,
 * so that each of them can verify the whole chain, whoever appended an entry. The ledger records
 * which key it is (its id, a check value made with the key, the legacy prefix; migration 21); the
 * key itself lives in each operator's OS keychain, never in the database, where whoever reads the
 * tables could seal entries with it.
 *
 * It is kept in the whole keychain, not in a data folder's part of it: it belongs to the ledger, so
 * every data folder of this OS user on that ledger uses the same one. Another desktop gets it from
 * a file an admin exports (`team export-audit-key`) and it imports (`team import-audit-key`).
 */
import { createHmac, createSecretKey, generateKeySync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { VaultUnavailableError } from '../errors.ts';
import type { AuditKey } from './audit-key.ts';
import type { CredentialStore } from './credential-store.ts';

/** What the ledger records about its key (table audit_team_key). */
export interface TeamAuditKeyRecord {
  readonly keyId: string;
  readonly keyCheck: string;
  readonly legacyEntries: number;
}

export interface TeamAuditKey {
  readonly keyId: string;
  readonly key: AuditKey;
}

const KEY_BYTES = 32;

/** The one shape of the key outside the core: in the keychain and in an exported file. */
export const teamAuditKeySchema = z.strictObject({
  version: z.literal(1),
  keyId: z.string().regex(/^[0-9a-f]{32}$/, 'A key id is 32 hexadecimal digits'),
  secret: z.base64().refine((text) => Buffer.from(text, 'base64').length === KEY_BYTES, `The secret must be ${KEY_BYTES} bytes`),
  legacyEntries: z.number().int().nonnegative(),
});

export type StoredTeamAuditKey = z.infer<typeof teamAuditKeySchema>;

export function teamAuditKeyAccount(keyId: string): string {
  return `team-audit-key/${keyId}`;
}

function keyCheckOf(key: AuditKey, keyId: string): string {
  return createHmac('sha256', key.secret).update('team-audit-key\n', 'utf8').update(JSON.stringify([keyId, key.legacyEntries]), 'utf8').digest('hex');
}

/** Whether a key held here is the one the ledger records. */
export function isRecordedTeamKey(record: TeamAuditKeyRecord, held: TeamAuditKey): boolean {
  return held.keyId === record.keyId && held.key.legacyEntries === record.legacyEntries && keyCheckOf(held.key, held.keyId) === record.keyCheck;
}

export function recordOf(held: TeamAuditKey): TeamAuditKeyRecord {
  return { keyId: held.keyId, keyCheck: keyCheckOf(held.key, held.keyId), legacyEntries: held.key.legacyEntries };
}

export function newTeamAuditKey(legacyEntries: number): TeamAuditKey {
  return { keyId: randomBytes(16).toString('hex'), key: { secret: generateKeySync('hmac', { length: KEY_BYTES * 8 }), legacyEntries, linkedPrefix: true } };
}

export function teamKeyFromStored(stored: StoredTeamAuditKey): TeamAuditKey {
  return { keyId: stored.keyId, key: { secret: createSecretKey(Buffer.from(stored.secret, 'base64')), legacyEntries: stored.legacyEntries, linkedPrefix: true } };
}

export function storedOf(held: TeamAuditKey): StoredTeamAuditKey {
  return { version: 1, keyId: held.keyId, secret: held.key.secret.export().toString('base64'), legacyEntries: held.key.legacyEntries };
}

/** `keychain` is the whole keychain (not a data folder's scoped part). */
export async function readTeamAuditKey(keychain: CredentialStore, keyId: string): Promise<TeamAuditKey | null> {
  const stored = await keychain.get(teamAuditKeyAccount(keyId));
  if (stored === null) return null;
  try {
    return teamKeyFromStored(teamAuditKeySchema.parse(JSON.parse(stored)));
  } catch (error) {
    throw new VaultUnavailableError(`The team's audit key in the keychain (${teamAuditKeyAccount(keyId)}) is unreadable; import it again.`, { cause: error });
  }
}

export async function storeTeamAuditKey(keychain: CredentialStore, held: TeamAuditKey): Promise<void> {
  await keychain.set(teamAuditKeyAccount(held.keyId), JSON.stringify(storedOf(held)));
}

export async function deleteTeamAuditKey(keychain: CredentialStore, keyId: string): Promise<void> {
  await keychain.delete(teamAuditKeyAccount(keyId));
}
