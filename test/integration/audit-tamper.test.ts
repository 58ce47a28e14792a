/**
 * The audit log against someone who can write the data folder (the SQLite file, the anchor file)
 * but not read the OS keychain: each attack is made on the real ledger file while the console is
 * closed, then the console is started again and asked to verify, as an operator would.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { LEDGER_FILE } from '../../electron/core/create-core.ts';
import { AUDIT_ANCHOR_FILE } from '../../electron/core/ledger/audit-anchor.ts';
import { auditHash, GENESIS_HASH, keyedAuditHash, type AuditLink } from '../../electron/core/ledger/audit-chain.ts';
import { openDatabase } from '../../electron/core/ledger/database.ts';
import { auditLinkFromRow } from '../../electron/core/ledger/row-mappers.ts';
import { openSqliteLedger } from '../../electron/core/ledger/sqlite-ledger.ts';
import type { AuditInput } from '../../electron/core/ledger/types.ts';
import type { SqlRow } from '../../electron/core/ledger/row-reader.ts';
import { AUDIT_KEY_ACCOUNT } from '../../electron/core/vault/audit-key.ts';
import { auditKeyMarkerAccount } from '../../electron/core/vault/audit-key-marker.ts';
import { namespacedAccount } from '../../electron/core/vault/keychain-namespace.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import { WORKSPACE_FILE } from '../../electron/core/workspace/workspace-id.ts';
import type { ChannelOutput } from '../../shared/ipc/contract.ts';
import { removeDir, startTestCore } from '../helpers/test-core.ts';

type Report = ChannelOutput<'audit:verify'>;

const keychainService = `payments-console-test-audit-${process.pid}`;
const folders: string[] = [];
/** Keychain entries a folder no longer names (its workspace file was replaced in a test). */
const strayEntries: string[] = [];

after(async () => {
  const vault = createKeytarVault(keychainService);
  for (const dir of folders) {
    if (!existsSync(dir)) continue;
    if (existsSync(join(dir, WORKSPACE_FILE))) await vault.delete(auditKeyEntry(dir)).catch(() => false);
    await vault.delete(auditKeyMarkerAccount(dir)).catch(() => false);
    removeDir(dir);
  }
  for (const account of strayEntries) await vault.delete(account).catch(() => false);
});

/** The keychain entry of a folder's audit key: named after the workspace id the folder keeps. */
function auditKeyEntry(dataDir: string): string {
  const { workspaceId } = JSON.parse(readFileSync(join(dataDir, WORKSPACE_FILE), 'utf8')) as { workspaceId: string };
  return namespacedAccount(workspaceId, AUDIT_KEY_ACCOUNT);
}

function newFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'console-audit-'));
  folders.push(dir);
  return dir;
}

function entry(n: number): AuditInput {
  return {
    at: new Date(Date.UTC(2026, 4, 1, 9, 0, n)),
    operator: n % 2 ? 'alice' : 'bob',
    origin: 'ui@desk',
    action: 'payment.refund',
    targetType: 'payment',
    targetId: `pay_${n}`,
    outcome: 'succeeded',
    details: { amount: `${n}.00`, currency: 'EUR' },
  };
}

/** Starts the console on the folder (as the desktop app or the CLI would), appends, closes. */
async function useConsole(dataDir: string, entries: readonly number[]): Promise<void> {
  const t = await startTestCore({ dataDir, keychainService, sandbox: { enabled: false }, notifications: { enabled: false } });
  try {
    for (const n of entries) await t.core.internals.ledger.audit.append(entry(n));
  } finally {
    await t.close();
  }
}

async function verify(dataDir: string): Promise<Report> {
  const t = await startTestCore({ dataDir, keychainService, sandbox: { enabled: false }, notifications: { enabled: false } });
  try {
    return await t.value('audit:verify', {});
  } finally {
    await t.close();
  }
}

async function loggedFolder(count: number): Promise<string> {
  const dataDir = newFolder();
  await useConsole(dataDir, Array.from({ length: count }, (_, i) => i + 1));
  return dataDir;
}

/** The attacker's raw access to the ledger file, with the append-only triggers out of the way. */
function tamper(dataDir: string, work: (db: ReturnType<typeof openDatabase>) => void): void {
  const db = openDatabase(join(dataDir, LEDGER_FILE));
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete');
    work(db);
  } finally {
    db.close();
  }
}

function rows(db: ReturnType<typeof openDatabase>): Array<AuditLink & { hash: string }> {
  return (db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as SqlRow[]).map(auditLinkFromRow);
}

/** Recomputes prev_hash and hash of the entries fromSeq…toSeq, as the attacker best can. */
function reseal(db: ReturnType<typeof openDatabase>, fromSeq: number, seal: (link: AuditLink) => string, toSeq = Infinity): void {
  let prevHash = GENESIS_HASH;
  for (const row of rows(db)) {
    if (row.seq >= fromSeq && row.seq <= toSeq) {
      const hash = seal({ ...row, prevHash });
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prevHash, hash, row.seq);
      prevHash = hash;
    } else {
      prevHash = row.hash;
    }
  }
}

const unknownKey = createSecretKey(randomBytes(32));
const withUnknownKey = (link: AuditLink) => keyedAuditHash(unknownKey, link);

function swap(db: ReturnType<typeof openDatabase>, a: number, b: number): void {
  const columns = ['at', 'operator', 'origin', 'action', 'target_type', 'target_id', 'outcome', 'details', 'prev_hash', 'hash'];
  const read = (seq: number) => db.prepare(`SELECT ${columns.join(', ')} FROM audit_log WHERE seq = ?`).get(seq) as SqlRow;
  const [first, second] = [read(a), read(b)];
  const write = (seq: number, row: SqlRow) => db.prepare(`UPDATE audit_log SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE seq = ?`).run(...columns.map((c) => row[c] as string | null), seq);
  db.prepare("UPDATE audit_log SET hash = 'moving' WHERE seq = ?").run(a);
  write(b, first);
  write(a, second);
}

function problemOf(report: Report): { kind: string; seq: number | null } | null {
  return report.problem ? { kind: report.problem.kind, seq: report.problem.seq } : null;
}

test('an untouched log verifies: keyed from the first entry, its head anchored', async () => {
  const dataDir = await loggedFolder(6);
  const report = await verify(dataDir);
  assert.deepEqual(report, { ok: true, checked: 6, firstBrokenSeq: null, problem: null, keyed: true, legacyEntries: 0, anchoredEntries: 6 });
  const anchor = JSON.parse(readFileSync(join(dataDir, AUDIT_ANCHOR_FILE), 'utf8')) as { entries: number };
  assert.equal(anchor.entries, 6);
});

test('an edited entry is reported at that entry', async () => {
  const dataDir = await loggedFolder(6);
  tamper(dataDir, (db) => db.exec(`UPDATE audit_log SET details = '{"amount":"900.00","currency":"EUR"}' WHERE seq = 3`));
  const report = await verify(dataDir);
  assert.equal(report.ok, false);
  assert.equal(report.firstBrokenSeq, 3);
  assert.deepEqual(problemOf(report), { kind: 'edited', seq: 3 });
  assert.equal(report.checked, 2);
});

test('an edited entry with every later seal recomputed without the key is reported at the edited entry', async () => {
  for (const [scheme, seal] of [['plain SHA-256', auditHash], ['an unknown key', withUnknownKey]] as const) {
    const dataDir = await loggedFolder(6);
    tamper(dataDir, (db) => {
      db.exec(`UPDATE audit_log SET outcome = 'refused', details = '{"amount":"0.00","currency":"EUR"}' WHERE seq = 3`);
      reseal(db, 3, seal);
    });
    const report = await verify(dataDir);
    assert.equal(report.ok, false, scheme);
    assert.deepEqual(problemOf(report), { kind: 'edited', seq: 3 }, scheme);
  }
});

test('deleting the last entries is reported: the anchor is ahead of the log', async () => {
  const dataDir = await loggedFolder(7);
  tamper(dataDir, (db) => db.exec('DELETE FROM audit_log WHERE seq > 4'));
  const report = await verify(dataDir);
  assert.equal(report.ok, false);
  assert.equal(report.checked, 4, 'what is left of the chain is intact');
  assert.deepEqual(problemOf(report), { kind: 'truncated', seq: 5 });
  assert.equal(report.anchoredEntries, 7);
  assert.match(report.problem?.message ?? '', /ahead of the log.*3 entries were deleted/);
});

test('the console keeps the evidence of a cut: later entries do not move the anchor over it', async () => {
  const dataDir = await loggedFolder(7);
  const anchorPath = join(dataDir, AUDIT_ANCHOR_FILE);
  const anchorBefore = existsSync(anchorPath) ? readFileSync(anchorPath, 'utf8') : null;
  tamper(dataDir, (db) => db.exec('DELETE FROM audit_log WHERE seq > 4'));
  await useConsole(dataDir, [8, 9, 10, 11, 12]);
  const report = await verify(dataDir);
  assert.equal(report.ok, false);
  assert.equal(report.checked, 9, 'the chain itself is whole again');
  assert.deepEqual(problemOf(report), { kind: 'anchor_mismatch', seq: 7 });
  assert.equal(readFileSync(anchorPath, 'utf8'), anchorBefore);
});

test('a cut with the anchor rewritten to match, without the key, is reported as a forged anchor', async () => {
  const dataDir = await loggedFolder(6);
  let head: { seq: number; hash: string } | undefined;
  tamper(dataDir, (db) => {
    db.exec('DELETE FROM audit_log WHERE seq > 3');
    const last = rows(db).at(-1);
    head = last && { seq: last.seq, hash: last.hash };
  });
  const forged = { version: 1, entries: head?.seq, lastHash: head?.hash, legacyEntries: 0, seal: randomBytes(32).toString('hex') };
  writeFileSync(join(dataDir, AUDIT_ANCHOR_FILE), JSON.stringify(forged));
  const report = await verify(dataDir);
  assert.equal(report.ok, false);
  assert.deepEqual(problemOf(report), { kind: 'anchor_invalid', seq: null });
});

test('two swapped entries are reported where the first one moved', async () => {
  const dataDir = await loggedFolder(6);
  tamper(dataDir, (db) => swap(db, 2, 4));
  const report = await verify(dataDir);
  assert.equal(report.ok, false);
  assert.deepEqual(problemOf(report), { kind: 'reordered', seq: 2 });
  assert.match(report.problem?.message ?? '', /written as #4/);
});

test('two swapped entries with the chain recomputed without the key are reported at the first one', async () => {
  for (const [scheme, seal] of [['plain SHA-256', auditHash], ['an unknown key', withUnknownKey]] as const) {
    const dataDir = await loggedFolder(6);
    tamper(dataDir, (db) => {
      swap(db, 2, 3);
      // The attacker renumbers too: each entry's own seq is part of what is hashed.
      reseal(db, 2, seal);
    });
    const report = await verify(dataDir);
    assert.equal(report.ok, false, scheme);
    assert.equal(report.firstBrokenSeq, 2, scheme);
  }
});

test('a deleted anchor file is reported, and the console does not write a new one over the gap', async () => {
  const dataDir = await loggedFolder(5);
  rmSync(join(dataDir, AUDIT_ANCHOR_FILE), { force: true });
  const report = await verify(dataDir);
  assert.equal(report.ok, false);
  assert.deepEqual(problemOf(report), { kind: 'anchor_missing', seq: null });
  await useConsole(dataDir, [6]);
  assert.equal(existsSync(join(dataDir, AUDIT_ANCHOR_FILE)), false);
  assert.deepEqual(problemOf(await verify(dataDir)), { kind: 'anchor_missing', seq: null });
});

test('entries written before the key verify as a legacy prefix that can no longer be rewritten', async () => {
  const dataDir = newFolder();
  const legacy = openSqliteLedger(join(dataDir, LEDGER_FILE));
  for (let n = 1; n <= 4; n += 1) legacy.appendAudit(entry(n));
  legacy.close();

  await useConsole(dataDir, [5, 6]);
  assert.deepEqual(await verify(dataDir), { ok: true, checked: 6, firstBrokenSeq: null, problem: null, keyed: true, legacyEntries: 4, anchoredEntries: 6 });

  // Rewriting a legacy entry and its plain chain breaks the link the first keyed entry sealed.
  tamper(dataDir, (db) => {
    db.exec("UPDATE audit_log SET operator = 'mallory' WHERE seq = 2");
    reseal(db, 2, auditHash, 4);
  });
  const report = await verify(dataDir);
  assert.equal(report.ok, false);
  assert.equal(report.legacyEntries, 4);
  assert.deepEqual(problemOf(report), { kind: 'edited', seq: 5 });
});

test('keyed entries cannot be passed off as legacy ones, nor a legacy-only log rewritten once keyed', async () => {
  const dataDir = await loggedFolder(5);
  tamper(dataDir, (db) => reseal(db, 1, auditHash));
  assert.deepEqual(problemOf(await verify(dataDir)), { kind: 'edited', seq: 1 });

  // A log from an earlier version, keyed on this start but not written to since: the anchor pins it.
  const legacyDir = newFolder();
  const legacy = openSqliteLedger(join(legacyDir, LEDGER_FILE));
  for (let n = 1; n <= 3; n += 1) legacy.appendAudit(entry(n));
  legacy.close();
  assert.equal((await verify(legacyDir)).ok, true);
  tamper(legacyDir, (db) => {
    db.exec("UPDATE audit_log SET outcome = 'failed' WHERE seq = 2");
    reseal(db, 2, auditHash);
  });
  assert.deepEqual(problemOf(await verify(legacyDir)), { kind: 'anchor_mismatch', seq: 3 });
});

test('two data folders keep their own key, and starting one leaves the other alone', async () => {
  const vault = createKeytarVault(keychainService);
  const first = await loggedFolder(2);
  const keyOfFirst = await vault.get(auditKeyEntry(first));
  assert.ok(keyOfFirst);
  const second = await loggedFolder(3);
  const keyOfSecond = await vault.get(auditKeyEntry(second));
  assert.ok(keyOfSecond);
  assert.notEqual(keyOfSecond, keyOfFirst);
  assert.equal(await vault.get(auditKeyEntry(first)), keyOfFirst);
  assert.equal((await verify(first)).ok, true);
  assert.equal((await verify(second)).ok, true);
});

function cli(dataDir: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return run(['electron/cli/main.ts', ...args], { CONSOLE_DATA_DIR: dataDir, CONSOLE_KEYCHAIN_SERVICE: keychainService, CONSOLE_NO_SANDBOX: '1' });
}

function run(args: string[], extraEnv: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, ...extraEnv };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

test('consoles started together on a new data folder agree on one key', async () => {
  const dataDir = newFolder();
  const profile = (n: number) => JSON.stringify({ name: `Desk ${n}`, gatewayId: 'sayswitch', environment: 'sandbox', baseUrl: 'http://127.0.0.1:9/sayswitch' });
  const started = await Promise.all([1, 2, 3].map((n) => cli(dataDir, 'call', 'profiles:create', profile(n))));
  assert.deepEqual(started.map((r) => r.status), [0, 0, 0], started.map((r) => r.stdout + r.stderr).join('\n'));
  const verified = await cli(dataDir, 'verify-audit');
  const report = (JSON.parse(verified.stdout) as { value: Report }).value;
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  assert.equal(report.keyed, true);
  assert.equal(report.checked, 3);
  // One workspace id for all three, and under it the one key every entry was sealed with.
  const stored = await createKeytarVault(keychainService).get(auditKeyEntry(dataDir));
  assert.equal((JSON.parse(stored ?? '{}') as { legacyEntries?: number }).legacyEntries, 0);
});

test('consoles starting at the same instant on a new data folder agree on one workspace id and one key', async () => {
  // Several folders per child: loading the modules once, each folder is one more race.
  const dataDirs = Array.from({ length: 16 }, () => newFolder());
  // Far enough ahead for every child to have loaded its modules and be waiting.
  const at = Date.now() + 3_000;
  const children = await Promise.all([1, 2, 3].map((n) => run(['test/helpers/start-at-instant.ts', String(at), '250', keychainService, String(n), ...dataDirs], {})));
  assert.deepEqual(children.map((c) => c.status), [0, 0, 0], children.map((c) => c.stderr).join('\n'));
  const idsByChild = children.map((c) => JSON.parse(c.stdout) as string[]);
  for (const [i, dataDir] of dataDirs.entries()) {
    const ids = new Set(idsByChild.map((ids) => ids[i]));
    assert.equal(ids.size, 1, `folder ${i}: one workspace id, not ${[...ids].join(', ')}`);
    const report = await verify(dataDir);
    assert.equal(report.ok, true, `folder ${i}: ${report.problem?.message}`);
    assert.equal(report.checked, 3);
    assert.equal(report.legacyEntries, 0);
  }
});

test('verify-audit on the command line names the first failing entry and exits 1', async () => {
  const dataDir = await loggedFolder(5);
  tamper(dataDir, (db) => db.exec('DELETE FROM audit_log WHERE seq > 3'));
  const { status, stdout } = await cli(dataDir, 'verify-audit');
  assert.equal(status, 1);
  const report = (JSON.parse(stdout) as { value: Report }).value;
  assert.deepEqual(problemOf(report), { kind: 'truncated', seq: 4 });
  assert.equal(report.firstBrokenSeq, 4);
});

test('two consoles started together in one process on a new data folder agree on one key', async () => {
  const dataDir = newFolder();
  const options = { dataDir, keychainService, sandbox: { enabled: false }, notifications: { enabled: false } } as const;
  const consoles = await Promise.all([startTestCore(options), startTestCore(options)]);
  try {
    for (const [i, t] of consoles.entries()) await t.core.internals.ledger.audit.append(entry(i + 1));
  } finally {
    for (const t of consoles) await t.close();
  }
  const report = await verify(dataDir);
  assert.equal(report.ok, true, report.problem?.message);
  assert.equal(report.checked, 2);
  assert.equal(report.keyed, true);
});

function workspaceIdOf(dataDir: string): string {
  return (JSON.parse(readFileSync(join(dataDir, WORKSPACE_FILE), 'utf8')) as { workspaceId: string }).workspaceId;
}

/** The attack the folder's own workspace file used to allow: every seal recomputed as plain SHA-256, and the files that name the key deleted. */
function passOffAsLegacy(dataDir: string): void {
  strayEntries.push(auditKeyEntry(dataDir));
  tamper(dataDir, (db) => {
    db.exec(`UPDATE audit_log SET outcome = 'refused' WHERE seq = 2`);
    reseal(db, 1, auditHash);
  });
  rmSync(join(dataDir, WORKSPACE_FILE));
  rmSync(join(dataDir, AUDIT_ANCHOR_FILE));
}

test('a keyed log resealed with plain hashes, its workspace file and anchor deleted, is reported as a replaced key and not relabelled legacy', async () => {
  const dataDir = await loggedFolder(5);
  const keyedAs = workspaceIdOf(dataDir);
  passOffAsLegacy(dataDir);

  const t = await startTestCore({ dataDir, keychainService, sandbox: { enabled: false }, notifications: { enabled: false } });
  try {
    const report = await t.value('audit:verify', {});
    assert.deepEqual(
      { ok: report.ok, kind: report.problem?.kind, legacyEntries: report.legacyEntries, keyed: report.keyed, checked: report.checked },
      { ok: false, kind: 'key_replaced', legacyEntries: 0, keyed: false, checked: 5 },
    );
    assert.match(report.problem?.message ?? '', new RegExp(`keyed before \\(workspace ${keyedAs}, 0 legacy entries\\); its key or workspace file was replaced`));
    assert.match((await t.value('app:info', {})).notices[0] ?? '', /key or workspace file was replaced.*read-only/);
    await assert.rejects(t.core.internals.ledger.audit.append(entry(6)), { name: 'VaultUnavailableError' });
    assert.equal(await t.core.internals.vault.get(AUDIT_KEY_ACCOUNT), null, 'no key was made for the new workspace id');
  } finally {
    await t.close();
  }
  strayEntries.push(auditKeyEntry(dataDir));
  assert.equal(problemOf(await verify(dataDir))?.kind, 'key_replaced', 'and on every later start');

  // With the workspace file put back, the log is checked with its real key again and the rewrite shows.
  writeFileSync(join(dataDir, WORKSPACE_FILE), JSON.stringify({ workspaceId: keyedAs, legacyCredentialsImported: true }));
  assert.deepEqual(problemOf(await verify(dataDir)), { kind: 'edited', seq: 1 });
});

test("a folder's key deleted from the keychain is reported as replaced, not made again over keyed entries", async () => {
  const dataDir = await loggedFolder(3);
  await createKeytarVault(keychainService).delete(auditKeyEntry(dataDir));
  const report = await verify(dataDir);
  assert.deepEqual(problemOf(report), { kind: 'key_replaced', seq: null });
  assert.match(report.problem?.message ?? '', /missing or not the one it was keyed with/);
  assert.equal(await createKeytarVault(keychainService).get(auditKeyEntry(dataDir)), null);
});

test('an untouched folder keeps verifying across starts, and the keychain records it as keyed', async () => {
  const dataDir = await loggedFolder(3);
  await useConsole(dataDir, [4, 5]);
  assert.deepEqual(await verify(dataDir), { ok: true, checked: 5, firstBrokenSeq: null, problem: null, keyed: true, legacyEntries: 0, anchoredEntries: 5 });
  const marker = JSON.parse((await createKeytarVault(keychainService).get(auditKeyMarkerAccount(dataDir))) ?? 'null') as { workspaceId: string; legacyEntries: number } | null;
  assert.equal(marker?.workspaceId, workspaceIdOf(dataDir));
  assert.equal(marker?.legacyEntries, 0);
});

test('a folder keyed before markers gets one on its next start, and the attack is reported from then on', async () => {
  const dataDir = newFolder();
  const legacy = openSqliteLedger(join(dataDir, LEDGER_FILE));
  for (let n = 1; n <= 2; n += 1) legacy.appendAudit(entry(n));
  legacy.close();
  await useConsole(dataDir, [3, 4]);
  await createKeytarVault(keychainService).delete(auditKeyMarkerAccount(dataDir));
  assert.deepEqual(await verify(dataDir), { ok: true, checked: 4, firstBrokenSeq: null, problem: null, keyed: true, legacyEntries: 2, anchoredEntries: 4 });
  passOffAsLegacy(dataDir);
  const report = await verify(dataDir);
  assert.equal(report.problem?.kind, 'key_replaced');
  assert.equal(report.legacyEntries, 2, 'the legacy prefix is the one recorded with the key');
  assert.match(report.problem?.message ?? '', /2 legacy entries/);
  strayEntries.push(auditKeyEntry(dataDir));
});

test('two data folders stay independent: replacing one key leaves the other verifying', async () => {
  const first = await loggedFolder(3);
  const second = await loggedFolder(3);
  assert.notEqual(auditKeyMarkerAccount(first), auditKeyMarkerAccount(second));
  passOffAsLegacy(first);
  assert.equal(problemOf(await verify(first))?.kind, 'key_replaced');
  strayEntries.push(auditKeyEntry(first));
  assert.deepEqual(await verify(second), { ok: true, checked: 3, firstBrokenSeq: null, problem: null, keyed: true, legacyEntries: 0, anchoredEntries: 3 });
});

test('a new folder made where a keyed one was starts afresh: with no entries there is nothing to relabel', async () => {
  const dataDir = await loggedFolder(3);
  strayEntries.push(auditKeyEntry(dataDir));
  for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true });
  await useConsole(dataDir, [1, 2]);
  assert.deepEqual(await verify(dataDir), { ok: true, checked: 2, firstBrokenSeq: null, problem: null, keyed: true, legacyEntries: 0, anchoredEntries: 2 });
});

test('a folder moved to another path keeps its key, and gets a marker of its own there', async () => {
  const dataDir = await loggedFolder(3);
  const moved = `${dataDir}-moved`;
  strayEntries.push(auditKeyMarkerAccount(dataDir));
  renameSync(dataDir, moved);
  folders.push(moved);
  assert.deepEqual(await verify(moved), { ok: true, checked: 3, firstBrokenSeq: null, problem: null, keyed: true, legacyEntries: 0, anchoredEntries: 3 });
  passOffAsLegacy(moved);
  assert.equal(problemOf(await verify(moved))?.kind, 'key_replaced');
  strayEntries.push(auditKeyEntry(moved));
});
