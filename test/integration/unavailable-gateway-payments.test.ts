/**
 * Payments recorded under a gateway this version lacks (the ledger of a newer version, or a gateway
 * removed since) stay visible: the list and the detail show them with every action refused, and the
 * poller leaves them scheduled instead of failing its pass for every other payment.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, test } from 'node:test';
import { LEDGER_FILE } from '../../electron/core/create-core.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

const SIBS_PROFILE = 'sandbox-sibs-spg';
const ELSEWHERE = 'paypal-plus';

let t: TestCore;
before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000 });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

test('a waiting payment of a gateway this version lacks is listed, shown without actions, and left to the poller', async () => {
  const waiting = await t.value('payments:requestMbway', { profileId: SIBS_PROFILE, money: { amount: '15.90', currency: 'EUR' }, phone: '912345678' });
  const other = await t.value('payments:requestMbway', { profileId: SIBS_PROFILE, money: { amount: '4.00', currency: 'EUR' }, phone: '912345678' });
  const db = new DatabaseSync(join(t.dataDir, LEDGER_FILE));
  try {
    db.prepare('UPDATE payments SET gateway_id = ? WHERE id = ?').run(ELSEWHERE, waiting.paymentId);
    db.prepare('UPDATE poll_schedule SET gateway_id = ? WHERE subject_id = ?').run(ELSEWHERE, waiting.paymentId);
    // Both are due now, so the pass reaches the one it cannot check as well as the one it can.
    db.prepare("UPDATE poll_schedule SET next_check_at = '2000-01-01T00:00:00.000Z'").run();
  } finally {
    db.close();
  }

  const listed = await t.value('payments:search', {});
  assert.ok(listed.rows.some((row) => row.id === waiting.paymentId), 'the list still shows it');
  const detail = await t.value('payments:get', { paymentId: waiting.paymentId });
  assert.deepEqual(
    Object.entries(detail.actions).filter(([, allowed]) => allowed).map(([action]) => action).filter((action) => action !== 'sync'),
    [],
    'nothing can be done through a gateway the console has no adapter for',
  );

  await t.core.internals.poller.pass();
  const queue = await t.value('poller:queue', {});
  const entryOf = (paymentId: string) => queue.entries.find((entry) => entry.subjectId === paymentId);
  assert.equal(entryOf(waiting.paymentId)?.attempts, 0, 'it keeps its place in the queue, unchecked');
  assert.equal(entryOf(other.paymentId)?.attempts, 1, 'and the pass still checked the others');
  assert.equal((await t.value('payments:get', { paymentId: other.paymentId })).payment.status, 'pending');
});
