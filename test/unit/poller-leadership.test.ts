/**
 * The contest for the poller lock (poller/poller-leadership.ts) on real SQLite ledgers: one of two
 * consoles leads; when its ledger closes it stops at once and the other takes over; a leader whose
 * last confirmation is too old does not poll until it asks again; stopping lets the lock go.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteLedgerPort } from '../../electron/core/ledger/sqlite-port.ts';
import { createPollerLeadership } from '../../electron/core/poller/poller-leadership.ts';
import { eventually } from '../helpers/eventually.ts';
import { tempLedgerPath } from './ledger/ledger-fixtures.ts';

const quiet = { info() {}, warn() {}, error() {} };

test('one of two consoles leads; when its ledger closes it stops at once and the other takes over', async () => {
  const path = tempLedgerPath();
  const firstLedger = openSqliteLedgerPort(path);
  const secondLedger = openSqliteLedgerPort(path);
  const changes: string[] = [];
  const first = createPollerLeadership({ lock: firstLedger.pollerLock, name: 'first', logger: quiet, retryMs: 50, onChange: (leading) => changes.push(`first ${leading}`) });
  const second = createPollerLeadership({ lock: secondLedger.pollerLock, name: 'second', logger: quiet, retryMs: 50, onChange: (leading) => changes.push(`second ${leading}`) });
  try {
    first.start();
    await eventually(() => (first.leading() ? true : undefined), 'the first console to lead');
    second.start();
    // Some of its tries go by (however many): none takes the lock from the first.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(second.leading(), false);
    assert.deepEqual(changes, ['first true']);

    await firstLedger.close();
    assert.equal(first.leading(), false, 'at once, not at its next try');
    await eventually(() => (second.leading() ? true : undefined), 'the second console to take over');
    assert.deepEqual(changes, ['first true', 'first false', 'second true']);
  } finally {
    await first.stop();
    await second.stop();
    await secondLedger.close();
  }
});

test('a leader polls only while its last confirmation is recent, and asks again before a pass', async () => {
  const ledger = openSqliteLedgerPort(tempLedgerPath());
  let clock = 0;
  const leadership = createPollerLeadership({ lock: ledger.pollerLock, name: 'alone', logger: quiet, retryMs: 60_000, now: () => clock });
  try {
    leadership.start();
    await eventually(() => (leadership.leading() ? true : undefined), 'the console to lead');
    // Its tries are a minute apart (none comes during the test): past a period and a half without one, it does not poll.
    clock += 100_000;
    assert.equal(leadership.leading(), false);
    assert.equal(await leadership.confirmed(), true);
    assert.equal(leadership.leading(), true);
  } finally {
    await leadership.stop();
    await ledger.close();
  }
});

test('stopping lets the lock go for the next console', async () => {
  const path = tempLedgerPath();
  const ledgers = [openSqliteLedgerPort(path), openSqliteLedgerPort(path)];
  try {
    const first = createPollerLeadership({ lock: ledgers[0]!.pollerLock, name: 'first', logger: quiet, retryMs: 50 });
    first.start();
    await eventually(() => (first.leading() ? true : undefined), 'the first console to lead');
    await first.stop();
    assert.equal(first.leading(), false);
    assert.equal(await ledgers[1]!.pollerLock.tryAcquire('second'), true);
  } finally {
    for (const ledger of ledgers) await ledger.close();
  }
});
