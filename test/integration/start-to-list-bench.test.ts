/**
 * The start bench at its short setting, so `npm test` proves it still runs: browser mode starts
 * from its bundle and from its sources, and Chromium shows the payments list for each. Its
 * timings are not read.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

test('the start bench runs at its short setting and reaches the list from both ways of starting', () => {
  const bench = fileURLToPath(new URL('../bench/start-to-list.bench.ts', import.meta.url));
  const run = spawnSync(process.execPath, [bench, '--setting', 'short'], { encoding: 'utf8', timeout: 170_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  for (const start of ['bundle, first start', 'bundle, warm start', 'sources, first start', 'sources, warm start']) {
    assert.match(run.stdout, new RegExp(`\\| ${start}[^|]*\\|(\\s+\\d+ \\|){4}`), start);
  }
});
