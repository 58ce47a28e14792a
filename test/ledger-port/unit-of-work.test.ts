/**
 * The port's unit of work, the same on both backends: all or nothing, nested units as savepoints,
 * calls on the root ledger from inside joining the unit, calls from outside never seeing or
 * overwriting its work before it commits, and the money rule: two consoles checking the balance
 * and recording a refund at the same instant never reserve more than was captured.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Ledger } from '../../electron/core/ledger/port.ts';
import { newOperation, newPayment } from '../unit/ledger/ledger-fixtures.ts';
import { BACKENDS, sleep } from './backends.ts';
import { RaceConsole, reserveRefund } from './refund-race.ts';

const AT = new Date('2026-05-01T11:00:00.000Z');

async function capturedSale(ledger: Ledger, amountMinor: bigint): Promise<string> {
  const payment = await ledger.payments.insert(newPayment({ kind: 'sale', amountMinor, status: 'captured' }));
  const purchase = await ledger.operations.insert(newOperation(payment.id, { kind: 'purchase', amountMinor }));
  await ledger.operations.update(purchase.id, { state: 'succeeded' });
  return payment.id;
}

for (const backend of BACKENDS) {
  describe(`ledger port unit of work (${backend.name})`, { skip: backend.skip }, () => {
    test('a unit that throws leaves nothing behind', async () => {
      const ledger = await (await backend.fresh()).open();
      const payment = newPayment();
      await assert.rejects(
        ledger.withTransaction(async (tx) => {
          await tx.payments.insert(payment);
          await tx.operations.insert(newOperation(payment.id, { kind: 'purchase' }));
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      assert.equal(await ledger.payments.get(payment.id), null);
      assert.equal(await ledger.payments.findByMerchantReference(payment.profileId, payment.merchantReference), null);
    });

    test('a nested unit that throws undoes only its own work; a caught conflict does not spoil the unit', async () => {
      const ledger = await (await backend.fresh()).open();
      const kept = newPayment();
      const undone = newPayment();
      const result = await ledger.withTransaction(async (tx) => {
        await tx.payments.insert(kept);
        await assert.rejects(
          tx.withTransaction(async (inner) => {
            await inner.payments.insert(undone);
            throw new Error('inner failure');
          }),
          /inner failure/,
        );
        await assert.rejects(tx.payments.insert(newPayment({ id: kept.id })), /already exists/);
        return tx.payments.update(kept.id, { status: 'captured' }, AT);
      });
      assert.equal(result.status, 'captured');
      assert.equal((await ledger.payments.get(kept.id))?.status, 'captured');
      assert.equal(await ledger.payments.get(undone.id), null);
    });

    test('a call on the root ledger from inside a unit joins it: no deadlock on its own lock, rolled back with it', async () => {
      const ledger = await (await backend.fresh()).open();
      const payment = await ledger.payments.insert(newPayment());
      const extra = newPayment();
      await assert.rejects(
        ledger.withTransaction(async (tx) => {
          await tx.payments.get(payment.id);
          // The unit holds the payment's lock; a root call on another connection would wait for it forever.
          await ledger.payments.update(payment.id, { status: 'captured' }, AT);
          await ledger.payments.insert(extra);
          assert.equal((await tx.payments.get(payment.id))?.status, 'captured');
          throw new Error('roll it all back');
        }),
        /roll it all back/,
      );
      assert.equal((await ledger.payments.get(payment.id))?.status, 'pending');
      assert.equal(await ledger.payments.get(extra.id), null);
    });

    test('work a unit left running after it ended does not join the next unit', async () => {
      const ledger = await (await backend.fresh()).open();
      const late = newPayment();
      let lateWrite: Promise<unknown> = Promise.resolve();
      await ledger.withTransaction(async (tx) => {
        await tx.payments.insert(newPayment());
        lateWrite = sleep(100).then(() => ledger.payments.insert(late));
      });
      await assert.rejects(
        ledger.withTransaction(async (tx) => {
          await tx.payments.insert(newPayment());
          await sleep(250);
          throw new Error('the next unit rolls back');
        }),
        /rolls back/,
      );
      await lateWrite;
      assert.equal((await ledger.payments.get(late.id))?.id, late.id, 'the late write stands on its own');
    });

    test('a call from outside a unit neither sees its work before the commit nor overwrites it', async () => {
      const store = await backend.fresh();
      const ledger = await store.open();
      const payment = await ledger.payments.insert(newPayment());
      const events: string[] = [];
      let wrote!: () => void;
      const written = new Promise<void>((resolve) => (wrote = resolve));
      const unit = ledger.withTransaction(async (tx) => {
        await tx.payments.get(payment.id);
        await tx.payments.update(payment.id, { status: 'captured', gatewayData: { unit: 'yes' } }, AT);
        wrote();
        await sleep(200);
        events.push('unit ends');
      });
      await written;
      const seen = await ledger.payments.get(payment.id);
      const outsideWrite = ledger.payments.update(payment.id, { gatewayData: { outside: 'yes' } }, AT).then(() => events.push('outside wrote'));
      await Promise.all([unit, outsideWrite]);
      assert.ok(seen?.status === 'pending' || events.length > 0, 'a read from outside never sees uncommitted work');
      assert.deepEqual(events, ['unit ends', 'outside wrote']);
      const final = await ledger.payments.get(payment.id);
      assert.equal(final?.status, 'captured');
      assert.deepEqual(final?.gatewayData, { unit: 'yes', outside: 'yes' }, 'neither write is lost');
    });

    test('two consoles refunding at the same instant never reserve more than was captured', async () => {
      const store = await backend.fresh();
      const ledger = await store.open();
      const paymentId = await capturedSale(ledger, 1000n);
      const other = new RaceConsole({ location: store.location, paymentId, amountMinor: 600n, pauseMs: 100, tag: 'other' });
      await other.ready;
      other.go();
      const mine = reserveRefund(ledger, paymentId, 600n, 100, 'mine');
      const outcomes = await Promise.all([mine, other.result]);
      assert.deepEqual(outcomes.filter(Boolean).length, 1, `exactly one console reserves (mine, other): ${JSON.stringify(outcomes)}`);
      const balances = await ledger.operations.balances(paymentId);
      assert.equal(balances.refundInFlightMinor, 600n);
      assert.ok(balances.refundInFlightMinor + balances.refundedMinor <= balances.capturedMinor);
      assert.equal((await ledger.operations.listForPayment(paymentId)).filter((operation) => operation.kind === 'refund').length, 1);
    });

    test('two units that lock the same payments in opposite orders both complete, each applied once', async () => {
      const store = await backend.fresh();
      const first = await store.open();
      const second = await store.open();
      const a = await first.payments.insert(newPayment());
      const b = await first.payments.insert(newPayment());
      const attempts = { first: 0, second: 0 };
      const lockBoth = (ledger: Ledger, name: 'first' | 'second', order: [string, string]): Promise<void> =>
        ledger.withTransaction(async (tx) => {
          attempts[name] += 1;
          await tx.payments.get(order[0]);
          await sleep(100);
          await tx.payments.get(order[1]);
          for (const id of order) await tx.payments.update(id, { gatewayData: { [name]: String(attempts[name]) } }, AT);
        });
      if (backend.name === 'sqlite') {
        // One SQLite connection per process: a second connection in this thread would block it. The
        // same ledger's units queue instead (BEGIN IMMEDIATE for other processes), so there is no deadlock to retry.
        await Promise.all([lockBoth(first, 'first', [a.id, b.id]), lockBoth(first, 'second', [b.id, a.id])]);
      } else {
        await Promise.all([lockBoth(first, 'first', [a.id, b.id]), lockBoth(second, 'second', [b.id, a.id])]);
      }
      const [finalA, finalB] = [await first.payments.get(a.id), await first.payments.get(b.id)];
      assert.deepEqual(finalA?.gatewayData, { first: String(attempts.first), second: String(attempts.second) });
      assert.deepEqual(finalB?.gatewayData, { first: String(attempts.first), second: String(attempts.second) });
      if (backend.name === 'postgres') assert.ok(attempts.first + attempts.second >= 3, `the deadlock's loser ran again: ${JSON.stringify(attempts)}`);
    });

    test('a unit that changes a payment and then audits, and one that audits and then changes a payment of the same day and status, both commit at their first try', { skip: backend.name === 'sqlite' ? 'one SQLite connection runs the units one after the other' : false }, async () => {
      const store = await backend.fresh();
      const first = await store.open();
      const second = await store.open();
      const [a, b] = [await first.payments.insert(newPayment()), await first.payments.insert(newPayment())];
      const tries = { first: 0, second: 0 };
      const entry = (paymentId: string) => ({ at: AT, operator: 'ana', origin: 'cli@desk', action: 'payment.note', targetType: 'payment', targetId: paymentId, outcome: 'succeeded', details: {} });
      let changedFirst!: () => void;
      const changed = new Promise<void>((resolve) => (changedFirst = resolve));
      let auditedSecond!: () => void;
      const audited = new Promise<void>((resolve) => (auditedSecond = resolve));
      const changesThenAudits = first.withTransaction(async (tx) => {
        tries.first += 1;
        await tx.payments.update(a.id, { status: 'captured' }, AT);
        changedFirst();
        await audited;
        await tx.audit.append(entry(a.id));
      });
      const auditsThenChanges = second.withTransaction(async (tx) => {
        tries.second += 1;
        await changed;
        await tx.audit.append(entry(b.id));
        auditedSecond();
        // Long enough for the other unit to be waiting for the audit log's lock.
        await sleep(300);
        await tx.payments.update(b.id, { status: 'captured' }, AT);
      });
      await Promise.all([changesThenAudits, auditsThenChanges]);
      assert.deepEqual(tries, { first: 1, second: 1 }, 'no deadlock to run either again');
      const captured = await first.views.searchPayments({ statuses: ['captured'] }, 10, null);
      assert.deepEqual(captured.rows.map((row) => row.id).sort(), [a.id, b.id].sort());
    });

    test('a single write outside a unit that loses a deadlock to another console is run again, not failed', { skip: backend.name === 'sqlite' ? 'one SQLite writer at a time: nothing to deadlock with' : false }, async () => {
      const store = await backend.fresh();
      const first = await store.open();
      const second = await store.open();
      // Same day, gateway, currency and status: a status change of either moves the same two per-day counts (payment_facets).
      const lone = await first.payments.insert(newPayment());
      const other = await first.payments.insert(newPayment());
      let unitTries = 0;
      let releaseLone!: () => void;
      const loneWaiting = new Promise<void>((resolve) => (releaseLone = resolve));
      const unit = second.withTransaction(async (tx) => {
        unitTries += 1;
        // Holds the two counts' rows, then wants the lone write's payment row once that write waits for the counts.
        await tx.payments.update(other.id, { status: 'captured' }, AT);
        releaseLone();
        await sleep(300);
        await tx.payments.update(lone.id, { gatewayData: { unit: 'yes' } }, AT);
      });
      await loneWaiting;
      // Waits first, so the server's deadlock check fires in its session and rolls this statement back.
      const single = first.payments.update(lone.id, { status: 'captured' }, AT);
      await Promise.all([unit, single]);
      const final = await first.payments.get(lone.id);
      assert.equal(final?.status, 'captured');
      assert.deepEqual(final?.gatewayData, { unit: 'yes' });
      assert.equal(unitTries, 1, 'the unit won the deadlock');
    });
  });
}
