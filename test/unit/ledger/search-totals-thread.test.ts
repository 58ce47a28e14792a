/**
 * The list's totals on SQLite are counted on a thread and read connection of their own: they
 * answer while a unit of work holds the core's connection (and count what is committed only),
 * and a count given up for a newer one is dropped, waiting or running, without stopping the next.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import { openSqliteLedgerPort } from '../../../electron/core/ledger/sqlite-port.ts';
import { SearchTotalsThread, TotalsSupersededError } from '../../../electron/core/ledger/search-totals-thread.ts';
import { LatestCalls } from '../../../electron/core/latest-call.ts';
import { newPayment, tempLedgerPath } from './ledger-fixtures.ts';

test('a count answers while a unit of work holds the core connection, and counts what is committed', async () => {
  const ledger = openSqliteLedgerPort(tempLedgerPath());
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let unit: Promise<void> = Promise.resolve();
  try {
    for (let i = 0; i < 3; i += 1) await ledger.payments.insert(newPayment({ amountMinor: 100n }));
    unit = ledger.withTransaction(async (tx) => {
      await tx.payments.insert(newPayment({ amountMinor: 100n }));
      await held;
    });
    const counted = await Promise.race([ledger.views.searchTotals({}), delay(5_000).then(() => 'waited for the unit of work' as const)]);
    assert.notEqual(counted, 'waited for the unit of work');
    assert.deepEqual(counted, { count: 3, currencies: [{ currency: 'EUR', count: 3, amountMinor: 300n }] });
    release();
    await unit;
    assert.equal((await ledger.views.searchTotals({})).count, 4);
  } finally {
    release();
    await unit;
    await ledger.close();
  }
});

test('a count given up before it starts or while it runs is answered as superseded, and the next one counts', async () => {
  const path = tempLedgerPath();
  const ledger = openSqliteLedgerPort(path);
  const thread = new SearchTotalsThread(path);
  try {
    for (let i = 0; i < 2; i += 1) await ledger.payments.insert(newPayment({ amountMinor: 100n }));
    const running = new AbortController();
    const waiting = new AbortController();
    const first = thread.count({}, running.signal);
    const second = thread.count({ statuses: ['captured'] }, waiting.signal);
    const third = thread.count({ text: 'no such payment' });
    waiting.abort();
    running.abort();
    await assert.rejects(first, TotalsSupersededError);
    await assert.rejects(second, TotalsSupersededError);
    assert.deepEqual(await third, { count: 0, currencies: [] });
    assert.equal((await thread.count({})).count, 2);
  } finally {
    await thread.close();
    await ledger.close();
  }
});

test("a caller's newer call aborts its previous one still running, and no other caller's", () => {
  const calls = new LatestCalls();
  const first = calls.start('browser:ana');
  const other = calls.start('electron:ana');
  const second = calls.start('browser:ana');
  assert.equal(first.signal.aborted, true);
  assert.equal(other.signal.aborted, false);
  assert.equal(second.signal.aborted, false);
  second.done();
  const third = calls.start('browser:ana');
  assert.equal(second.signal.aborted, false, 'a call that has its answer is not aborted by the next');
  third.done();
});

test('a count with free text, asked right after a payment is written, counts it: its text is indexed before the thread reads the index', async () => {
  const ledger = openSqliteLedgerPort(tempLedgerPath());
  try {
    await ledger.payments.insert(newPayment({ merchantReference: 'ORDER-ALREADY-1', amountMinor: 100n }));
    assert.equal((await ledger.views.searchTotals({ text: 'order-already' })).count, 1);
    await ledger.payments.insert(newPayment({ merchantReference: 'ORDER-ALREADY-2', amountMinor: 250n }));
    assert.deepEqual(await ledger.views.searchTotals({ text: 'order-already' }), { count: 2, currencies: [{ currency: 'EUR', count: 2, amountMinor: 350n }] });
  } finally {
    await ledger.close();
  }
});
