/**
 * A running console takes over a batch whose console stopped while it was running, without being
 * restarted itself: an Electron core restarted after a crash comes back before the stopped run's
 * lease has ended, so the take-over at start alone would leave the batch running with no runner.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { batchFile, bookCharges, SIBS, storedCards } from '../helpers/mit-batch-fixture.ts';
import { eventually } from '../helpers/eventually.ts';
import { batchMerchantReference } from '../../electron/core/mit-batch/batch-references.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

const LEASE_MS = 400;
let t: TestCore;

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000, mitBatchLeaseMs: LEASE_MS, mitBatchWatch: true });
});

after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

test('a batch left running by a console that stopped is taken over and finished, each row charged once', async () => {
  const tokens = await storedCards(t, 2);
  const { batch } = await t.value('mitbatch:preview', { profileId: SIBS, fileName: 'watched.csv', content: batchFile(tokens, 6, 'watched') });
  // What a console that started the batch and then died leaves: the batch running under its lease, no runner anywhere.
  const now = new Date();
  assert.ok(await t.core.internals.ledger.mitBatches.claim(batch.id, 'a-console-that-stopped', ['previewed'], now, new Date(now.getTime() + LEASE_MS)));
  await eventually(async () => ((await t.value('mitbatch:get', { batchId: batch.id })).status === 'done' ? true : undefined), 'the batch to be taken over and done', 20_000);
  const charges = await bookCharges(t.core.info.sandboxBaseUrl ?? '', batchMerchantReference(batch.id, 1).slice(0, -1));
  assert.equal(charges.length, 6);
  assert.equal(new Set(charges.map((charge) => charge.merchantReference)).size, 6);
});
