/**
 * The port's change feed on both backends: a console hears, within seconds, the payments another
 * console on the same ledger changed (new payment, status, gateway id, operations), batched, and
 * never its own changes; after unsubscribing or closing it hears nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Ledger, LedgerChange } from '../../electron/core/ledger/port.ts';
import type { PaymentRow } from '../../electron/core/ledger/types.ts';
import { newOperation, newPayment } from '../unit/ledger/ledger-fixtures.ts';
import { BACKENDS, sleep, type Backend, type Store } from './backends.ts';

const AT = new Date('2026-05-01T11:00:00.000Z');

/** Collects what a ledger hears; `until` waits for a payment id to be heard. */
function hearing(ledger: Ledger): { heard: LedgerChange[][]; ids: () => Set<string>; until: (id: string, ms?: number) => Promise<void>; stop: () => void } {
  const heard: LedgerChange[][] = [];
  const stop = ledger.onChangesElsewhere((changes) => heard.push([...changes]));
  const ids = (): Set<string> => new Set(heard.flat().map((change) => change.paymentId));
  const until = async (id: string, ms = 5_000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!ids().has(id)) {
      if (Date.now() > deadline) assert.fail(`payment ${id} was not announced within ${ms} ms; heard ${JSON.stringify(heard)}`);
      await sleep(20);
    }
  };
  return { heard, ids, until, stop };
}

/** Two consoles on a fresh ledger, a payment A made, and B listening (PostgreSQL listens on a connection of its own: a moment to be in place). */
async function twoConsoles(backend: Backend): Promise<{ store: Store; a: Ledger; b: Ledger; payment: PaymentRow; bHears: ReturnType<typeof hearing> }> {
  const store = await backend.fresh();
  const a = await store.open();
  const b = await store.open();
  const payment = await a.payments.insert(newPayment());
  const bHears = hearing(b);
  await sleep(300);
  return { store, a, b, payment, bHears };
}

/** Long enough for a poll (SQLite: 250 ms) or a notification to have arrived had one been sent. */
const QUIET_MS = 700;

for (const backend of BACKENDS) {
  describe(`ledger port change feed (${backend.name})`, { skip: backend.skip }, () => {
    test('B hears the payments A changes, in batches, and A does not hear itself', async () => {
      const store = await backend.fresh();
      const a = await store.open();
      const b = await store.open();
      const bHears = hearing(b);
      const aHears = hearing(a);
      // PostgreSQL listens on a connection of its own; give it a moment to be in place.
      await sleep(300);

      const payment = await a.payments.insert(newPayment());
      await bHears.until(payment.id);

      await a.payments.update(payment.id, { status: 'captured', gatewayTransactionId: 'gw-1' }, AT);
      const operation = await a.operations.insert(newOperation(payment.id, { kind: 'refund', amountMinor: 100n }));
      await a.operations.update(operation.id, { state: 'succeeded' });
      const second = await a.payments.insert(newPayment());
      await bHears.until(second.id);
      assert.ok(bHears.heard.every((batch) => batch.length === new Set(batch.map((change) => change.paymentId)).size), 'a batch names a payment once');

      await sleep(QUIET_MS);
      assert.deepEqual(aHears.heard, [], 'A announces its own changes itself; the feed does not repeat them');

      // B's own change is heard by A, not by B.
      const before = bHears.heard.length;
      await b.payments.update(payment.id, { gatewayMessage: 'from B' }, AT);
      await aHears.until(payment.id);
      await sleep(QUIET_MS);
      assert.deepEqual([...aHears.ids()], [payment.id], "what A hears once B writes holds B's change, not A's earlier ones");
      assert.equal(bHears.heard.length, before);
    });

    test('changes inside a unit of work are heard once it commits, and not at all when it rolls back', async () => {
      const { a, payment, bHears } = await twoConsoles(backend);
      await assert.rejects(
        a.withTransaction(async (tx) => {
          await tx.payments.update(payment.id, { status: 'failed' }, AT);
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      await sleep(QUIET_MS);
      assert.deepEqual(bHears.heard, [], 'a rolled-back change is never announced');
      await a.withTransaction((tx) => tx.payments.update(payment.id, { status: 'captured' }, AT));
      await bHears.until(payment.id);
    });

    test('after unsubscribing, or closing, nothing more is heard', async () => {
      const { a, b, payment, bHears } = await twoConsoles(backend);
      bHears.stop();
      await a.payments.update(payment.id, { status: 'captured' }, AT);
      await sleep(QUIET_MS);
      assert.deepEqual(bHears.heard, []);

      const again = hearing(b);
      await sleep(300);
      await b.close();
      await a.payments.update(payment.id, { status: 'refunded' }, AT);
      await sleep(QUIET_MS);
      assert.deepEqual(again.heard, []);
    });

    if (backend.name === 'postgres') {
      test('the listening connection comes back after the server drops it', async () => {
        const { store, a, payment, bHears } = await twoConsoles(backend);
        await store.raw(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`);
        // Changes made while it was away are not replayed; keep changing until one is heard.
        for (let attempt = 1; !bHears.ids().has(payment.id); attempt += 1) {
          if (attempt > 20) assert.fail('no change heard after the listening connection was dropped');
          await a.payments.update(payment.id, { gatewayMessage: `attempt ${attempt}` }, AT);
          await sleep(250);
        }
      });
    }
  });
}
