/**
 * What both settings backends must do with what they cannot read, as one set of checks each
 * backend's test runs against its own store: electron-store in Electron (through the stand-in in
 * test/electron-shell/) and conf in plain Node.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import type { SettingsStore, StoredProfile } from '../../electron/core/settings/settings-store.ts';

export type OpenStore = (dataDir: string) => SettingsStore;

const SETTINGS_FILE = 'settings.json';

const sibs: StoredProfile = {
  id: 'prf_sibs',
  name: 'Live SIBS',
  gatewayId: 'sibs-spg',
  environment: 'production',
  baseUrl: 'https://api.sibsgateway.com/api/v2',
  options: { terminalId: 1234, channel: 'web' },
  credentialFields: ['authToken'],
};
const oppwa: StoredProfile = { ...sibs, id: 'prf_oppwa', name: 'OPPWA', gatewayId: 'aci-oppwa', options: { entityId: 'e'.repeat(32) }, credentialFields: [] };
/**
 * A profile this version cannot read: its gateway id is not even of the form (one for a gateway
 * this version merely lacks is readable, and listed as unavailable).
 */
const foreign = { id: 'prf_paypal', name: 'PayPal', gatewayId: 'PayPal Checkout', environment: 'production', baseUrl: 'https://api.paypal.com', options: {}, credentialFields: ['secret'], addedLater: true };

async function inFolder(work: (dataDir: string, file: string) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'console-settings-'));
  try {
    await work(dataDir, path.join(dataDir, SETTINGS_FILE));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function onDisk(file: string): Promise<{ settings: Record<string, unknown> & { profiles: unknown[] } }> {
  return JSON.parse(await readFile(file, 'utf8')) as { settings: Record<string, unknown> & { profiles: unknown[] } };
}

async function backups(dataDir: string): Promise<string[]> {
  return (await readdir(dataDir)).filter((name) => name.startsWith(`${SETTINGS_FILE}.bak-`)).sort();
}

export function settingsToleranceChecks(open: OpenStore): void {
  it('reads the profiles it can when one cannot be read, reports that one, and never loses it on a write', async () => {
    await inFolder(async (dataDir, file) => {
      await writeFile(file, JSON.stringify({ settings: { schemaVersion: 1, profiles: [sibs, foreign, oppwa], sandbox: { port: 4100, initialised: true } } }));
      const store = open(dataDir);
      assert.deepEqual(store.read().profiles.map((p) => p.id), ['prf_sibs', 'prf_oppwa']);
      const problems = store.problems();
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.kind, 'profile');
      assert.equal(problems[0]?.profileId, 'prf_paypal');
      assert.match(problems[0]?.message ?? '', /PayPal/);

      store.update((current) => ({ ...current, profiles: current.profiles.filter((p) => p.id !== 'prf_oppwa') }));
      const written = await onDisk(file);
      assert.deepEqual(written.settings.profiles, [sibs, foreign], 'the unreadable profile is written back exactly as it was');
      assert.equal((written.settings.sandbox as { port: number }).port, 4100);
      assert.deepEqual(await backups(dataDir), [], 'nothing was dropped, so nothing needed a backup');
      assert.deepEqual(open(dataDir).read().profiles.map((p) => p.id), ['prf_sibs']);
    });
  });

  it('keeps a damaged file as a backup, starts with defaults and says so', async () => {
    await inFolder(async (dataDir, file) => {
      const damaged = '{"settings": {"profiles": [{"id": "prf_sibs", "name": "Live SIB';
      await writeFile(file, damaged);
      const store = open(dataDir);
      const [problem] = store.problems();
      assert.deepEqual(store.read().profiles, []);
      assert.equal(problem?.kind, 'file');
      assert.ok(problem?.backup, 'the backup is named');
      assert.match(path.basename(problem.backup), /^settings\.json\.bak-/);
      assert.equal(await readFile(problem.backup, 'utf8'), damaged, 'the backup holds the file byte for byte');

      store.update((current) => ({ ...current, profiles: [sibs] }));
      assert.deepEqual((await onDisk(file)).settings.profiles, [sibs]);
      assert.equal(await readFile(problem.backup, 'utf8'), damaged, 'the write did not touch the backup');
    });
  });

  it('handles a file damaged while the console runs the same way', async () => {
    await inFolder(async (dataDir, file) => {
      const store = open(dataDir);
      store.update((current) => ({ ...current, profiles: [sibs] }));
      await writeFile(file, 'not json at all');
      assert.deepEqual(store.read().profiles, []);
      const [problem] = store.problems();
      assert.equal(await readFile(problem?.backup ?? '', 'utf8'), 'not json at all');
      store.update((current) => ({ ...current, profiles: [oppwa] }));
      assert.deepEqual((await onDisk(file)).settings.profiles, [oppwa]);
    });
  });

  it('backs the file up before a write replaces a section it could not read, and keeps keys it does not know', async () => {
    await inFolder(async (dataDir, file) => {
      const original = JSON.stringify({ settings: { schemaVersion: 1, profiles: [sibs], sandbox: { port: 'not a port', initialised: true }, laterFeature: { on: true } } });
      await writeFile(file, original);
      const store = open(dataDir);
      assert.equal(store.read().sandbox.port, 0);
      assert.deepEqual(store.read().profiles, [sibs]);
      assert.equal(store.problems()[0]?.kind, 'section');
      assert.deepEqual(await backups(dataDir), [], 'reading alone writes nothing');

      store.update((current) => ({ ...current, ui: { locale: 'pt-PT' } }));
      const [backup] = await backups(dataDir);
      assert.ok(backup, 'a backup was taken before the write');
      assert.equal(await readFile(path.join(dataDir, backup), 'utf8'), original);
      const written = await onDisk(file);
      assert.deepEqual(written.settings.laterFeature, { on: true });
      assert.deepEqual(written.settings.profiles, [sibs]);
      assert.deepEqual(store.problems().filter((p) => p.kind === 'section'), [], 'the file is readable again');
    });
  });

  it('backs the file up before a new profile takes the id of one it could not read', async () => {
    await inFolder(async (dataDir, file) => {
      await writeFile(file, JSON.stringify({ settings: { profiles: [foreign] } }));
      const store = open(dataDir);
      store.update((current) => ({ ...current, profiles: [{ ...sibs, id: foreign.id }] }));
      const [backup] = await backups(dataDir);
      assert.ok(backup);
      assert.deepEqual((JSON.parse(await readFile(path.join(dataDir, backup), 'utf8')) as { settings: { profiles: unknown[] } }).settings.profiles, [foreign]);
      assert.deepEqual((await onDisk(file)).settings.profiles, [{ ...sibs, id: foreign.id }]);
    });
  });

  it('refuses an invalid write and changes nothing', async () => {
    await inFolder(async (dataDir, file) => {
      const store = open(dataDir);
      store.update((current) => ({ ...current, sandbox: { port: 4100, initialised: true } }));
      const before = await readFile(file, 'utf8');
      assert.throws(() => store.update((current) => ({ ...current, sandbox: { port: 70000, initialised: true } })));
      assert.equal(await readFile(file, 'utf8'), before);
      assert.equal(open(dataDir).read().sandbox.port, 4100);
    });
  });
}
