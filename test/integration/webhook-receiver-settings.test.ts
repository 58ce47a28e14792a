/**
 * The team webhook receiver's public base URL lives in the ledger: one console saves it and every
 * console on the same PostgreSQL ledger answers the same address for each profile; a bad address
 * is refused with a field error and changes nothing; clearing it removes every team address; each
 * change is audited. On a solo SQLite ledger the channels answer the same way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LedgerLocation } from '../../electron/core/ledger/port.ts';
import { createTestDatabase, withoutPostgres, type TestDatabase } from '../helpers/postgres-test-database.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

function receiverSettingsShared(backend: 'sqlite' | 'postgres'): void {
  let database: TestDatabase | null = null;
  let a: TestCore;
  let b: TestCore;

  before(async () => {
    let ledger: LedgerLocation | undefined;
    if (backend === 'postgres') {
      database = await createTestDatabase();
      ledger = { kind: 'postgres', connectionString: database.url, password: null };
    }
    const shared = ledger === undefined ? {} : { ledger };
    a = await startTestCore({ ...shared, notifications: { enabled: false } });
    b = await startTestCore({ ...shared, dataDir: a.dataDir, keychainService: a.keychainService, sandbox: { enabled: false }, notifications: { enabled: false } });
  });
  after(async () => {
    await b?.core.close();
    await a?.close();
    if (a) removeDir(a.dataDir);
    await database?.drop();
  });

  test('none is set at first', async () => {
    assert.deepEqual(await b.value('receiver:get', {}), { publicBaseUrl: null, updatedAt: null, updatedBy: null, profiles: [] });
  });

  test("one console saves it; the other shows each profile's address under it", async () => {
    const saved = await a.value('receiver:save', { publicBaseUrl: 'https://Hooks.Example.com/' });
    assert.equal(saved.publicBaseUrl, 'https://hooks.example.com');
    const seen = await b.value('receiver:get', {});
    assert.equal(seen.publicBaseUrl, 'https://hooks.example.com');
    assert.equal(seen.updatedBy, 'test-operator');
    const profiles = b.core.internals.profiles.list();
    assert.ok(profiles.length > 0);
    assert.deepEqual(
      seen.profiles,
      profiles.map((profile) => ({ profileId: profile.id, url: `https://hooks.example.com/notifications/${encodeURIComponent(profile.id)}` })),
    );
    const audited = await b.value('audit:search', { actions: ['settings.receiver'], limit: 10 });
    assert.equal(audited.entries.length, 1);
    assert.deepEqual(JSON.parse(audited.entries[0]?.details ?? '{}'), { publicBaseUrl: 'https://hooks.example.com', previous: null });
  });

  test('a plain-HTTP public address, or one with a path, is refused and changes nothing', async () => {
    for (const publicBaseUrl of ['http://hooks.example.com', 'https://hooks.example.com/notifications', 'https://user:pw@hooks.example.com']) {
      const answer = await a.call('receiver:save', { publicBaseUrl });
      assert.equal(answer.ok, false, publicBaseUrl);
      if (answer.ok) continue;
      assert.equal(answer.error.kind, 'validation');
      assert.ok(answer.error.fields?.['publicBaseUrl'], `${publicBaseUrl}: ${JSON.stringify(answer.error)}`);
    }
    assert.equal((await b.value('receiver:get', {})).publicBaseUrl, 'https://hooks.example.com');
    assert.equal((await b.value('audit:search', { actions: ['settings.receiver'], limit: 10 })).entries.length, 1);
  });

  test('clearing it removes every team address, for every console', async () => {
    await b.value('receiver:save', { publicBaseUrl: null });
    assert.deepEqual((await a.value('receiver:get', {})).profiles, []);
    assert.equal((await a.value('receiver:get', {})).publicBaseUrl, null);
    assert.equal((await a.value('audit:search', { actions: ['settings.receiver'], limit: 10 })).entries.length, 2);
  });
}

describe('the team receiver address on one SQLite file', () => receiverSettingsShared('sqlite'));
describe('the team receiver address on one PostgreSQL database', { skip: withoutPostgres }, () => receiverSettingsShared('postgres'));
