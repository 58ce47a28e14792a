/**
 * A gateway answer the ledger cannot write down (here: the stored card's row is refused by the
 * database as the sale's answer is recorded) never turns a charge the gateway made into a failed
 * one. The operation is left unknown and looked up by its merchant reference, which finds the sale.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { LEDGER_FILE } from '../../electron/core/create-core.ts';
import { SIBS } from '../helpers/mit-batch-fixture.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000 });
});

after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

test('a sale whose stored card cannot be saved stays the sale the gateway made, charged once', async () => {
  const database = new DatabaseSync(join(t.dataDir, LEDGER_FILE));
  try {
    database.exec("CREATE TRIGGER refuse_cards BEFORE INSERT ON tokens BEGIN SELECT RAISE(ABORT, 'the disk refused the write'); END");
  } finally {
    database.close();
  }
  const card = { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' };
  const sale = await t.value('payments:createMoto', { profileId: SIBS, kind: 'sale', storeCard: true, money: { amount: '12.34', currency: 'EUR' }, card });
  const detail = await t.value('payments:get', { paymentId: sale.paymentId });
  assert.equal(detail.payment.status, 'captured', `the payment reads ${detail.payment.status}`);
  assert.equal(detail.operations.length, 1);
  assert.equal(detail.operations[0]?.state, 'succeeded');

  const book = (await (await fetch(`${t.core.info.sandboxBaseUrl ?? ''}/control/sibs-spg/book`)).json()) as { payments: Array<{ merchantReference: string }> };
  assert.equal(book.payments.filter((payment) => payment.merchantReference === detail.payment.merchantReference).length, 1, 'charged once');
});
