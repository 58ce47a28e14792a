/**
 * The audit seal of a shared PostgreSQL ledger: every console seals with the team's key
 * (vault/team-audit-key.ts), found in this OS user's keychain by the id the ledger records.
 *
 * The first console of an admin (a login with the `operators` right) to start on a ledger that
 * records no key makes it, under the audit log's write lock: the entries already there become the
 * key's prefix, of which only the order can be checked (they were sealed by each console's own key
 * before). The record commits in the same transaction as the lock, so two admins starting together
 * make one key. A console that does not hold the recorded key, or that starts before any admin's,
 * starts read-only for everything audited, and its notice names the command that fixes it.
 *
 * Each data folder anchors the shared log's head in a file of its own per team key: a console whose
 * anchor the log no longer matches reports entries cut from the end, whoever cut them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { VaultUnavailableError } from '../errors.ts';
import type { CredentialStore } from '../vault/credential-store.ts';
import { deleteTeamAuditKey, isRecordedTeamKey, newTeamAuditKey, readTeamAuditKey, recordOf, storeTeamAuditKey, type TeamAuditKey, type TeamAuditKeyRecord } from '../vault/team-audit-key.ts';
import { writeAnchor } from './audit-anchor.ts';
import { GENESIS_HASH } from './audit-chain.ts';
import { underPostgresAuditLock, type AuditHead } from './audit-write-lock.ts';
import type { LedgerLocation } from './port.ts';
import { postgresClientConfig } from './postgres/client-config.ts';
import type { AuditSeal } from './types.ts';

export interface TeamAuditSealOptions {
  /** The whole keychain: the team key belongs to the ledger, not to one data folder. */
  readonly keychain: CredentialStore;
  readonly ledger: Extract<LedgerLocation, { kind: 'postgres' }>;
  readonly dataDir: string;
}

export const IMPORT_COMMAND = 'payments-console team import-audit-key FILE';
export const EXPORT_COMMAND = 'payments-console team export-audit-key --out FILE';

/** Where a data folder anchors the shared log for one team key. */
export function teamAnchorPath(dataDir: string, keyId: string): string {
  return join(dataDir, `audit-anchor-team-${keyId}.json`);
}

/** What every audited action is refused with while this console does not hold the team's key. */
export function teamKeyRefusal(reason: string): VaultUnavailableError {
  return new VaultUnavailableError(`Nothing was done: the shared audit log can only record it sealed with the team's key. ${reason}`);
}

const RECORD_SQL = 'SELECT key_id, key_check, legacy_entries FROM audit_team_key WHERE id = 1';

export async function readTeamKeyRecord(query: Pick<pg.Client, 'query'>): Promise<TeamAuditKeyRecord | null> {
  const row = (await query.query<{ key_id: string; key_check: string; legacy_entries: string }>(RECORD_SQL)).rows[0];
  return row === undefined ? null : { keyId: row.key_id, keyCheck: row.key_check, legacyEntries: Number(row.legacy_entries) };
}

export function notHeldReason(record: TeamAuditKeyRecord): string {
  return (
    `This computer's keychain does not hold the team's audit key (id ${record.keyId}). ` +
    `An admin writes it to a file with \`${EXPORT_COMMAND}\`; import it here with \`${IMPORT_COMMAND}\` and restart the console.`
  );
}

const NOT_MADE_REASON =
  "The shared ledger has no team audit key yet. The ledger's admin makes it by starting their console on this ledger (or with `payments-console team init`); then import it here with " +
  `\`${IMPORT_COMMAND}\` from the file \`${EXPORT_COMMAND}\` writes, and restart the console.`;

export async function establishTeamAuditSeal(options: TeamAuditSealOptions): Promise<AuditSeal> {
  try {
    return await underPostgresAuditLock(options.ledger.connectionString, options.ledger.password, async (last, client) => {
      const record = await readTeamKeyRecord(client);
      if (record === null) return makeTeamKey(options, last, client);
      const held = await readTeamAuditKey(options.keychain, record.keyId);
      if (held === null) return { state: 'not_held', reason: notHeldReason(record) };
      if (!isRecordedTeamKey(record, held)) {
        return {
          state: 'replaced',
          reason: `The team's audit key in this keychain (id ${held.keyId}) is not the one the shared ledger records: import the team's key again with \`${IMPORT_COMMAND}\`.`,
          legacyEntries: record.legacyEntries,
        };
      }
      return sealedWith(options.dataDir, held, last);
    });
  } catch (error) {
    if (!(error instanceof VaultUnavailableError)) throw error;
    return { state: 'unavailable', reason: error.message };
  }
}

async function makeTeamKey(options: TeamAuditSealOptions, last: AuditHead | null, client: pg.Client): Promise<AuditSeal> {
  const may = (await client.query<{ may: boolean }>("SELECT console_has_right('operators') AS may")).rows[0]?.may === true;
  if (!may) return { state: 'not_held', reason: NOT_MADE_REASON };
  const held = newTeamAuditKey(last === null ? 0 : last.seq);
  await storeTeamAuditKey(options.keychain, held);
  const record = recordOf(held);
  try {
    await client.query('SELECT console_record_team_audit_key($1, $2, $3)', [record.keyId, record.keyCheck, record.legacyEntries]);
  } catch (error) {
    // Nothing names this key: leaving it would only clutter the keychain.
    await deleteTeamAuditKey(options.keychain, held.keyId).catch(() => undefined);
    throw error;
  }
  return sealedWith(options.dataDir, held, last);
}

/**
 * The receiver service's seal: the key comes from its secrets (`find` refuses when they lack the
 * recorded one), and its state directory keeps the anchor.
 */
export async function sealWithTeamKeyFrom(ledger: TeamAuditSealOptions['ledger'], anchorDir: string, find: (record: TeamAuditKeyRecord | null) => Promise<TeamAuditKey>): Promise<AuditSeal> {
  return underPostgresAuditLock(ledger.connectionString, ledger.password, async (last, client) => sealedWith(anchorDir, await find(await readTeamKeyRecord(client)), last));
}

/** One short read, for the CLI's export and import. */
export async function readTeamKeyRecordAt(ledger: TeamAuditSealOptions['ledger']): Promise<TeamAuditKeyRecord | null> {
  const client = new pg.Client(postgresClientConfig(ledger.connectionString, ledger.password ?? ''));
  await client.connect();
  try {
    return await readTeamKeyRecord(client);
  } finally {
    await client.end();
  }
}

/**
 * A folder's first start with this key anchors the log as it finds it, under the write lock, so no
 * entry slips in between; from then on the anchor moves with every append.
 */
function sealedWith(dataDir: string, held: TeamAuditKey, last: AuditHead | null): AuditSeal {
  const anchorPath = teamAnchorPath(dataDir, held.keyId);
  if (!existsSync(anchorPath)) writeAnchor(anchorPath, held.key, last === null ? { entries: 0, lastHash: GENESIS_HASH } : { entries: last.seq, lastHash: last.hash });
  return { state: 'sealed', key: held.key, anchorPath };
}
