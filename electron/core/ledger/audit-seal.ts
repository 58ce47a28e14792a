/**
 * Fetches a data folder's audit key on every start and makes it on the first one. Making it holds
 * the ledger's write lock while it notes how far the log already goes (the legacy prefix), stores
 * the key and writes the first anchor: two consoles starting together on one data folder agree on
 * one key, and no entry slips in between the count and the key.
 *
 * When the keychain does not answer (or holds a key it cannot read), the console still starts, but
 * its ledger refuses every audit entry: reading works, nothing that is audited can be done.
 */
import { existsSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { VaultUnavailableError } from '../errors.ts';
import { createAuditKey, deleteAuditKey, readAuditKey, type AuditKey } from '../vault/audit-key.ts';
import type { CredentialStore } from '../vault/credential-store.ts';
import { writeAnchor } from './audit-anchor.ts';
import { GENESIS_HASH } from './audit-chain.ts';
import { openDatabase } from './database.ts';
import { integer, text, type SqlRow } from './row-reader.ts';
import type { AuditSeal } from './types.ts';

export interface AuditSealOptions {
  /** This data folder's part of the keychain (vault/keychain-namespace.ts: openFolderVault). */
  readonly vault: CredentialStore;
  /** The ledger file, already migrated. */
  readonly ledgerPath: string;
  readonly anchorPath: string;
}

/**
 * Two cores in one process would otherwise both wait for the write lock, one of them blocking
 * the event loop the other needs to finish its keychain call.
 */
const inFlight = new Map<string, Promise<AuditKey>>();

export async function establishAuditSeal(options: AuditSealOptions): Promise<AuditSeal> {
  try {
    return { state: 'sealed', key: await fetchOrCreate(options), anchorPath: options.anchorPath };
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

async function fetchOrCreate(options: AuditSealOptions): Promise<AuditKey> {
  const existing = await readAuditKey(options.vault);
  if (existing !== null) return existing;
  let pending = inFlight.get(options.ledgerPath);
  if (pending === undefined) {
    pending = createUnderLock(options).finally(() => inFlight.delete(options.ledgerPath));
    inFlight.set(options.ledgerPath, pending);
  }
  return pending;
}

async function createUnderLock(options: AuditSealOptions): Promise<AuditKey> {
  const db = openDatabase(options.ledgerPath);
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      // Another console may have made it while we waited for the lock.
      const key = (await readAuditKey(options.vault)) ?? (await createKeyAndAnchor(db, options));
      db.exec('COMMIT');
      return key;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  } finally {
    db.close();
  }
}

async function createKeyAndAnchor(db: DatabaseSync, options: AuditSealOptions): Promise<AuditKey> {
  const last = (db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as SqlRow | undefined) ?? null;
  const entries = last === null ? 0 : integer(last, 'seq');
  const key = await createAuditKey(options.vault, entries);
  // An anchor already here was sealed with a key the keychain no longer has (a reset keychain, a
  // folder copied from another machine, or a forged file): it stays, and verification reports it.
  if (existsSync(options.anchorPath)) return key;
  try {
    writeAnchor(options.anchorPath, key, { entries, lastHash: last === null ? GENESIS_HASH : text(last, 'hash') });
  } catch (error) {
    // A key without its first anchor would report every later start as a deleted anchor.
    await deleteAuditKey(options.vault).catch(() => undefined);
    throw error;
  }
  return key;
}
