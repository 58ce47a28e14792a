/** `payments-console mit-batch` as a script runs it: a child process, its lines, the result file, its exit code. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { removeCliWorkspace } from '../helpers/cli-workspace.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'console-cli-mit-'));
const keychainService = `payments-console-test-cli-mit-${process.pid}`;
const env = { ...process.env, CONSOLE_DATA_DIR: dataDir, CONSOLE_KEYCHAIN_SERVICE: keychainService };
const SIBS = sandboxProfileId('sibs-spg');

function cli(args: string[], input = '') {
  return spawnSync(process.execPath, ['electron/cli/main.ts', ...args], { env, encoding: 'utf8', timeout: 120_000, input });
}

after(async () => {
  await removeCliWorkspace(dataDir, keychainService);
});

test('previews, asks, charges with --yes, writes the result file and exits 1 when a row could not be charged', () => {
  const card = { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' };
  const sale = cli(['call', 'payments:createMoto', JSON.stringify({ profileId: SIBS, kind: 'sale', storeCard: true, money: { amount: '1.00', currency: 'EUR' }, card })]);
  assert.equal(sale.status, 0, sale.stdout);
  const tokens = JSON.parse(cli(['call', 'tokens:list', JSON.stringify({ profileId: SIBS })]).stdout) as { value: Array<{ id: string }> };
  const token = tokens.value[0]?.id ?? '';
  const file = join(dataDir, 'charges.csv');
  writeFileSync(file, `token_id,amount,currency,merchant_reference,recurrence\n${token},2.00,EUR,C-1,recurring\n${token},3.00,EUR,C-2,unscheduled\n${token},-1,EUR,C-3,recurring\n`);

  const declined = cli(['mit-batch', file, '--profile', SIBS], 'no\n');
  assert.equal(declined.status, 1);
  assert.match(declined.stdout, /line 4: amount:/);
  assert.match(declined.stdout, /3 rows, 2 to charge, 1 refused/);
  assert.match(declined.stdout, /EUR 5\.00 in 2 charges/);
  assert.match(declined.stdout, /nothing was charged/);

  const run = cli(['mit-batch', file, '--profile', SIBS, '--yes']);
  assert.equal(run.status, 1, 'the refused row makes the run exit 1');
  assert.match(run.stdout, /rows\/s/);
  const path = /result file: (.+)/.exec(run.stdout)?.[1] ?? '';
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  assert.equal(lines.length, 2 + 3, 'one line per row of the file');
  assert.match(lines[4] ?? '', /,invalid,/);
  assert.doesNotMatch(run.stdout, /charging/);
});

test('a usage error exits 2', () => {
  assert.equal(cli(['mit-batch', '--profile']).status, 2);
});
