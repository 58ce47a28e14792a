/**
 * Running reconciliation sessions and their heartbeat through the port, the same on both backends:
 * a stamp names the owner and keeps the session off the stale list; a stale one is cancelled with
 * its rows removed, while one that beat since it was found (another console's live import) is
 * left alone; a stamp on a session no longer running says so.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Ledger } from '../../electron/core/ledger/port.ts';
import type { NewReconRow, NewReconSession } from '../../electron/core/ledger/recon-types.ts';
import { BACKENDS } from './backends.ts';

const T0 = new Date('2026-06-02T09:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1_000);

function session(id: string): NewReconSession {
  return { id, operator: 'alice', createdAt: T0, profileId: 'profile_sibs', source: 'settlement-may.csv', mapping: 'sibs-spg', periodFrom: new Date('2026-05-01T00:00:00.000Z'), periodTo: new Date('2026-06-01T00:00:00.000Z') };
}

function reconRow(n: number): NewReconRow {
  return {
    reconClass: 'missing_in_ledger', reason: null, paymentId: null, line: n + 1, gatewayTransactionId: `gw-${n}`, merchantReference: `REF-${n}`, kind: 'payment',
    statementStatus: 'succeeded', amountMinor: 1000n, currency: 'EUR', feeMinor: null, netMinor: null, transactionAt: null, settledAt: null, merchantAccount: null,
    ledgerAmountMinor: null, ledgerStatus: null,
  };
}

async function runningWithRows(ledger: Ledger, id: string, rows: number): Promise<void> {
  await ledger.recon.createSession(session(id));
  await ledger.withTransaction((tx) => tx.recon.addRows(id, Array.from({ length: rows }, (_, n) => reconRow(n))));
}

for (const backend of BACKENDS) {
  describe(`ledger port reconciliation heartbeat (${backend.name})`, { skip: backend.skip }, () => {
    test('a stamped session is not stale until its stamp is; one never stamped counts from its creation', async () => {
      const ledger = await (await backend.fresh()).open();
      await runningWithRows(ledger, 'rs_beating', 2);
      await runningWithRows(ledger, 'rs_silent', 2);
      assert.equal(await ledger.recon.beatSession('rs_beating', 'host/101/aa', at(100)), true);
      const stale = await ledger.recon.staleSessions(at(60));
      assert.deepEqual(stale, [{ id: 'rs_silent', owner: null, lastSignOfLife: T0 }]);
      assert.deepEqual((await ledger.recon.staleSessions(at(200))).map((found) => [found.id, found.owner, found.lastSignOfLife.toISOString()]), [
        ['rs_beating', 'host/101/aa', at(100).toISOString()],
        ['rs_silent', null, T0.toISOString()],
      ]);
    });

    test('a stale session is cancelled with its rows removed; a finished one is never touched', async () => {
      const ledger = await (await backend.fresh()).open();
      await runningWithRows(ledger, 'rs_killed', 3);
      await runningWithRows(ledger, 'rs_done', 2);
      await ledger.recon.finishSession('rs_done', 'done', at(5));
      const cancelled = await ledger.withTransaction((tx) => tx.recon.cancelStaleSession('rs_killed', at(60), at(61)));
      assert.equal(cancelled, true);
      const killed = await ledger.recon.getSession('rs_killed');
      assert.deepEqual([killed?.status, killed?.rowCount, killed?.finishedAt?.toISOString()], ['cancelled', 0, at(61).toISOString()]);
      assert.deepEqual(await ledger.recon.summary('rs_killed'), []);
      assert.equal(await ledger.withTransaction((tx) => tx.recon.cancelStaleSession('rs_done', at(60), at(61))), false);
      assert.equal((await ledger.recon.getSession('rs_done'))?.status, 'done');
      assert.equal((await ledger.recon.summary('rs_done'))[0]?.count, 2);
      assert.equal(await ledger.recon.beatSession('rs_killed', 'host/101/aa', at(62)), false, 'its importer, if it still runs, learns the session was given up');
    });

    test("a session that beat after it was found stale is left alone: another console's live import keeps its rows", async () => {
      const store = await backend.fresh();
      const sweeper = await store.open();
      const importer = await store.open();
      await runningWithRows(importer, 'rs_live', 4);
      const found = await sweeper.recon.staleSessions(at(60));
      assert.deepEqual(found.map((stale) => stale.id), ['rs_live']);
      assert.equal(await importer.recon.beatSession('rs_live', 'other-host/7/bb', at(61)), true);
      assert.equal(await sweeper.withTransaction((tx) => tx.recon.cancelStaleSession('rs_live', at(60), at(62))), false);
      const live = await sweeper.recon.getSession('rs_live');
      assert.deepEqual([live?.status, live?.rowCount], ['running', 4]);
    });
  });
}
