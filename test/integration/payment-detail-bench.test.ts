/**
 * The payment page bench at its short setting, so it keeps running as the core changes: it exits 0
 * and prints its table; the page's answer stays the same size however long the wire log grows.
 * Its timings are not judged here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

test('the payment page bench runs at its short setting, and the page does not carry the wire log', () => {
  const bench = fileURLToPath(new URL('../bench/payment-detail.bench.ts', import.meta.url));
  const run = spawnSync(process.execPath, [bench, '--setting', 'short'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /\| payment page, 10 wire entries +\| +\d/);
  assert.match(run.stdout, /\| first wire page \(20\) of 200 +\| +\d/);
  const sizes = /answer size at 200 entries: ([\d,]+) bytes with the whole log, ([\d,]+) bytes paged/.exec(run.stdout);
  assert.ok(sizes, run.stdout);
  assert.ok(Number(sizes[2]?.replaceAll(',', '')) < 2_000, `the page is small: ${sizes[2]} bytes`);
});
