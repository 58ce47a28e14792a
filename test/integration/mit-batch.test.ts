/**
 * Batches of merchant-initiated charges through the door, against the SIBS emulator over HTTP:
 * the preview's problems by line, a run that charges every good row once (the emulator's book),
 * pause and resume, cancel, a declined row and one whose answer was lost.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { batchMerchantReference } from '../../electron/core/mit-batch/batch-references.ts';
import { CARD_NUMBER_IN_TEXT_MESSAGE } from '../../shared/domain/schemas.ts';
import { eventually } from '../helpers/eventually.ts';
import { batchFile, bookCharges, HEADER, setFaults, SIBS, storedCards } from '../helpers/mit-batch-fixture.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;
let tokens: string[];
let sandbox: string;

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000 });
  sandbox = t.core.info.sandboxBaseUrl ?? '';
  tokens = await storedCards(t, 3);
});

after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

const keyOf = (batchId: string) => batchMerchantReference(batchId, 1).slice(0, -1);

async function finished(batchId: string) {
  await t.core.internals.mitBatches.settled(batchId);
  return t.value('mitbatch:get', { batchId });
}

test('the preview names every bad row by line and totals the good ones per currency; nothing is charged', async () => {
  const deleted = (await storedCards(t, 1))[0] ?? '';
  await t.value('tokens:delete', { tokenId: deleted });
  const file = [
    HEADER,
    `${tokens[0]},10.00,EUR,A-1,recurring,ok`,
    `${tokens[1]},1O.00,EUR,A-2,recurring,bad amount`,
    `tok_nowhere,5.00,EUR,A-3,unscheduled,unknown token`,
    `${deleted},5.00,EUR,A-4,recurring,deleted token`,
    `${tokens[0]},5.00,USD,A-5,recurring,wrong currency`,
    `${tokens[1]},5.00,EUR,A-6,recurring,card 4761 3400 0000 0035 here`,
    `${tokens[2]},2.50,EUR,A-1,recurring,duplicate reference`,
    `${tokens[2]},2.50,EUR,A-8,unscheduled,`,
  ].join('\n');
  const { batch, invalid } = await t.value('mitbatch:preview', { profileId: SIBS, fileName: 'mixed.csv', content: file });
  const byLine = new Map(invalid.map((row) => [row.line, row.problems.map((problem) => `${problem.field}: ${problem.message}`).join(' | ')]));
  assert.deepEqual([...byLine.keys()], [3, 4, 5, 6, 7, 8]);
  assert.match(byLine.get(3) ?? '', /^amount:/);
  assert.match(byLine.get(4) ?? '', /token_id: No stored card/);
  assert.match(byLine.get(5) ?? '', /token_id: This stored card was deleted/);
  assert.match(byLine.get(6) ?? '', /currency: The card was stored with a EUR payment/);
  assert.equal(byLine.get(7), `description: ${CARD_NUMBER_IN_TEXT_MESSAGE}`);
  assert.match(byLine.get(8) ?? '', /merchant_reference: Already on line 2/);
  assert.equal(batch.status, 'previewed');
  assert.deepEqual({ rows: batch.counts.rows, ready: batch.counts.ready, invalid: batch.counts.invalid }, { rows: 8, ready: 2, invalid: 6 });
  assert.deepEqual(batch.totals, [{ currency: 'EUR', count: 2, amount: '12.50' }]);
  // The card number is not kept anywhere on the row.
  const rows = await t.value('mitbatch:rows', { batchId: batch.id, limit: 100 });
  assert.ok(!JSON.stringify(rows).includes('0035 here'));
  assert.equal((await bookCharges(sandbox, keyOf(batch.id))).length, 0);
  const refused = await t.call('mitbatch:start', { batchId: batch.id, confirmRows: 3 });
  assert.equal(refused.ok ? 'ok' : refused.error.kind, 'conflict', 'a count other than the preview’s is refused');
});

test('a run charges every good row once, and the result file has a line per row with its outcome', async () => {
  const { batch } = await t.value('mitbatch:preview', { profileId: SIBS, fileName: 'run.csv', content: batchFile(tokens, 40, 'run') });
  const progress: number[] = [];
  const stop = t.core.door.subscribe((event, payload) => {
    if (event === 'mitbatch:progress' && (payload as { batchId: string }).batchId === batch.id) progress.push((payload as { counts: { succeeded: number } }).counts.succeeded);
  });
  await t.value('mitbatch:start', { batchId: batch.id, confirmRows: 40 });
  const done = await finished(batch.id);
  stop();
  assert.equal(done.status, 'done');
  assert.equal(done.counts.succeeded, 40);
  assert.ok(progress.length > 0 && progress.at(-1) === 40, 'progress is reported up to the last row');
  const charges = await bookCharges(sandbox, keyOf(batch.id));
  assert.equal(charges.length, 40);
  assert.equal(new Set(charges.map((charge) => charge.merchantReference)).size, 40, 'one charge per row');
  const exported = await t.value('mitbatch:export', { batchId: batch.id, timeZone: 'Europe/Lisbon' });
  const lines = readFileSync(exported.path, 'utf8').trim().split('\n');
  assert.match(lines[0] ?? '', /Europe\/Lisbon/);
  assert.equal(lines.length, 2 + 40);
  assert.ok(lines.slice(2).every((line) => line.includes(',succeeded,pay_')));
});

test('pause stops taking rows, resume finishes them; cancel says which rows ran', async () => {
  await setFaults(sandbox, []);
  const { batch } = await t.value('mitbatch:preview', { profileId: SIBS, fileName: 'pause.csv', content: batchFile(tokens, 60, 'pause') });
  await fetch(`${sandbox}/control/sibs-spg/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ faults: [], latency: [{ ms: 40 }] }) });
  await t.value('mitbatch:start', { batchId: batch.id, confirmRows: 60 });
  await eventually(async () => ((await t.value('mitbatch:get', { batchId: batch.id })).counts.succeeded >= 5 ? true : undefined), 'some rows charged');
  const paused = await t.value('mitbatch:pause', { batchId: batch.id });
  assert.equal(paused.status, 'paused');
  const afterPause = await t.value('mitbatch:get', { batchId: batch.id });
  assert.ok(afterPause.counts.ready > 0 && afterPause.counts.charging === 0);
  assert.equal((await bookCharges(sandbox, keyOf(batch.id))).length, afterPause.counts.ran, 'the book holds exactly the rows that ran');
  await t.value('mitbatch:resume', { batchId: batch.id });
  await eventually(async () => ((await t.value('mitbatch:get', { batchId: batch.id })).counts.ran >= afterPause.counts.ran + 5 ? true : undefined), 'more rows charged');
  const cancelled = await t.value('mitbatch:cancel', { batchId: batch.id });
  await setFaults(sandbox, []);
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(cancelled.counts.ready, 0);
  assert.equal(cancelled.counts.ran + cancelled.counts.skipped, 60);
  assert.ok(cancelled.counts.skipped > 0);
  const charges = await bookCharges(sandbox, keyOf(batch.id));
  assert.equal(charges.length, cancelled.counts.ran, 'every row that ran was charged once, no skipped row was');
  const audited = await t.value('audit:search', { targetId: batch.id, limit: 50 });
  const actions = new Set(audited.entries.map((entry) => `${entry.action}:${entry.outcome}`));
  for (const action of ['preview', 'start', 'pause', 'resume', 'cancel']) assert.ok(actions.has(`mitbatch.${action}:succeeded`), `mitbatch.${action} is on the audit log`);
  assert.ok(audited.entries.every((entry) => entry.operator === 'test-operator'));
  const skipped = await t.value('mitbatch:rows', { batchId: batch.id, state: 'skipped', limit: 1000 });
  const charged = new Set(charges.map((charge) => charge.merchantReference));
  assert.ok(skipped.rows.every((row) => !charged.has(row.merchantReference ?? '')));
});

test('a declined row ends declined; a row whose answer was lost (429 after acting) is resolved by lookup and never charged again', async () => {
  const { batch } = await t.value('mitbatch:preview', { profileId: SIBS, fileName: 'faults.csv', content: batchFile(tokens, 2, 'faults') });
  await setFaults(sandbox, [
    { fault: 'rewrite', phase: 'after', pathIncludes: '/mit', find: '"paymentStatus":"Success"', replace: '"paymentStatus":"Declined"', count: 1 },
    { fault: 'http-429', phase: 'after', pathIncludes: '/mit', count: 1 },
  ]);
  await t.value('mitbatch:start', { batchId: batch.id, confirmRows: 2 });
  const done = await finished(batch.id);
  await setFaults(sandbox, []);
  const rows = (await t.value('mitbatch:rows', { batchId: batch.id, limit: 10 })).rows;
  const states = rows.map((row) => row.state).sort();
  assert.equal(done.status, 'done');
  assert.ok(states.includes('declined'), `one row declined (${states.join(', ')})`);
  assert.ok(rows.every((row) => row.state !== 'charging'));
  const charges = await bookCharges(sandbox, keyOf(batch.id));
  assert.equal(charges.length, 2, 'each row reached the gateway once');
  const lost = rows.find((row) => row.state !== 'declined');
  assert.equal(lost?.state, 'succeeded', 'the lost answer was resolved by looking the charge up');
});

test('a row whose charge failed unexpectedly is charged once: again if nothing was journaled, from the journal if the gateway had acted', async () => {
  const { batch } = await t.value('mitbatch:preview', { profileId: SIBS, fileName: 'unexpected.csv', content: batchFile(tokens, 2, 'unexpected') });
  const [before, after] = [batchMerchantReference(batch.id, 1), batchMerchantReference(batch.id, 2)];
  const ledger = t.core.internals.ledger;
  const service = t.core.internals.payments;
  const { insert } = ledger.payments;
  const { chargeStored } = service;
  const thrown = new Set<string>();
  const once = (key: string) => !thrown.has(key) && thrown.add(key) !== undefined;
  // A dropped connection to the ledger, say: not one of the console's own errors.
  const unexpected = () => new Error('Connection terminated unexpectedly');
  ledger.payments.insert = async (payment) => {
    if (payment.merchantReference === before && once('before')) throw unexpected();
    return insert(payment);
  };
  service.chargeStored = async (input, context) => {
    const outcome = await chargeStored(input, context);
    if (input.merchantReference === after && once('after')) throw unexpected();
    return outcome;
  };
  try {
    await t.value('mitbatch:start', { batchId: batch.id, confirmRows: 2 });
    await finished(batch.id);
  } finally {
    ledger.payments.insert = insert;
    service.chargeStored = chargeStored;
  }
  assert.deepEqual([...thrown].sort(), ['after', 'before']);
  const rows = (await t.value('mitbatch:rows', { batchId: batch.id, limit: 10 })).rows;
  assert.deepEqual(
    rows.map((row) => [row.merchantReference, row.state, row.paymentId !== null]),
    [
      [before, 'succeeded', true],
      [after, 'succeeded', true],
    ],
  );
  const charges = await bookCharges(sandbox, keyOf(batch.id));
  assert.deepEqual(charges.map((charge) => charge.merchantReference).sort(), [before, after].sort(), 'each row reached the gateway once');
});
