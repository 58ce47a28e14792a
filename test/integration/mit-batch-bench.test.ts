/**
 * The MIT batch bench at its short setting (200 rows, with the sandbox in the console's process and
 * in its own), so `npm test` proves it still runs and that its check holds: every charge's intent was in the ledger, committed, when its request reached
 * the gateway (the bench exits 1 otherwise). Its timings are not read.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

test('the MIT batch bench runs at its short setting and finds every intent durable before its call', () => {
  const run = spawnSync(process.execPath, ['test/bench/mit-batch.bench.ts', '--rows', '200'], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  for (const placement of ['in the console process', 'in its own process']) {
    assert.ok(run.stdout.includes(`emulator ${placement}: intent durable before the call: 220 of 220`), run.stdout);
    assert.ok(run.stdout.includes(`emulator ${placement}: outcomes: 200 succeeded`), run.stdout);
  }
});
