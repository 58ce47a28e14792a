/** The CLI as a scheduler or a script would run it: a child process, JSON out, exit codes. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';
import { request } from 'undici';
import { CHANNEL_NAMES } from '../../shared/ipc/contract.ts';
import { LEDGER_FILE } from '../../electron/core/create-core.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import { removeCliWorkspace } from '../helpers/cli-workspace.ts';
import { removeDir } from '../helpers/test-core.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'console-cli-'));
const keychainService = `payments-console-test-cli-${process.pid}`;
const env = { ...process.env, CONSOLE_DATA_DIR: dataDir, CONSOLE_KEYCHAIN_SERVICE: keychainService };

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['electron/cli/main.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, json: result.stdout ? (JSON.parse(result.stdout) as unknown) : null, stderr: result.stderr };
}

after(async () => {
  const vault = createKeytarVault(keychainService);
  for (const account of ['sandbox-sibs-spg/authToken', 'sandbox-sibs-spg/clientId']) await vault.delete(account).catch(() => false);
  await removeCliWorkspace(dataDir, keychainService);
});

test('lists every channel with its input as JSON Schema', () => {
  const { status, json } = cli('channels');
  assert.equal(status, 0);
  const list = json as Array<{ channel: string; input: { type?: string } }>;
  assert.deepEqual(list.map((c) => c.channel).sort(), [...CHANNEL_NAMES].sort());
  const refund = list.find((c) => c.channel === 'payments:refund');
  assert.equal(refund?.input.type, 'object');
  assert.ok(JSON.stringify(refund?.input).includes('expectedRefundable'));
});

test('calls a channel on the same core and exits non-zero on an error envelope', () => {
  const info = cli('call', 'app:info', '{}');
  assert.equal(info.status, 0, info.stderr);
  assert.equal((info.json as { ok: boolean; value: { mode: string } }).value.mode, 'cli');

  const sale = cli('call', 'payments:createMoto', JSON.stringify({
    profileId: 'sandbox-sibs-spg', kind: 'sale', money: { amount: '5.00', currency: 'EUR' },
    card: { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 1, holder: 'CLI' },
  }));
  assert.equal(sale.status, 0, sale.stderr);
  assert.equal((sale.json as { value: { paymentStatus: string } }).value.paymentStatus, 'captured');

  const bad = cli('call', 'payments:refund', '{"paymentId": 5}');
  assert.equal(bad.status, 1);
  assert.equal((bad.json as { error: { kind: string } }).error.kind, 'validation');
  assert.equal(cli('call', 'payments:refund', 'not json').status, 1);

  const audit = cli('verify-audit');
  assert.equal(audit.status, 0);
  assert.equal((audit.json as { value: { ok: boolean } }).value.ok, true);
});

test('runs one status-poller pass for a scheduler and prints a JSON summary', () => {
  const { status, json } = cli('poll', '--once');
  assert.equal(status, 0);
  const summary = json as Record<string, number>;
  for (const key of ['due', 'checked', 'settled', 'needsReview', 'failed', 'waiting']) assert.equal(typeof summary[key], 'number', key);
  assert.equal(cli('poll').status, 2, 'poll without --once is refused');
});

test('poll --once exits 1 and says so when a due check could not be made, so a scheduler sees it', () => {
  const requested = cli('call', 'payments:requestMbway', JSON.stringify({ profileId: 'sandbox-sibs-spg', money: { amount: '15.90', currency: 'EUR' }, phone: '+351 912 345 678' }));
  assert.equal(requested.status, 0, requested.stderr);
  // Due now, with the gateway unreachable: the sandbox's emulators are not started for this run.
  const ledger = new DatabaseSync(join(dataDir, LEDGER_FILE));
  try {
    assert.ok(Number(ledger.prepare("UPDATE poll_schedule SET next_check_at = '2000-01-01T00:00:00.000Z'").run().changes) >= 1);
  } finally {
    ledger.close();
  }
  const run = spawnSync(process.execPath, ['electron/cli/main.ts', 'poll', '--once'], { env: { ...env, CONSOLE_NO_SANDBOX: '1' }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 1, run.stderr);
  const summary = JSON.parse(run.stdout) as Record<string, number>;
  assert.ok((summary['failed'] ?? 0) >= 1, run.stdout);
  assert.match(run.stderr, /status checks? could not be made/);
});

test('poll --once beside a console that polls for the ledger checks nothing and says who polls; once that console is killed it runs', async () => {
  const running = spawn(process.execPath, ['test/helpers/polling-console-process.ts', JSON.stringify({ dataDir, keychainService, ledger: null, intervalMs: 60_000 })], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => running.once('exit', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: running.stdout }).on('line', (line) => {
        if ((JSON.parse(line) as { leading?: boolean }).leading === true) resolve();
      });
      running.once('exit', (code) => reject(new Error(`the console exited (${code}) before it polled`)));
    });
    const deferred = cli('poll', '--once');
    assert.equal(deferred.status, 0, deferred.stderr);
    const summary = deferred.json as { deferredTo: string | null; checked: number; due: number };
    assert.equal(typeof summary.deferredTo, 'string', 'it names who polls');
    assert.equal(summary.checked, 0);
    assert.match(deferred.stderr, /nothing checked: .* polls for every console on this ledger/);
  } finally {
    // Killed, not closed: the OS lets go of the lock with the process.
    running.kill('SIGKILL');
    await exited;
  }
  const ran = spawnSync(process.execPath, ['electron/cli/main.ts', 'poll', '--once'], { env: { ...env, CONSOLE_NO_SANDBOX: '1' }, encoding: 'utf8', timeout: 60_000 });
  assert.equal((JSON.parse(ran.stdout) as { deferredTo: string | null }).deferredTo, null, ran.stderr);
});

test('runs the sandbox standalone and prints where it listens and the credentials', async () => {
  const child = spawn(process.execPath, ['electron/cli/main.ts', 'sandbox'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  const printed = await new Promise<{ baseUrl: string; gateways: Array<{ gatewayId: string; baseUrl: string; credentials: Record<string, string> }> }>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      try {
        resolve(JSON.parse(out));
      } catch {
        // not complete yet
      }
    });
    child.once('exit', () => reject(new Error(`sandbox exited: ${out}`)));
  });
  try {
    assert.match(printed.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    const sibs = printed.gateways.find((g) => g.gatewayId === 'sibs-spg');
    assert.ok(sibs && sibs.credentials.authToken);
    const unauthenticated = await request(`${sibs.baseUrl}/payments/s2xxxxxxxxxxxxxxxxxx/status`);
    assert.equal(unauthenticated.statusCode, 401);
    await unauthenticated.body.dump();
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});

test('without a keychain it starts read-only: app:info says why, audited calls, poll --once and verify-audit exit 1', { skip: process.platform !== 'linux' && 'the keychain is taken away through D-Bus' }, () => {
  const folder = mkdtempSync(join(tmpdir(), 'console-cli-no-keychain-'));
  try {
    // No Secret Service at that address: every keychain call fails, as on a machine without one.
    const noKeychain = { ...env, CONSOLE_DATA_DIR: folder, CONSOLE_NO_SANDBOX: '1', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/console-test-bus' };
    const run = (...args: string[]) => {
      const result = spawnSync(process.execPath, ['electron/cli/main.ts', ...args], { env: noKeychain, encoding: 'utf8', timeout: 60_000 });
      return { status: result.status, json: JSON.parse(result.stdout) as { ok: boolean; value?: Record<string, unknown>; error?: { kind: string } }, stderr: result.stderr };
    };
    const info = run('call', 'app:info', '{}');
    assert.equal(info.status, 0, info.stderr);
    assert.match(String((info.json.value?.['notices'] as string[])[0]), /read-only/);

    const create = run('call', 'profiles:create', JSON.stringify({ name: 'Desk', gatewayId: 'sayswitch', environment: 'sandbox', baseUrl: 'http://127.0.0.1:9/sayswitch' }));
    assert.equal(create.status, 1);
    assert.equal(create.json.error?.kind, 'vault_unavailable');
    assert.deepEqual(run('call', 'profiles:list', '{}').json.value, []);

    const poll = run('poll', '--once');
    assert.equal(poll.status, 1);
    assert.equal(poll.json.error?.kind, 'vault_unavailable');

    const audit = run('verify-audit');
    assert.equal(audit.status, 1);
    assert.equal((audit.json.value?.['problem'] as { kind: string }).kind, 'key_unavailable');
  } finally {
    removeDir(folder);
  }
});
