/**
 * The receiver service's edges, in process on a real PostgreSQL ledger: the configuration and the
 * secrets file it refuses (each with a typed error naming the field, nothing started), the health
 * endpoint, and the TLS proxy in front: X-Forwarded-Host and X-Forwarded-For are believed from a
 * trusted proxy's address only, so a client cannot pass a Host check or spend another client's
 * refusal budget by writing those headers itself.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ValidationError, VaultUnavailableError } from '../../electron/core/errors.ts';
import type { StoredTeamAuditKey } from '../../electron/core/vault/team-audit-key.ts';
import { parseReceiverConfig, type ReceiverConfig } from '../../electron/core/receiver/receiver-config.ts';
import { InsecureSecretsFileError, readSecretsFile } from '../../electron/core/receiver/receiver-secrets.ts';
import { startReceiverService, type ReceiverService } from '../../electron/core/receiver/receiver-service.ts';
import { createTestDatabase, withoutPostgres, type TestDatabase } from '../helpers/postgres-test-database.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { makeTeamAuditKey } from '../helpers/team-audit-key.ts';
import { quietLogger, removeDir } from '../helpers/test-core.ts';

const PROFILE = { id: 'prf_shop', name: 'Shop', gatewayId: 'sibs-spg', environment: 'production', baseUrl: 'https://api.sibsgateway.com/api/v2', options: { terminalId: 12345 } };
const PROXY = '127.0.0.2';
const CLIENT = '127.0.0.3';

function configWith(change: Record<string, unknown>, folder: string, database?: TestDatabase): Record<string, unknown> {
  return {
    ledger: { connectionString: database?.url ?? 'postgresql://receiver@db.example.com/ledger' },
    listen: { host: '127.0.0.1', port: 0 },
    publicBaseUrl: 'https://hooks.example.test',
    trustedProxies: [PROXY],
    stateDirectory: join(folder, 'state'),
    secrets: { source: 'file', path: join(folder, 'secrets.json') },
    profiles: [PROFILE],
    ...change,
  };
}

/** A key of the shape the file carries; only a ledger that records it accepts it. */
function unrecordedKey(): StoredTeamAuditKey {
  return { version: 1, keyId: randomBytes(16).toString('hex'), secret: randomBytes(32).toString('base64'), legacyEntries: 0 };
}

function writeSecrets(file: string, mode: number, auditChainKey: StoredTeamAuditKey = unrecordedKey()): void {
  writeFileSync(file, JSON.stringify({ auditChainKey, profiles: { [PROFILE.id]: { webhookSecret: randomBytes(32).toString('base64') } } }));
  chmodSync(file, mode);
}

describe('the receiver configuration', () => {
  const folder = mkdtempSync(join(tmpdir(), 'receiver-config-'));
  after(() => removeDir(folder));

  test('accepts the documented shape', () => {
    const config = parseReceiverConfig(configWith({}, folder));
    assert.equal(config.profiles[0]?.id, PROFILE.id);
  });

  for (const [what, change, field] of [
    ['a gateway this version lacks', { profiles: [{ ...PROFILE, gatewayId: 'acme-pay' }] }, 'profiles.0.gatewayId'],
    ['one profile id twice', { profiles: [PROFILE, { ...PROFILE, name: 'Again' }] }, 'profiles.1.id'],
    ['a production profile over plain HTTP', { profiles: [{ ...PROFILE, baseUrl: 'http://api.sibsgateway.com' }] }, 'profiles.0.baseUrl'],
    ['a password in the connection string', { ledger: { connectionString: 'postgresql://receiver:pw@db.example.com/ledger' } }, 'ledger.connectionString'],
    ['a public base URL with a path', { publicBaseUrl: 'https://hooks.example.test/notifications' }, 'publicBaseUrl'],
    ['a trusted proxy that is not an address', { trustedProxies: ['proxy.example.test'] }, 'trustedProxies.0'],
    ['a relative secrets path', { secrets: { source: 'file', path: 'secrets.json' } }, 'secrets.path'],
    ['no profiles', { profiles: [] }, 'profiles'],
    ["a profile without an option its gateway requires", { profiles: [{ ...PROFILE, options: {} }] }, 'profiles.0.options.terminalId'],
    ['an option of the wrong type', { profiles: [{ ...PROFILE, options: { terminalId: 'twelve' } }] }, 'profiles.0.options.terminalId'],
  ] as const) {
    test(`refuses ${what}, naming the field`, () => {
      assert.throws(
        () => parseReceiverConfig(configWith(change, folder)),
        (error: unknown) => error instanceof ValidationError && error.fields?.[field] !== undefined,
      );
    });
  }
});

describe('the receiver secrets file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'receiver-secrets-'));
  after(() => removeDir(folder));

  test('is read when only its user may read it', () => {
    const file = join(folder, 'private.json');
    writeSecrets(file, 0o600);
    assert.match(readSecretsFile(file), /auditChainKey/);
    chmodSync(file, 0o400);
    assert.match(readSecretsFile(file), /auditChainKey/);
  });

  for (const mode of [0o644, 0o640, 0o604, 0o620]) {
    test(`is refused with mode 0${mode.toString(8)}`, () => {
      const file = join(folder, `mode-${mode.toString(8)}.json`);
      writeSecrets(file, mode);
      assert.throws(() => readSecretsFile(file), (error: unknown) => error instanceof InsecureSecretsFileError && error.kind === 'validation' && /chmod 600/.test(error.message));
    });
  }

  test('is refused through a symbolic link', () => {
    const file = join(folder, 'target.json');
    writeSecrets(file, 0o600);
    symlinkSync(file, join(folder, 'link.json'));
    assert.throws(() => readSecretsFile(join(folder, 'link.json')), InsecureSecretsFileError);
  });

  test("is refused when another user owns it", { skip: process.getuid?.() !== 0 ? 'needs root to give the file away' : false }, () => {
    const file = join(folder, 'theirs.json');
    writeSecrets(file, 0o600);
    chownSync(file, 65534, 65534);
    assert.throws(() => readSecretsFile(file), (error: unknown) => error instanceof InsecureSecretsFileError && /belongs to user 65534/.test(error.message));
  });
});

describe('the receiver service behind a TLS proxy', { skip: withoutPostgres }, () => {
  let database: TestDatabase;
  let folder: string;
  let service: ReceiverService;
  let config: ReceiverConfig;
  let teamKey: StoredTeamAuditKey;

  before(async () => {
    database = await createTestDatabase();
    folder = mkdtempSync(join(tmpdir(), 'receiver-service-'));
    teamKey = await makeTeamAuditKey(database.url, folder);
    writeSecrets(join(folder, 'secrets.json'), 0o600, teamKey);
    config = parseReceiverConfig(configWith({}, folder, database));
    service = await startReceiverService({ config, logger: quietLogger, limits: { refusedPerSource: 2 } });
  });
  after(async () => {
    await service?.close();
    if (folder) removeDir(folder);
    await database?.drop();
  });

  const port = () => service.listening.port;

  test("refuses to start without a profile's webhook secret, naming the field and not its value", async () => {
    const secretsFile = join(folder, 'no-webhook-secret.json');
    writeFileSync(secretsFile, JSON.stringify({ auditChainKey: teamKey, profiles: { [PROFILE.id]: { authToken: 'not-what-webhooks-need' } } }));
    chmodSync(secretsFile, 0o600);
    await assert.rejects(
      startReceiverService({ config: { ...config, listen: { host: '127.0.0.1', port: 0 }, secrets: { source: 'file', path: secretsFile } }, logger: quietLogger }),
      (error: unknown) => error instanceof ValidationError && error.fields?.[`secrets.profiles.${PROFILE.id}.webhookSecret`] !== undefined && !error.message.includes('not-what-webhooks-need'),
    );
  });

  test("refuses to start with an audit key other than the one the ledger records, and never prints a secret", async () => {
    const secretsFile = join(folder, 'another-key.json');
    const another = unrecordedKey();
    writeSecrets(secretsFile, 0o600, another);
    await assert.rejects(
      startReceiverService({ config: { ...config, listen: { host: '127.0.0.1', port: 0 }, secrets: { source: 'file', path: secretsFile } }, logger: quietLogger }),
      (error: unknown) => error instanceof VaultUnavailableError && error.message.includes(teamKey.keyId) && error.message.includes(another.keyId) && !error.message.includes(another.secret),
    );
  });

  test('answers /healthz with the ledger reachable, its profiles and its version, and no secret', async () => {
    const answer = await rawRequest({ port: port(), method: 'GET', path: '/healthz', host: 'health-probe.internal' });
    assert.equal(answer.status, 200);
    const report = JSON.parse(answer.body) as Record<string, unknown>;
    assert.deepEqual({ ok: report['ok'], ledger: report['ledger'], profiles: report['profiles'], gateways: report['gateways'] }, { ok: true, ledger: 'reachable', profiles: 1, gateways: ['sibs-spg'] });
    assert.equal(typeof report['version'], 'string');
    assert.doesNotMatch(answer.body, /secret|password|postgresql:/i);
  });

  test('hands out addresses under the public base URL', () => {
    assert.equal(service.urlFor(PROFILE.id), `https://hooks.example.test/notifications/${PROFILE.id}`);
  });

  test('takes the public host from the trusted proxy, and refuses it written by anyone else', async () => {
    const viaProxy = await rawRequest({ port: port(), method: 'POST', path: '/notifications/prf_unknown', host: '10.0.0.5:8080', headers: { 'x-forwarded-host': 'hooks.example.test', 'x-forwarded-for': '198.51.100.7' }, body: '{}', localAddress: PROXY });
    assert.equal(viaProxy.status, 404, `past the Host check, an unknown profile: ${viaProxy.body}`);
    const forged = await rawRequest({ port: port(), method: 'POST', path: '/notifications/prf_unknown', host: '10.0.0.5:8080', headers: { 'x-forwarded-host': 'hooks.example.test' }, body: '{}', localAddress: CLIENT });
    assert.equal(forged.status, 421, 'a client that is not the proxy cannot name the public host in X-Forwarded-Host');
    const direct = await rawRequest({ port: port(), method: 'POST', path: '/notifications/prf_unknown', host: 'hooks.example.test', body: '{}', localAddress: CLIENT });
    assert.equal(direct.status, 404, 'the public host in Host itself is ours');
  });

  test("counts refusals per client behind the proxy, and X-Forwarded-For from anyone else as that sender's own", async () => {
    const refusedFrom = (forwardedFor: string, localAddress: string) =>
      rawRequest({ port: port(), method: 'POST', path: `/notifications/${PROFILE.id}`, host: 'hooks.example.test', headers: { 'x-forwarded-for': forwardedFor }, body: 'not a SIBS notification', localAddress });
    // Two refusals use up the first client's budget; the second client behind the same proxy still gets through.
    assert.notEqual((await refusedFrom('198.51.100.20', PROXY)).status, 429);
    assert.notEqual((await refusedFrom('198.51.100.20', PROXY)).status, 429);
    assert.equal((await refusedFrom('198.51.100.20', PROXY)).status, 429);
    assert.notEqual((await refusedFrom('198.51.100.21', PROXY)).status, 429, 'another client behind the proxy has its own budget');
    // A direct client naming someone else in X-Forwarded-For spends its own budget, not theirs.
    assert.notEqual((await refusedFrom('198.51.100.30', CLIENT)).status, 429);
    assert.notEqual((await refusedFrom('198.51.100.31', CLIENT)).status, 429);
    assert.equal((await refusedFrom('198.51.100.32', CLIENT)).status, 429, 'X-Forwarded-For from a client that is not the proxy is ignored');
  });
});
