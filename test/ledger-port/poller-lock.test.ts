/**
 * The poller lock through the port, on both backends: two consoles on one ledger, one holds it;
 * it passes on when let go or when its holder's ledger closes; each ledger database has its own.
 * On PostgreSQL the lock's connection being ended by the server loses it at once, and the holder
 * is named by the name it gave.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { eventually } from '../helpers/eventually.ts';
import { BACKENDS } from './backends.ts';

for (const backend of BACKENDS) {
  describe(`ledger port poller lock (${backend.name})`, { skip: backend.skip }, () => {
    test('one holder at a time; let go or closed, another takes it', async () => {
      const store = await backend.fresh();
      const first = await store.open();
      const second = await store.open();
      assert.equal(await first.pollerLock.holder(), null, 'nobody holds it yet');
      assert.equal(await first.pollerLock.tryAcquire('first console'), true);
      assert.equal(await first.pollerLock.tryAcquire('first console'), true, 'taking it again while holding it is holding it');
      assert.equal(await second.pollerLock.tryAcquire('second console'), false);
      assert.equal(await first.pollerLock.confirm(), true);
      assert.equal(await second.pollerLock.confirm(), false, 'a ledger that never took it does not hold it');
      const seen = await second.pollerLock.holder();
      assert.ok(seen !== null, 'the other console sees it is held');
      if (backend.name === 'postgres') assert.equal(seen, 'first console');

      await first.pollerLock.release();
      assert.equal(await first.pollerLock.confirm(), false);
      assert.equal(await second.pollerLock.tryAcquire('second console'), true);
      assert.equal(await first.pollerLock.tryAcquire('first console'), false);

      let lost = 0;
      second.pollerLock.onLost(() => (lost += 1));
      await second.close();
      assert.equal(lost, 1, 'closing the ledger loses the lock and says so');
      assert.equal(await first.pollerLock.tryAcquire('first console'), true);
    });

    test('each ledger database has a poller of its own', async () => {
      const one = await (await backend.fresh()).open();
      const other = await (await backend.fresh()).open();
      assert.equal(await one.pollerLock.tryAcquire('console on one'), true);
      assert.equal(await other.pollerLock.tryAcquire('console on the other'), true);
    });
  });
}

const postgres = BACKENDS.find((backend) => backend.name === 'postgres');
describe('the PostgreSQL poller lock', { skip: postgres?.skip ?? 'no PostgreSQL backend' }, () => {
  test('a holder whose lock connection the server ends hears it at once, and another console takes the lock', async () => {
    const store = await postgres!.fresh();
    const holder = await store.open();
    const other = await store.open();
    assert.equal(await holder.pollerLock.tryAcquire('doomed console'), true);
    let lost = false;
    holder.pollerLock.onLost(() => (lost = true));
    assert.equal(store.location.kind, 'postgres');
    const admin = new pg.Client({ connectionString: store.location.kind === 'postgres' ? store.location.connectionString : '' });
    await admin.connect();
    try {
      const ended = await admin.query<{ pid: number }>(
        "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'console poller: doomed console'",
      );
      assert.equal(ended.rowCount, 1, 'the lock has a connection of its own, named after its holder');
    } finally {
      await admin.end();
    }
    await eventually(() => (lost ? true : undefined), 'the holder to be told its lock is lost', 30_000);
    assert.equal(await holder.pollerLock.confirm(), false);
    await eventually(async () => ((await other.pollerLock.tryAcquire('next console')) ? true : undefined), 'another console to take the lock', 30_000);
    assert.equal(await holder.pollerLock.tryAcquire('doomed console'), false, 'it comes back as a follower');
  });
});
