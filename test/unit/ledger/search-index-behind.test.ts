/**
 * The SQLite ledger's free-text indexes are written behind the journal (search-index-behind.ts):
 * a unit of work leaves its text out of them, the port indexes it within about a second without
 * any search asking, and many rows go into one transaction.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { openSqliteLedgerPort } from '../../../electron/core/ledger/sqlite-port.ts';
import { eventually } from '../../helpers/eventually.ts';
import { newPayment, tempLedgerPath } from './ledger-fixtures.ts';

test('a payment and its audit entry are left out of the text indexes by their unit, and indexed behind it without a search', async () => {
  const path = tempLedgerPath();
  const ledger = openSqliteLedgerPort(path);
  const reader = new DatabaseSync(path, { readOnly: true });
  const mark = (name: string) => Number(reader.prepare('SELECT indexed_to FROM search_index_state WHERE name = ?').get(name)?.['indexed_to']);
  const indexedPayments = () => Number(reader.prepare("SELECT count(*) AS n FROM payment_search WHERE payment_search MATCH '\"order-behind\"'").get()?.['n']);
  try {
    const before = { payments: mark('payments'), audit: mark('audit') };
    const payments = await ledger.withTransaction(async (tx) => {
      const inserted = [];
      for (let n = 0; n < 20; n += 1) inserted.push(await tx.payments.insert(newPayment({ merchantReference: `order-behind-${n}` })));
      await tx.audit.append({ at: new Date(), operator: 'ana', origin: 'cli@desk', action: 'payment.note', targetType: 'payment', targetId: inserted[0]!.id, outcome: 'succeeded', details: { note: 'indexed behind' } });
      return inserted;
    });
    assert.equal(indexedPayments(), 0, 'the unit wrote no text to the index');
    assert.deepEqual({ payments: mark('payments'), audit: mark('audit') }, before);
    await eventually(() => (indexedPayments() === 20 ? true : undefined), 'the payments indexed behind the unit', 5_000);
    await eventually(() => (mark('audit') > before.audit ? true : undefined), 'the audit entry indexed behind the unit', 5_000);
    assert.equal(mark('payments'), Number(reader.prepare('SELECT max(seq) AS seq FROM payments').get()?.['seq']));
    const found = await ledger.views.searchPayments({ text: 'order-behind-1' }, 50, null);
    assert.deepEqual(found.rows.map((row) => row.id).sort(), payments.filter((p) => /-1\d?$/.test(p.merchantReference)).map((p) => p.id).sort());
  } finally {
    reader.close();
    await ledger.close();
  }
});
