/**
 * The gateway call cost bench at its short setting, so it keeps running as the core changes: it
 * exits 0 and prints its tables with figures. Its figures are not judged here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

test('the gateway call cost bench runs at its short setting', () => {
  const bench = fileURLToPath(new URL('../bench/gateway-call-cost.bench.ts', import.meta.url));
  const run = spawnSync(process.execPath, [bench, '--setting', 'short'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /\| status sync \(payments:sync, .*\| +\d+\.\d+ \|/);
  assert.match(run.stdout, /\| MIT charge \(payments:chargeStored\) .*\| +\d+\.\d+ \|/);
  assert.match(run.stdout, /\| keychain reads +\| +\d+\.\d\d \|/);
  assert.match(run.stdout, /\| adapter builds +\| +\d+\.\d\d \|/);
});
