import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchSummary, readFigures, type BenchRun } from '../../bench/bench-summary.ts';

/** The summary's line holding `text`, its padding folded to single spaces. */
const row = (summary: string, text: string): string =>
  summary
    .split('\n')
    .map((line) => line.replace(/ +/g, ' '))
    .find((line) => line.includes(text)) ?? '';

const run = (figures: BenchRun['figures'], commit = 'abc1234'): BenchRun => ({
  commit,
  at: '2026-12-06T22:00:00.000Z',
  machine: { cpus: 2, cpuModel: 'test cpu', node: 'v24.0.0' },
  benches: ['a.bench.ts'],
  figures,
});

test('a figure within its target is met; one beyond it says by how much, in its unit', () => {
  const summary = benchSummary(
    run([
      { group: 'search', read: 'no filter, p95', unit: 'ms', value: 4.2, baseline: { label: 'no index', value: 310 }, target: 25 },
      { group: 'recon', read: 'whole import', unit: 's', value: 6.5, target: 5 },
      { group: 'mit', read: 'charges', unit: '/s', value: 180, target: 166, higherIsBetter: true },
      { group: 'mit', read: 'charges, one worker', unit: '/s', value: 90, target: 166, higherIsBetter: true },
    ]),
    null,
  );
  assert.match(row(summary, 'no filter'), /4\.200 ms \| 310\.0 ms \(no index\) \| ≤ 25\.0 ms \| met/);
  assert.match(row(summary, 'whole import'), /MISSED by 1\.50 s/);
  assert.match(row(summary, 'charges |'), /≥ 166 \/s \| met/);
  assert.match(row(summary, 'one worker'), /MISSED by 76\.00 \/s/);
  assert.match(summary, /2 of 4 targets met/);
});

test('an earlier run adds its figure for the same group and read, and nothing for a new one', () => {
  const earlier = run([{ group: 'search', read: 'no filter, p95', unit: 'ms', value: 9 }], 'old0001');
  const summary = benchSummary(run([{ group: 'search', read: 'no filter, p95', unit: 'ms', value: 4 }, { group: 'search', read: 'new shape, p95', unit: 'ms', value: 3 }]), earlier);
  assert.match(row(summary, 'group'), /\| old0001 \|$/);
  assert.match(row(summary, 'no filter'), /\| 9\.000 ms \|$/);
  assert.match(row(summary, 'new shape'), /\| \|$/);
});

test('a figures file cut short by a crashed bench keeps its whole lines', () => {
  const text = `${JSON.stringify({ group: 'g', read: 'r', unit: 'ms', value: 1 })}\n{"group":"g","re`;
  assert.deepEqual(readFigures(text), [{ group: 'g', read: 'r', unit: 'ms', value: 1 }]);
});
