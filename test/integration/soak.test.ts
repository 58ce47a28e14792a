/**
 * The soak suites (test/soak/suites/) at their short setting, one test each: real processes, real
 * SQLite, real HTTP against the sandbox in its own process. Each passes only when every count that
 * must be 0 is 0; `npm run soak` runs the same suites at the full setting.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { discoverSuites, runSuite, type SuiteOutcome } from '../soak/run-soak.ts';
import { summaryLine, table } from '../soak/suite.ts';

const seed = randomInt(2 ** 31);
const outcomes: SuiteOutcome[] = [];

// A suite with a test file of its own (test/soak/<name>.test.ts, with more assertions) runs there, not twice.
const ownTest = (name: string) => existsSync(new URL(`../soak/${name}.test.ts`, import.meta.url));

for (const suite of (await discoverSuites()).filter((candidate) => !ownTest(candidate.name))) {
  test(`soak (short): ${suite.name}`, { skip: suite.unavailable ?? false }, async (t) => {
    const outcome = await runSuite(suite, 'short', { seed, log: (line) => t.diagnostic(line) });
    outcomes.push(outcome);
    t.diagnostic(`\n${table([outcome])}\n${summaryLine(outcomes)} (seed ${seed})`);
    assert.deepEqual(outcome.failures, [], `counts that must be 0: ${JSON.stringify(outcome.counts)}`);
  });
}
