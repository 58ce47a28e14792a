/**
 * The soak suites (test/soak/suites/) at their short setting, one test each: real processes, real
 * SQLite, real HTTP against the sandbox in its own process. Each passes only when every count that
 * must be 0 is 0; `npm run soak` runs the same suites at the full setting.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { test } from 'node:test';
import { discoverSuites, runSuite } from '../soak/run-soak.ts';
import { failuresOf, summaryLine, table, type SoakSetting, type SuiteResult } from '../soak/suite.ts';

const seed = randomInt(2 ** 31);
const results: Array<SuiteResult & { seconds: number }> = [];

for (const suite of await discoverSuites()) {
  test(`soak (short): ${suite.name}`, async (t) => {
    const setting: SoakSetting = { level: 'short', seed, log: (line) => t.diagnostic(line) };
    const result = await runSuite(suite, setting);
    results.push(result);
    t.diagnostic(`\n${table([result])}\n${summaryLine(results)} (seed ${seed})`);
    assert.deepEqual(failuresOf(result), [], `counts that must be 0: ${JSON.stringify(result.counts)}`);
  });
}
