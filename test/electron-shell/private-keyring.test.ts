/**
 * build/scripts/with-keychain.sh with CONSOLE_PRIVATE_KEYRING=1, as npm test, the soak and the
 * bench run it: two sessions at once keep their own secrets under the same names, the caller's own
 * keyring files are left as they were, the command keeps the caller's HOME, and the private folder
 * is gone when the session ends.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WRAPPER = path.join(repoRoot, 'build', 'scripts', 'with-keychain.sh');

/** Writes its secret, waits until the other session has written its own, then reads back and reports. */
const SESSION_SCRIPT = `
const { existsSync, writeFileSync } = require('node:fs');
const keytar = require(${JSON.stringify(path.join(repoRoot, 'node_modules', 'keytar'))});
const [value, mine, theirs] = process.argv.slice(1);
(async () => {
  await keytar.setPassword('payments-console-test-private-keyring', 'same-name', value);
  writeFileSync(mine, '');
  const until = Date.now() + 30000;
  while (!existsSync(theirs) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  const read = await keytar.getPassword('payments-console-test-private-keyring', 'same-name');
  process.stdout.write(JSON.stringify({ read, home: process.env.HOME, keyringHome: process.env.CONSOLE_KEYRING_HOME }));
})();
`;

function session(home: string, value: string, mine: string, theirs: string): Promise<{ code: number | null; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, CONSOLE_PRIVATE_KEYRING: '1' };
  delete env['XDG_DATA_HOME'];
  const child = spawn('bash', [WRAPPER, process.execPath, '-e', SESSION_SCRIPT, value, mine, theirs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

test('two private keyrings at once keep their own secrets, and the caller’s keyring files stay untouched', { skip: process.platform !== 'linux' && 'GNOME Keyring sessions are for Linux' }, async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'console-private-keyring-'));
  try {
    const home = path.join(folder, 'home');
    const keyrings = path.join(home, '.local', 'share', 'keyrings');
    mkdirSync(keyrings, { recursive: true });
    writeFileSync(path.join(keyrings, 'login.keyring'), 'the user’s own login keyring');
    const [first, second] = await Promise.all([
      session(home, 'secret of the first run', path.join(folder, 'first-wrote'), path.join(folder, 'second-wrote')),
      session(home, 'secret of the second run', path.join(folder, 'second-wrote'), path.join(folder, 'first-wrote')),
    ]);
    assert.equal(first.code, 0, first.err);
    assert.equal(second.code, 0, second.err);
    const firstSaw = JSON.parse(first.out) as { read: string; home: string; keyringHome: string };
    const secondSaw = JSON.parse(second.out) as { read: string; home: string; keyringHome: string };
    assert.equal(firstSaw.read, 'secret of the first run');
    assert.equal(secondSaw.read, 'secret of the second run');
    assert.equal(firstSaw.home, home, 'the command keeps the caller’s HOME');
    assert.notEqual(firstSaw.keyringHome, secondSaw.keyringHome);
    for (const seen of [firstSaw, secondSaw]) assert.equal(existsSync(seen.keyringHome), false, 'the private folder is removed when the session ends');
    assert.deepEqual(readdirSync(keyrings), ['login.keyring']);
    assert.equal(readFileSync(path.join(keyrings, 'login.keyring'), 'utf8'), 'the user’s own login keyring');
    assert.equal(existsSync(path.join(home, '.cache')) || existsSync(path.join(home, '.config')), false, 'nothing was written in the caller’s home');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
