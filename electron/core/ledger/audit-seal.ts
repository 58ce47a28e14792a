/**
 * Fetches a data folder's audit key on every start and makes it on the first one. Making it holds
 * the ledger's write lock while it notes how far the log already goes (the legacy prefix), stores
 * the key, writes the first anchor and records in the keychain that this folder is keyed
 * (vault/audit-key-marker.ts): two consoles starting together on one data folder agree on one key,
 * and no entry slips in between the count and the key.
 *
 * A folder the keychain records as keyed whose workspace file or key no longer matches that record
 * gets no new key (which would count its keyed entries as legacy): it starts read-only and its
 * report says so.
 *
 * When the keychain does not answer (or holds a key it cannot read), the console still starts, but
 * its ledger refuses every audit entry: reading works, nothing that is audited can be done.
 */
import { existsSync } from 'node:fs';
import { VaultUnavailableError } from '../errors.ts';
import { createAuditKey, deleteAuditKey, readAuditKey, type AuditKey } from '../vault/audit-key.ts';
import { markerFor, markerMatches, readAuditKeyMarker, replacedKeyMessage, writeAuditKeyMarker, type AuditKeyMarker } from '../vault/audit-key-marker.ts';
import type { CredentialStore } from '../vault/credential-store.ts';
import { writeAnchor } from './audit-anchor.ts';
import { GENESIS_HASH } from './audit-chain.ts';
import { underAuditWriteLock, type AuditHead } from './audit-write-lock.ts';
import type { LedgerLocation } from './port.ts';
import type { AuditSeal } from './types.ts';

export interface AuditSealOptions {
  /** This data folder's part of the keychain (vault/keychain-namespace.ts: openFolderVault). */
  readonly vault: CredentialStore;
  /** The whole keychain, where the folder's marker is kept under a name made from its path. */
  readonly keychain: CredentialStore;
  readonly dataDir: string;
  /** The id the folder's workspace file gives now. */
  readonly workspaceId: string;
  /** The ledger, already migrated: the SQLite file or the PostgreSQL database. */
  readonly ledger: LedgerLocation;
  readonly anchorPath: string;
}

/**
 * Two cores in one process would otherwise both wait for the write lock, one of them blocking
 * the event loop the other needs to finish its keychain call.
 */
const inFlight = new Map<string, Promise<Fetched>>();

/** `replaced`: the keychain's marker says this folder was keyed, and the key here is not that one. */
type Fetched = { readonly key: AuditKey } | { readonly replaced: AuditKeyMarker };

export async function establishAuditSeal(options: AuditSealOptions): Promise<AuditSeal> {
  try {
    const fetched = await fetchOrCreate(options, await readAuditKeyMarker(options.keychain, options.dataDir));
    if ('replaced' in fetched) return { state: 'replaced', reason: replacedKeyMessage(fetched.replaced, options.workspaceId), legacyEntries: fetched.replaced.legacyEntries };
    return { state: 'sealed', key: fetched.key, anchorPath: options.anchorPath };
  } catch (error) {
    if (!(error instanceof VaultUnavailableError)) throw error;
    return { state: 'unavailable', reason: error.message };
  }
}

/** What every audited action is refused with while the seal is unavailable. */
export function auditRefusal(reason: string): VaultUnavailableError {
  return new VaultUnavailableError(
    `Nothing was done: the audit log cannot record it without its key, which the OS keychain did not give (${reason}). Restart the console once the keychain answers.`,
  );
}

/** What every audited action is refused with while the folder's key or workspace file is not the recorded one. */
export function replacedKeyRefusal(reason: string): VaultUnavailableError {
  return new VaultUnavailableError(`Nothing was done: the audit log's key is not the one this data folder was keyed with. ${reason}`);
}

async function fetchOrCreate(options: AuditSealOptions, marker: AuditKeyMarker | null): Promise<Fetched> {
  const existing = await readAuditKey(options.vault);
  if (existing !== null) return checkAgainstMarker(options, existing, marker);
  const place = ledgerKey(options.ledger);
  let pending = inFlight.get(place);
  if (pending === undefined) {
    pending = underAuditWriteLock(options.ledger, (last) => fetchOrCreateLocked(last, options)).finally(() => inFlight.delete(place));
    inFlight.set(place, pending);
  }
  return pending;
}

/**
 * A folder from before markers, or one moved or copied to this path, gets its marker now. A
 * mismatch is looked at again under the write lock: the marker read before it may predate a key
 * another console was making (the marker is written under the lock, after the key).
 */
async function checkAgainstMarker(options: AuditSealOptions, key: AuditKey, marker: AuditKeyMarker | null): Promise<Fetched> {
  if (marker !== null && markerMatches(marker, options.workspaceId, key)) return { key };
  if (marker === null) {
    await writeAuditKeyMarker(options.keychain, options.dataDir, markerFor(key, options.workspaceId));
    return { key };
  }
  await inFlight.get(ledgerKey(options.ledger))?.catch(() => undefined);
  return underAuditWriteLock(options.ledger, async () => {
    const current = await readAuditKeyMarker(options.keychain, options.dataDir);
    if (current === null || markerMatches(current, options.workspaceId, key)) return checkAgainstMarker(options, key, current);
    return { replaced: current };
  });
}

function ledgerKey(ledger: LedgerLocation): string {
  return ledger.kind === 'sqlite' ? `sqlite:${ledger.path}` : `postgres:${ledger.connectionString}`;
}

async function fetchOrCreateLocked(last: AuditHead | null, options: AuditSealOptions): Promise<Fetched> {
  // Another console may have made it while we waited for the lock.
  const marker = await readAuditKeyMarker(options.keychain, options.dataDir);
  const existing = await readAuditKey(options.vault);
  if (existing !== null) {
    if (marker === null || markerMatches(marker, options.workspaceId, existing)) {
      if (marker === null) await writeAuditKeyMarker(options.keychain, options.dataDir, markerFor(existing, options.workspaceId));
      return { key: existing };
    }
    return { replaced: marker };
  }
  // A new key would count every entry already here as legacy. That is right for a log from before
  // keys, and harmless for an empty one (a new folder made where an old one was), but a folder the
  // keychain records as keyed has keyed entries: its workspace file or key went missing.
  if (marker !== null && last !== null) return { replaced: marker };
  const key = await createKeyAndAnchor(options, last);
  await writeAuditKeyMarker(options.keychain, options.dataDir, markerFor(key, options.workspaceId));
  return { key };
}

async function createKeyAndAnchor(options: AuditSealOptions, last: AuditHead | null): Promise<AuditKey> {
  const entries = last === null ? 0 : last.seq;
  const key = await createAuditKey(options.vault, entries);
  // An anchor already here was sealed with a key the keychain no longer has (a reset keychain, a
  // folder copied from another machine, or a forged file): it stays, and verification reports it.
  if (existsSync(options.anchorPath)) return key;
  try {
    writeAnchor(options.anchorPath, key, { entries, lastHash: last === null ? GENESIS_HASH : last.hash });
  } catch (error) {
    // A key without its first anchor would report every later start as a deleted anchor.
    await deleteAuditKey(options.vault).catch(() => undefined);
    throw error;
  }
  return key;
}
