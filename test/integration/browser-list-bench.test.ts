/**
 * The browser list bench at its short setting, so `npm test` proves it still runs: over a small
 * ledger, Chromium types every search shape, scrolls the list and the static page, and opens a
 * payment's page at both sizes of wire log. Its timings are not read.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

test('the browser list bench runs at its short setting through typing, scrolling and the payment page', () => {
  const bench = fileURLToPath(new URL('../bench/browser-list.bench.ts', import.meta.url));
  const run = spawnSync(process.execPath, [bench, '--setting', 'short'], { encoding: 'utf8', timeout: 170_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  for (const shape of ['reference "MOTO-202507"', '1 char "M"', 'no hit "no-such-payment"', 'OPPWA id, pasted']) {
    assert.match(run.stdout, new RegExp(`\\| ${shape.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+\\+?\\)(\\s*\\|\\s+[\\d.]+){8}`), shape);
  }
  assert.match(run.stdout, /\| payments list (\s*\|\s+[\d.]+){9} \|/, 'the list scrolled');
  assert.match(run.stdout, /\| static page (\s*\|\s+[\d.]+){9} \|/, 'the static page scrolled');
  for (const opened of ['10 wire entries', '200 wire entries', 'first after load']) assert.match(run.stdout, new RegExp(`\\| ${opened} (\\s*\\|\\s+[\\d.]+){4} \\|`), `the payment page, ${opened}`);
});
