/**
 * The `payments-console` command as an installed package runs it: the files `npm pack` puts in the
 * package, laid out under node_modules as npm installs them (where Node strips no TypeScript
 * types), its bundles built as `prepack` builds them, its one native dependency (keytar) beside it,
 * and the bin linked into node_modules/.bin. Run through that link, with the Node on PATH choosing
 * as a shell would: Node 24 runs every command, an older Node is told what it needs.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildElectron } from '../../build/scripts/build-electron.ts';
import { removeCliWorkspace } from '../helpers/cli-workspace.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OLD_NODE = '/usr/bin/node';

describe('the installed payments-console command', () => {
  let folder: string;
  let bin: string;
  let dataDir: string;
  const keychainService = `payments-console-test-installed-${process.pid}`;

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'console-installed-'));
    const modules = path.join(folder, 'node_modules');
    const packageDir = path.join(modules, 'payments-console');
    mkdirSync(packageDir, { recursive: true });
    // The package's files as npm pack selects them (prepack is run below, into the package itself).
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', folder], { cwd: repoRoot, encoding: 'utf8' })) as Array<{ filename: string }>;
    execFileSync('tar', ['-xzf', path.join(folder, packed[0]?.filename ?? ''), '-C', packageDir, '--strip-components=1']);
    await buildElectron({ outDir: path.join(packageDir, 'dist-electron'), quiet: true });
    symlinkSync(path.join(repoRoot, 'node_modules', 'keytar'), path.join(modules, 'keytar'));
    mkdirSync(path.join(modules, '.bin'));
    bin = path.join(modules, '.bin', 'payments-console');
    symlinkSync('../payments-console/electron/cli/bin.mjs', bin);
    dataDir = path.join(folder, 'data');
  });

  after(async () => {
    await removeCliWorkspace(dataDir, keychainService).catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  });

  const run = (nodeDir: string, ...args: string[]) => {
    const env = { ...process.env, PATH: `${nodeDir}${path.delimiter}/usr/bin${path.delimiter}/bin`, CONSOLE_DATA_DIR: dataDir, CONSOLE_KEYCHAIN_SERVICE: keychainService };
    const result = spawnSync(bin, args, { cwd: folder, env, encoding: 'utf8', timeout: 90_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const node24 = path.dirname(process.execPath);

  it('ships the CLI, its bundle and none of the tests', () => {
    const listed = readdirSync(path.join(folder, 'node_modules', 'payments-console'));
    assert.ok(listed.includes('electron') && listed.includes('shared') && listed.includes('package.json'), listed.join(', '));
    assert.ok(!listed.includes('test') && !listed.includes('renderer'), listed.join(', '));
  });

  it('lists the channels, answers app:info with the package version, and runs a poller pass', () => {
    const channels = run(node24, 'channels');
    assert.equal(channels.status, 0, channels.stderr);
    assert.ok((JSON.parse(channels.stdout) as Array<{ channel: string }>).some((entry) => entry.channel === 'app:info'));

    const info = run(node24, 'call', 'app:info');
    assert.equal(info.status, 0, info.stderr);
    const envelope = JSON.parse(info.stdout) as { ok: boolean; value: { version: string } };
    assert.equal(envelope.ok, true);
    assert.equal(envelope.value.version, (JSON.parse(execFileSync('npm', ['pkg', 'get', 'version'], { cwd: repoRoot, encoding: 'utf8' })) as string));

    const poll = run(node24, 'poll', '--once');
    assert.equal(poll.status, 0, poll.stderr);
    assert.equal(typeof (JSON.parse(poll.stdout) as { due: unknown }).due, 'number');
  });

  it('has the receiver service command: usage without a configuration, a typed error for a file it cannot read', () => {
    const usage = run(node24, 'receiver');
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: payments-console receiver --config FILE/);
    const missing = run(node24, 'receiver', '--config', path.join(folder, 'no-such-receiver.json'));
    assert.equal(missing.status, 1, missing.stderr);
    const envelope = JSON.parse(missing.stdout) as { ok: boolean; error: { kind: string; message: string } };
    assert.deepEqual({ ok: envelope.ok, kind: envelope.error.kind }, { ok: false, kind: 'validation' });
    assert.match(envelope.error.message, /cannot be read/);
  });

  it('exits 1 with a message, not silently, under a Node too old to run it', (t) => {
    const version = spawnSync(OLD_NODE, ['--version'], { encoding: 'utf8' });
    if (version.status !== 0 || Number(version.stdout.slice(1).split('.')[0]) >= 24) {
      t.skip(`no Node older than 24 at ${OLD_NODE}`);
      return;
    }
    const old = run(path.dirname(OLD_NODE), 'channels');
    assert.equal(old.status, 1);
    assert.match(old.stderr, /needs Node 24 or later/);
    assert.equal(old.stdout, '');
  });
});
