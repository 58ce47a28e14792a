/**
 * The keychain's own record that a data folder's audit log is keyed. The key itself is found
 * through the folder's `workspace.json` (audit-key.ts), which anyone who can write the folder can
 * delete: the next start would then mint a new workspace id and a new key that counts every entry
 * already in the log as legacy, so a log rewritten with plain hashes would verify. This marker is
 * named from the folder's path instead, not from anything stored inside it, and records which
 * workspace id, which key and how many legacy entries the folder's log had: a start that finds
 * something else there knows the key or the workspace file was replaced.
 *
 * A folder at another path (moved, copied, restored elsewhere) has no marker yet and gets one on
 * its first start with a key, as a folder from before markers does.
 */
import { createHash, createHmac } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { z } from 'zod';
import { VaultUnavailableError } from '../errors.ts';
import type { AuditKey } from './audit-key.ts';
import { WORKSPACE_FILE } from '../workspace/workspace-id.ts';
import type { CredentialStore } from './credential-store.ts';

export interface AuditKeyMarker {
  readonly workspaceId: string;
  readonly legacyEntries: number;
  /** An HMAC of the workspace id under the key: tells the key apart without storing it twice. */
  readonly keyCheck: string;
}

const markerSchema = z.strictObject({
  version: z.literal(1),
  workspaceId: z.string().min(1),
  legacyEntries: z.number().int().nonnegative(),
  keyCheck: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * Outside every workspace namespace (`ws_…/…`) and unlike a profile's bare `<profileId>/<field>`
 * of earlier versions. The path is the one the OS spells (realpath.native), so another letter case
 * of the same folder on a case-insensitive file system finds the same marker; hashed so the name
 * stays short and does not reveal the path.
 */
export function auditKeyMarkerAccount(dataDir: string): string {
  return `folder_${createHash('sha256').update(realpathSync.native(dataDir), 'utf8').digest('hex').slice(0, 32)}/audit-chain-keyed`;
}

function keyCheckOf(key: AuditKey, workspaceId: string): string {
  return createHmac('sha256', key.secret).update('audit-key-marker\n', 'utf8').update(workspaceId, 'utf8').digest('hex');
}

export function markerFor(key: AuditKey, workspaceId: string): AuditKeyMarker {
  return { workspaceId, legacyEntries: key.legacyEntries, keyCheck: keyCheckOf(key, workspaceId) };
}

/** `vault` is the whole keychain: the marker belongs to the folder's path, not to its workspace id. */
export async function readAuditKeyMarker(vault: CredentialStore, dataDir: string): Promise<AuditKeyMarker | null> {
  const account = auditKeyMarkerAccount(dataDir);
  const stored = await vault.get(account);
  if (stored === null) return null;
  try {
    const { workspaceId, legacyEntries, keyCheck } = markerSchema.parse(JSON.parse(stored));
    return { workspaceId, legacyEntries, keyCheck };
  } catch (error) {
    // Never rewritten from what the folder holds: that would let the folder vouch for itself.
    throw new VaultUnavailableError(`The keychain's record of this data folder's audit key (${account}) is unreadable; the console will not replace it.`, { cause: error });
  }
}

export async function writeAuditKeyMarker(vault: CredentialStore, dataDir: string, marker: AuditKeyMarker): Promise<void> {
  await vault.set(auditKeyMarkerAccount(dataDir), JSON.stringify({ version: 1, ...marker }));
}

/** Whether the key found through the folder's workspace file is the one the marker recorded. */
export function markerMatches(marker: AuditKeyMarker, workspaceId: string, key: AuditKey | null): boolean {
  return key !== null && marker.workspaceId === workspaceId && marker.legacyEntries === key.legacyEntries && marker.keyCheck === keyCheckOf(key, workspaceId);
}

/** What the operator is told (the report's problem, the read-only notice). */
export function replacedKeyMessage(marker: AuditKeyMarker, workspaceId: string): string {
  const legacy = `${marker.legacyEntries} legacy ${marker.legacyEntries === 1 ? 'entry' : 'entries'}`;
  const found = workspaceId === marker.workspaceId ? 'its audit key in the keychain is missing or not the one it was keyed with' : `its workspace file now names ${workspaceId}`;
  return (
    `This data folder's audit log was keyed before (workspace ${marker.workspaceId}, ${legacy}); its key or workspace file was replaced (${found}). ` +
    `Its entries are not counted as legacy and nothing new is recorded: put back ${WORKSPACE_FILE} with workspace id ${marker.workspaceId} and start again.`
  );
}
