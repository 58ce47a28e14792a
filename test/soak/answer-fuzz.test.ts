/**
 * The answer fuzz at its short setting (the soak runs it longer): no broken, contradictory or
 * foreign gateway answer becomes a success or binds another transaction's id, on any of the four
 * adapters, and genuine answers still succeed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MUST_BE_ZERO, run } from './suites/answer-fuzz.ts';

test('answer fuzz: every adapter keeps non-genuine answers from becoming successes, and genuine ones succeed', async (t) => {
  const result = await run('short');
  t.diagnostic(`seed ${result.seed} (SOAK_SEED=${result.seed} replays it): ${JSON.stringify(result.counts)}`);
  for (const example of result.examples.slice(0, 60)) t.diagnostic(example);
  assert.ok((result.counts['ops'] ?? 0) >= 1_000, `ran ${result.counts['ops']} cases`);
  for (const gateway of ['sibs-spg', 'aci-oppwa', 'be2bill', 'sayswitch']) {
    const genuine = result.table[gateway]?.['genuine']?.['cases'] ?? 0;
    assert.ok(genuine >= 50, `${gateway}: only ${genuine} genuine cases, too few to show that genuine answers succeed`);
  }
  for (const name of MUST_BE_ZERO) assert.equal(result.counts[name], 0, `${name}: ${result.counts[name]} (see the diagnostics for examples)`);
});
