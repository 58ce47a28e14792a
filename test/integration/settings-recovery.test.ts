/**
 * A console started on a damaged settings file (here the CLI, which shares the Node backend with
 * browser mode) starts with defaults, keeps the file as a backup, and says so.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from '../helpers/test-core.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'console-settings-recovery-'));
after(() => removeDir(dataDir));

test('starts on a damaged settings file with defaults, a backup and a notice', () => {
  const damaged = '{"settings": {"profiles": [';
  writeFileSync(join(dataDir, 'settings.json'), damaged);
  const result = spawnSync(process.execPath, ['electron/cli/main.ts', 'call', 'app:info', '{}'], {
    env: { ...process.env, CONSOLE_DATA_DIR: dataDir, CONSOLE_NO_SANDBOX: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const envelope = JSON.parse(result.stdout) as { ok: boolean; value: { notices: string[] } };
  const backups = readdirSync(dataDir).filter((name) => name.startsWith('settings.json.bak-'));
  assert.equal(backups.length, 1);
  assert.equal(readFileSync(join(dataDir, backups[0]!), 'utf8'), damaged);
  assert.equal(envelope.value.notices.length, 1);
  assert.ok(envelope.value.notices[0]?.includes(backups[0]!), envelope.value.notices[0]);
  assert.match(result.stderr, /settings file could not be read/);
});
