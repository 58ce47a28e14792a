/**
 * One audit chain, one key, many desktops. An admin's console makes the shared ledger's audit key;
 * a console on another desktop (its own keychain and data folder) starts read-only for everything
 * audited until it imports that key from the file the admin exports, and then every console verifies
 * every entry, whoever wrote it. A file holding another key, or readable by others, is refused.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { createTestDatabase, withoutPostgres, type TestDatabase } from '../helpers/postgres-test-database.ts';
import { runCliToExit } from '../helpers/receiver-process.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

const PROFILE = sandboxProfileId('sibs-spg');

interface Desktop {
  readonly dataDir: string;
  readonly keychainService: string;
}

function desktop(name: string): Desktop {
  return { dataDir: mkdtempSync(join(tmpdir(), `team-audit-key-${name}-`)), keychainService: `payments-console-test-audit-${name}-${randomBytes(4).toString('hex')}` };
}

async function cli(on: Desktop, args: string[]) {
  const run = await runCliToExit(args, { CONSOLE_DATA_DIR: on.dataDir, CONSOLE_KEYCHAIN_SERVICE: on.keychainService, CONSOLE_NO_SANDBOX: '1' });
  return { ...run, json: run.stdout ? (JSON.parse(run.stdout) as { ok: boolean; value?: Record<string, unknown>; error?: { kind: string; message: string; fields?: Record<string, string> } }) : null };
}

const start = (on: Desktop) => startTestCore({ dataDir: on.dataDir, keychainService: on.keychainService });

describe('the team audit key on a shared PostgreSQL ledger', { skip: withoutPostgres }, () => {
  let database: TestDatabase;
  const admin = desktop('admin');
  const other = desktop('other');
  const folder = mkdtempSync(join(tmpdir(), 'team-audit-key-files-'));
  const cores: TestCore[] = [];
  const keyFile = join(folder, 'team-audit-key.json');

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    for (const core of cores) await core.close().catch(() => undefined);
    for (const path of [admin.dataDir, other.dataDir, folder]) removeDir(path);
    await database?.drop();
  });

  async function running(on: Desktop): Promise<TestCore> {
    const core = await start(on);
    cores.push(core);
    return core;
  }

  test("team init makes the key on the admin's desktop; another desktop's init says how to get it", async () => {
    const made = await cli(admin, ['team', 'init', '--ledger', database.url]);
    assert.equal(made.code, 0, made.stdout + made.stderr);
    assert.equal(made.json?.value?.['auditKey'], 'held');
    const joined = await cli(other, ['team', 'init', '--ledger', database.url]);
    assert.equal(joined.code, 0, joined.stdout + joined.stderr);
    assert.match(String(joined.json?.value?.['auditKey']), /team import-audit-key FILE/);
  });

  test('a desktop without the key starts read-only for everything audited, and changes nothing', async () => {
    const a = await running(admin);
    await a.value('profiles:update', { id: PROFILE, name: 'Written by the admin' });
    const before = (await a.value('audit:list', { limit: 1000 })).length;

    const b = await running(other);
    assert.match(b.core.info.auditUnavailable ?? '', /does not hold the team's audit key.*team export-audit-key --out FILE.*team import-audit-key FILE/);
    const refused = await b.call('profiles:update', { id: PROFILE, name: 'Written without the key' });
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.error.message, /Nothing was done: the shared audit log can only record it sealed with the team's key/);
    assert.equal((await a.value('audit:list', { limit: 1000 })).length, before, 'no entry was appended');
    const report = await b.value('audit:verify', {});
    assert.equal(report.ok, false);
    assert.equal(report.problem?.kind, 'key_unavailable');
    assert.match(report.problem?.message ?? '', /team import-audit-key FILE/);
    await b.close();
    cores.splice(cores.indexOf(b), 1);
  });

  test('the admin exports the key to a file of its own (0600, never over another) and prints no secret', async () => {
    const exported = await cli(admin, ['team', 'export-audit-key', '--out', keyFile]);
    assert.equal(exported.code, 0, exported.stdout + exported.stderr);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as { keyId: string; secret: string };
    assert.equal(exported.json?.value?.['keyId'], stored.keyId);
    assert.ok(!exported.stdout.includes(stored.secret) && !exported.stderr.includes(stored.secret));
    const again = await cli(admin, ['team', 'export-audit-key', '--out', keyFile]);
    assert.equal(again.code, 1);
    assert.equal(again.json?.error?.fields?.['out'], 'Already exists');
  });

  test('importing refuses a file others may read, and a key that is not the ledger’s', async () => {
    const open = join(folder, 'readable.json');
    writeFileSync(open, readFileSync(keyFile));
    chmodSync(open, 0o644);
    const refusedMode = await cli(other, ['team', 'import-audit-key', open]);
    assert.equal(refusedMode.code, 1);
    assert.match(refusedMode.json?.error?.message ?? '', /chmod 600/);

    const foreign = join(folder, 'foreign.json');
    const genuine = JSON.parse(readFileSync(keyFile, 'utf8')) as { keyId: string; legacyEntries: number };
    writeFileSync(foreign, JSON.stringify({ ...genuine, secret: randomBytes(32).toString('base64') }), { mode: 0o600 });
    const refusedKey = await cli(other, ['team', 'import-audit-key', foreign]);
    assert.equal(refusedKey.code, 1);
    assert.equal(refusedKey.json?.error?.kind, 'validation');
    assert.match(refusedKey.json?.error?.message ?? '', /not the team audit key this ledger records/);

    const b = await running(other);
    assert.notEqual(b.core.info.auditUnavailable, null, 'nothing was imported');
    await b.close();
    cores.splice(cores.indexOf(b), 1);
  });

  test('after the import both desktops write to the one chain, and each verifies every entry', async () => {
    const imported = await cli(other, ['team', 'import-audit-key', keyFile]);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    const a = cores[0];
    assert.ok(a);
    const b = await running(other);
    assert.equal(b.core.info.auditUnavailable, null);
    const before = (await a.value('audit:list', { limit: 1000 })).length;
    await b.value('profiles:update', { id: PROFILE, name: 'Written on the other desktop' });
    await a.value('profiles:update', { id: PROFILE, name: 'Written by the admin again' });
    const entries = await a.value('audit:list', { limit: 1000 });
    assert.equal(entries.length, before + 2);
    for (const [name, core] of [['admin', a], ['other', b]] as const) {
      const report = await core.value('audit:verify', {});
      assert.equal(report.ok, true, `${name}: ${JSON.stringify(report)}`);
      assert.equal(report.keyed, true);
      assert.equal(report.checked, entries.length, `${name} checked every entry`);
    }
  });
});

describe('a shared ledger whose entries predate its team key', { skip: withoutPostgres }, () => {
  let database: TestDatabase;
  const first = desktop('first');
  const later = desktop('later');
  const cores: TestCore[] = [];

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    for (const core of cores) await core.close().catch(() => undefined);
    for (const path of [first.dataDir, later.dataDir]) removeDir(path);
    await database?.drop();
  });

  test("an admin's console makes the key over them: they are checked for order only, and a key no longer recorded seals nothing", async () => {
    for (const on of [first, later]) assert.equal((await cli(on, ['team', 'init', '--ledger', database.url])).code, 0);
    const early = await start(first);
    await early.value('profiles:update', { id: PROFILE, name: 'Sealed with a key the ledger forgets' });
    const head = (await early.value('audit:list', { limit: 1000 })).length;
    await early.close();
    // As a ledger from before team keys: entries sealed by a console's own key, and no key recorded.
    const sql = await database.connect();
    await sql.query('DELETE FROM audit_team_key');

    const admin = await start(later);
    cores.push(admin);
    assert.equal(admin.core.info.auditUnavailable, null, "the admin's console made the team key");
    const recorded = await sql.query<{ legacy_entries: string }>('SELECT legacy_entries FROM audit_team_key');
    assert.equal(Number(recorded.rows[0]?.legacy_entries), head, 'every entry already there is the prefix');
    await admin.value('profiles:update', { id: PROFILE, name: 'Sealed with the team key' });
    const report = await admin.value('audit:verify', {});
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.legacyEntries, head);
    assert.equal(report.checked, (await admin.value('audit:list', { limit: 1000 })).length);

    // A break in the prefix's order is still found.
    await sql.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await sql.query("UPDATE audit_log SET prev_hash = repeat('1', 64) WHERE seq = 2");
    await sql.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    const broken = await admin.value('audit:verify', {});
    assert.equal(broken.ok, false);
    assert.equal(broken.firstBrokenSeq, 2);

    const stale = await start(first);
    cores.push(stale);
    assert.match(stale.core.info.auditUnavailable ?? '', /does not hold the team's audit key/, 'the key it made before is not the recorded one');
  });
});
