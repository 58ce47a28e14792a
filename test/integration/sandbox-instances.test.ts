/**
 * Several consoles on one keychain: each data folder's entries are its own, a second console on
 * the same folder reuses the sandbox credentials the first one holds, and the entries an earlier
 * version kept under bare names are still found.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gatewayRegistry } from '../../electron/core/gateways/gateway-catalog.ts';
import { createNodeSettingsStore, SETTINGS_FILE_NAME } from '../../electron/core/settings/conf-backend.ts';
import { credentialAccount } from '../../electron/core/vault/credential-store.ts';
import { namespacedAccount } from '../../electron/core/vault/keychain-namespace.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import { WORKSPACE_FILE } from '../../electron/core/workspace/workspace-id.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

const keychainService = `payments-console-test-instances-${process.pid}-${randomBytes(3).toString('hex')}`;
const keychain = createKeytarVault(keychainService);
const opened: TestCore[] = [];
const bareEntries: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The port the console's sandbox listens on. */
function portOf(t: TestCore): number | undefined {
  const baseUrl = t.core.internals.sandbox?.server.baseUrl;
  return baseUrl === undefined ? undefined : Number(new URL(baseUrl).port);
}

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'console-instances-'));
}

async function start(dataDir: string, options: Parameters<typeof startTestCore>[0] = {}): Promise<TestCore> {
  const t = await startTestCore({ dataDir, keychainService, requestTimeoutMs: 3_000, ...options });
  opened.push(t);
  return t;
}

function sale(amount: string) {
  return {
    profileId: sandboxProfileId('sibs-spg'),
    kind: 'sale',
    money: { amount, currency: 'EUR' },
    card: { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' },
  } as const;
}

async function sandboxSecrets(t: TestCore): Promise<Record<string, Record<string, string>>> {
  const all: Record<string, Record<string, string>> = {};
  for (const id of gatewayRegistry.keys()) all[id] = await t.core.internals.profiles.readCredentials(sandboxProfileId(id));
  return all;
}

after(async () => {
  for (const t of opened) await t.close().catch(() => undefined);
  for (const name of bareEntries) await keychain.delete(name).catch(() => false);
  for (const t of opened) removeDir(t.dataDir);
});

describe('consoles sharing one keychain', () => {
  test('a console on another data folder leaves the first one’s sandbox credentials alone', async () => {
    const first = await start(folder());
    const before = await sandboxSecrets(first);
    assert.equal((await first.value('payments:createMoto', sale('3.00'))).paymentStatus, 'captured');

    const second = await start(folder());
    assert.notEqual(second.core.info.workspaceId, first.core.info.workspaceId);
    assert.deepEqual(await sandboxSecrets(first), before, 'the first folder’s entries are unchanged');
    assert.notDeepEqual(await sandboxSecrets(second), before, 'the second folder minted its own');

    const after = await first.value('payments:createMoto', sale('4.00'));
    assert.equal(after.paymentStatus, 'captured', 'the first console still charges its sandbox');
    assert.equal((await second.value('payments:createMoto', sale('5.00'))).paymentStatus, 'captured');
  });

  test('a second console on the same data folder reuses the sandbox credentials instead of replacing them', async () => {
    const dataDir = folder();
    const first = await start(dataDir);
    const before = await sandboxSecrets(first);
    for (const [gateway, secrets] of Object.entries(before)) assert.ok(Object.keys(secrets).length > 0, `${gateway} has sandbox credentials (${first.core.info.sandboxWarning ?? 'no warning'})`);

    const second = await start(dataDir);
    assert.equal(second.core.info.workspaceId, first.core.info.workspaceId);
    assert.deepEqual(await sandboxSecrets(second), before, 'the same credentials, not new ones');
    // The profile now points at the second console's emulators, which were given the same credentials.
    assert.equal((await first.value('payments:createMoto', sale('6.00'))).paymentStatus, 'captured');
    assert.equal((await second.value('payments:createMoto', sale('7.00'))).paymentStatus, 'captured');
    const credentialsTest = await second.value('credentials:test', { profileId: sandboxProfileId('aci-oppwa') });
    assert.equal(credentialsTest.ok, true, credentialsTest.message);
  });

  /** Starts a console on a new folder, stops it and starts it again with the same options: the second start must change nothing. */
  async function restartChangesNothing(options: Parameters<typeof startTestCore>[0], amount: string): Promise<void> {
    const dataDir = folder();
    const first = await start(dataDir, options);
    const port = portOf(first);
    const updatesAfterFirst = (await first.value('audit:list', { limit: 1000 })).filter((entry) => entry.action === 'profile.update').length;
    await first.core.close();
    const settingsFile = join(dataDir, `${SETTINGS_FILE_NAME}.json`);
    const written = readFileSync(settingsFile, 'utf8');
    const second = await start(dataDir, options);
    assert.equal(portOf(second), port, 'the sandbox listens where its profiles point');
    const updates = (await second.value('audit:list', { limit: 1000 })).filter((entry) => entry.action === 'profile.update').length;
    assert.equal(updates, updatesAfterFirst, 'no profile.update entry for a start that changed nothing');
    assert.equal(readFileSync(settingsFile, 'utf8'), written, 'settings.json unchanged');
    assert.equal((await second.value('payments:createMoto', sale(amount))).paymentStatus, 'captured');
  }

  test('a restart on the same folder and sandbox port writes no settings and audits no profile change', async () => {
    await restartChangesNothing({ sandbox: { enabled: true, port: await freePort() } }, '8.00');
  });

  test('a restart with no sandbox port configured takes the one its profiles point at: no settings written, no profile change audited', async () => {
    await restartChangesNothing({}, '9.00');
  });

  test('a restart whose earlier sandbox port is taken listens on another and points the profiles at it', async () => {
    const dataDir = folder();
    const first = await start(dataDir);
    const port = portOf(first);
    assert.ok(port !== undefined);
    await first.core.close();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const second = await start(dataDir);
      const moved = portOf(second);
      assert.ok(moved !== undefined && moved !== port, `listens elsewhere than ${port}`);
      const profile = (await second.value('profiles:list', {})).find((candidate) => candidate.id === sandboxProfileId('sibs-spg'));
      assert.equal(new URL(profile?.baseUrl ?? 'http://x').port, String(moved));
      assert.equal((await second.value('payments:createMoto', sale('10.00'))).paymentStatus, 'captured');
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  test('finds the credentials an earlier version kept under bare names, copied once under the folder', async () => {
    const dataDir = folder();
    const profileId = `prf_legacy_${randomBytes(4).toString('hex')}`;
    createNodeSettingsStore(dataDir).update((settings) => ({
      ...settings,
      profiles: [
        { id: profileId, name: 'Live SIBS', gatewayId: 'sibs-spg', environment: 'production', baseUrl: 'https://api.sibsgateway.com/api/v2', options: { terminalId: 1234, channel: 'web' }, credentialFields: ['authToken', 'clientId'] },
      ],
    }));
    const bare = { authToken: `live-token-${randomBytes(8).toString('hex')}`, clientId: `client-${randomBytes(4).toString('hex')}` };
    for (const [field, value] of Object.entries(bare)) {
      bareEntries.push(credentialAccount(profileId, field));
      await keychain.set(credentialAccount(profileId, field), value);
    }

    const t = await start(dataDir, { sandbox: { enabled: false }, notifications: { enabled: false } });
    assert.deepEqual(await t.core.internals.profiles.readCredentials(profileId), bare);
    const workspace = JSON.parse(readFileSync(join(dataDir, WORKSPACE_FILE), 'utf8')) as { workspaceId: string; legacyCredentialsImported: boolean };
    assert.equal(workspace.legacyCredentialsImported, true);
    assert.equal(await keychain.get(namespacedAccount(workspace.workspaceId, credentialAccount(profileId, 'authToken'))), bare.authToken);
    assert.equal(await keychain.get(credentialAccount(profileId, 'authToken')), bare.authToken, 'the bare entry is left in place');

    // Once: a credential replaced under the folder is not overwritten by the old bare one again.
    await t.value('credentials:set', { profileId, field: 'authToken', value: 'rotated-token-0123456789' });
    await t.core.close();
    const again = await start(dataDir, { sandbox: { enabled: false }, notifications: { enabled: false } });
    assert.equal((await again.core.internals.profiles.readCredentials(profileId)).authToken, 'rotated-token-0123456789');

    // A folder that never listed the profile does not pick its secrets up.
    const other = await start(folder(), { sandbox: { enabled: false }, notifications: { enabled: false } });
    assert.equal(await other.core.internals.vault.get(credentialAccount(profileId, 'authToken')), null);
    assert.ok(existsSync(join(other.dataDir, WORKSPACE_FILE)));
  });
});
