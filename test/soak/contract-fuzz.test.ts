/**
 * The contract fuzz at its short setting (the soak runs it longer): every channel through the
 * door of a real core on the sandbox with malformed input; no crash, no untyped error, no ledger
 * change after a refusal, no prototype pollution, and no input the core must refuse accepted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANNEL_NAMES } from '../../shared/ipc/contract.ts';
import { MUST_BE_ZERO, run } from './suites/contract-fuzz.ts';

test('contract fuzz: every channel answers malformed input with a typed error and changes nothing', async (t) => {
  const result = await run('short');
  t.diagnostic(`seed ${result.seed} (SOAK_SEED=${result.seed} replays it): ${JSON.stringify(result.counts)}`);
  for (const example of result.examples.slice(0, 60)) t.diagnostic(example);
  assert.ok((result.counts['ops'] ?? 0) >= 1_000, `sent ${result.counts['ops']} inputs`);
  const unreached = CHANNEL_NAMES.filter((channel) => (result.table[channel]?.['ops'] ?? 0) < 5);
  assert.deepEqual(unreached, [], 'every channel gets inputs');
  assert.ok((result.counts['accepted'] ?? 0) > 0 && (result.counts['refused'] ?? 0) > 0, 'reading channels answer and malformed inputs are refused');
  for (const name of MUST_BE_ZERO) assert.equal(result.counts[name], 0, `${name}: ${result.counts[name]} (see the diagnostics for examples)`);
});
