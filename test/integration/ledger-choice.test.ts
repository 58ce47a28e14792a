/**
 * Settings → Ledger through the door, with the real keychain and a real PostgreSQL server
 * (build/scripts/with-postgres.sh): the choice is saved and read back, the password lives only in
 * the keychain under this data folder's namespace, and "test connection" answers what PostgreSQL
 * said — also when the password is wrong or nothing listens.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import { namespacedAccount } from '../../electron/core/vault/keychain-namespace.ts';
import { LEDGER_PASSWORD_ACCOUNT, resolveLedgerLocation } from '../../electron/core/workspace/ledger-location.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { withoutPostgres } from '../helpers/postgres-test-database.ts';

const keychainService = `payments-console-test-${randomBytes(6).toString('hex')}`;
const keychain = createKeytarVault(keychainService);
let t: TestCore;

before(async () => {
  t = await startTestCore({ keychainService, vault: keychain, sandbox: { enabled: false }, notifications: { enabled: false }, recoverOnStart: false });
});
after(async () => {
  await keychain.delete(namespacedAccount(t.core.info.workspaceId, LEDGER_PASSWORD_ACCOUNT)).catch(() => false);
  await t.close();
  removeDir(t.dataDir);
});

/** Everything on disk in the data folder, as text, to look for a secret in. */
function folderText(): string {
  return readdirSync(t.dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}

test('a new workspace keeps its ledger on this computer, in the file the core opens', async () => {
  assert.deepEqual(await t.value('ledger:get', {}), { choice: { backend: 'sqlite' }, passwordStored: false, takesEffect: 'on-restart' });
  assert.deepEqual(await resolveLedgerLocation({ ledger: { backend: 'sqlite' } }, t.core.internals.vault, t.dataDir), { kind: 'sqlite', path: join(t.dataDir, 'ledger.sqlite') });
});

test('a shared database is saved and read back; its password goes to the keychain under the folder and nowhere else', async () => {
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const connectionString = 'postgresql://ledger@db.example.com:5432/ledger?sslmode=require';
  const saved = await t.value('ledger:save', { choice: { backend: 'postgres', connectionString }, password });
  assert.deepEqual(saved, { choice: { backend: 'postgres', connectionString }, passwordStored: true, takesEffect: 'on-restart' });
  assert.deepEqual(await t.value('ledger:get', {}), saved);

  assert.equal(await keychain.get(namespacedAccount(t.core.info.workspaceId, LEDGER_PASSWORD_ACCOUNT)), password);
  assert.equal(await keychain.get(LEDGER_PASSWORD_ACCOUNT), null, 'never under a bare name another folder would share');
  const settingsFile = JSON.parse(readFileSync(join(t.dataDir, 'settings.json'), 'utf8')) as { settings: { ledger: unknown } };
  assert.deepEqual(settingsFile.settings.ledger, { backend: 'postgres', connectionString });
  assert.ok(!folderText().includes(password), 'the password is in no file of the data folder (settings, ledger, audit)');
  const audit = await t.value('audit:list', { limit: 5 });
  const entry = audit.find((row) => row.action === 'ledger.choose');
  assert.ok(entry, 'the change is audited');
  assert.match(entry.details, /db\.example\.com/);
  assert.ok(!JSON.stringify(audit).includes(password));

  const location = await resolveLedgerLocation({ ledger: { backend: 'postgres', connectionString } }, t.core.internals.vault, t.dataDir);
  assert.deepEqual(location, { kind: 'postgres', connectionString, password });
});

test('pointing the choice at another server forgets the stored password rather than send it there', async () => {
  await t.value('ledger:save', { choice: { backend: 'postgres', connectionString: 'postgresql://ledger@db.example.com/ledger' }, password: 'first-one' });
  const moved = await t.value('ledger:save', { choice: { backend: 'postgres', connectionString: 'postgresql://ledger@elsewhere.example.com/ledger' } });
  assert.equal(moved.passwordStored, false);
  assert.equal(await keychain.get(namespacedAccount(t.core.info.workspaceId, LEDGER_PASSWORD_ACCOUNT)), null);
});

test('a password in the connection string, or for a ledger on this computer, is refused and changes nothing', async () => {
  const before = await t.value('ledger:get', {});
  const inString = await t.call('ledger:save', { choice: { backend: 'postgres', connectionString: 'postgresql://ledger:hunter2@db.example.com/ledger' } });
  assert.equal(inString.ok, false);
  assert.ok(!inString.ok && inString.error.kind === 'validation' && /password field/.test(JSON.stringify(inString.error.fields)), JSON.stringify(inString));
  const forSqlite = await t.call('ledger:save', { choice: { backend: 'sqlite' }, password: 'hunter2' });
  assert.ok(!forSqlite.ok && forSqlite.error.kind === 'validation');
  assert.deepEqual(await t.value('ledger:get', {}), before);
  assert.ok(!folderText().includes('hunter2'));
});

test('testing a port where nothing listens answers “unreachable”, not a crash', async () => {
  const answer = await t.value('ledger:testConnection', { connectionString: 'postgresql://console@127.0.0.1:9/ledger', password: 'whatever-it-is' });
  assert.equal(answer.ok, false);
  assert.ok(!answer.ok && answer.reason === 'unreachable', JSON.stringify(answer));
  assert.ok(!JSON.stringify(answer).includes('whatever-it-is'));
});

test('testing the real server answers its version and the ledger schema version', { skip: withoutPostgres }, async () => {
  const serverUrl = process.env['CONSOLE_TEST_PG_URL'] ?? '';
  const answer = await t.value('ledger:testConnection', { connectionString: serverUrl, password: 'unused-by-trust' });
  assert.ok(answer.ok, JSON.stringify(answer));
  assert.match(answer.serverVersion, /^\d+/);
  assert.equal(answer.schemaVersion, null, 'the server database has no ledger schema');
});

test('a wrong password is answered as PostgreSQL refusing it; the right one connects', { skip: withoutPostgres }, async () => {
  const serverUrl = new URL(process.env['CONSOLE_TEST_PG_URL'] ?? '');
  const role = `ledger_pw_${randomBytes(4).toString('hex')}`;
  const password = `right-${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl.href });
  await admin.connect();
  // The throwaway server trusts loopback; this role alone must give a password (scram), so a wrong one is really refused.
  const hbaFile = (await admin.query<{ hba_file: string }>('SHOW hba_file')).rows[0]?.hba_file ?? '';
  const original = readFileSync(hbaFile, 'utf8');
  const { writeFileSync } = await import('node:fs');
  try {
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    writeFileSync(hbaFile, `host all ${role} 127.0.0.1/32 scram-sha-256\n${original}`);
    await admin.query('SELECT pg_reload_conf()');
    const url = new URL(serverUrl.href);
    url.username = role;
    const wrong = await t.value('ledger:testConnection', { connectionString: url.href, password: 'not-the-password' });
    assert.ok(!wrong.ok && wrong.reason === 'authentication' && wrong.code === '28P01', JSON.stringify(wrong));
    assert.match(wrong.ok ? '' : wrong.message, /password authentication failed/);
    const none = await t.value('ledger:testConnection', { connectionString: url.href });
    assert.ok(!none.ok && none.reason === 'authentication', JSON.stringify(none));

    // Saved for this server, the stored password is used when none is typed.
    await t.value('ledger:save', { choice: { backend: 'postgres', connectionString: url.href }, password });
    const stored = await t.value('ledger:testConnection', { connectionString: url.href });
    assert.ok(stored.ok, JSON.stringify(stored));
    assert.ok(!JSON.stringify(stored).includes(password));
  } finally {
    writeFileSync(hbaFile, original);
    await admin.query('SELECT pg_reload_conf()');
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  }
});
