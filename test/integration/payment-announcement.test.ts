/**
 * payment:changed carries the payment as committed, on each backend: a change announced in the
 * middle of a unit of work is read once the unit has committed, neither joined into the unit half
 * way through nor read beside it (PostgreSQL reads outside the unit on another connection).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAuditor } from '../../electron/core/audit.ts';
import { createEventBus } from '../../electron/core/door.ts';
import { createPaymentEngine } from '../../electron/core/payments/payment-engine.ts';
import { systemClock } from '../../electron/core/ports.ts';
import { createTestDatabase, withoutPostgres, type TestDatabase } from '../helpers/postgres-test-database.ts';
import { quietLogger, removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

function announcementsOn(backend: 'sqlite' | 'postgres'): void {
  let t: TestCore;
  let database: TestDatabase | null = null;

  before(async () => {
    if (backend === 'postgres') database = await createTestDatabase();
    const ledger = database === null ? {} : { ledger: { kind: 'postgres' as const, connectionString: database.url, password: null } };
    t = await startTestCore({ ...ledger, sandbox: { enabled: false }, notifications: { enabled: false } });
  });
  after(async () => {
    await t.close();
    removeDir(t.dataDir);
    await database?.drop();
  });

  /** A captured €30.00 card sale in the ledger, as the engine would have left it. */
  async function capturedSale(paymentId: string, merchantReference: string, at: Date): Promise<void> {
    const { ledger } = t.core.internals;
    await ledger.payments.insert({
      id: paymentId, profileId: 'prof_x', profileName: 'Be2bill', gatewayId: 'be2bill', environment: 'test', kind: 'sale', method: 'card', moto: true,
      status: 'captured', currency: 'EUR', amountMinor: 3_000n, merchantReference, description: null, customerName: null, customerEmail: null,
      customerPhone: null, card: null, imported: false, createdAt: at,
    });
    const sale = await ledger.operations.insert({ id: `op_${paymentId}_sale`, paymentId, kind: 'purchase', amountMinor: 3_000n, currency: 'EUR', merchantReference, reason: null, operator: 'agent', createdAt: at });
    await ledger.operations.update(sale.id, { state: 'succeeded', completedAt: at });
  }

  test('a change announced inside a unit of work is announced with what the unit committed', async () => {
    const { ledger, profiles } = t.core.internals;
    const paymentId = 'pay_two_refunds';
    const at = new Date();
    await capturedSale(paymentId, 'REF-TWO-REFUNDS', at);

    const bus = createEventBus(quietLogger);
    const engine = createPaymentEngine({ ledger, profiles, clock: systemClock, bus, auditor: createAuditor(ledger, systemClock), logger: quietLogger });
    const summaries: Array<{ refunded: string }> = [];
    const announced = new Promise<void>((resolve, reject) => {
      bus.subscribe((event, payload) => {
        if (event !== 'payment:changed') return;
        summaries.push((payload as { summary: { refunded: string } }).summary);
        resolve();
      });
      setTimeout(() => reject(new Error('payment:changed was not announced')), 5_000).unref();
    });

    await ledger.withTransaction(async () => {
      const first = await ledger.operations.insert({ id: 'op_two_refunds_1', paymentId, kind: 'refund', amountMinor: 500n, currency: 'EUR', merchantReference: 'RF-TWO-1', reason: 'x', operator: 'agent', createdAt: at });
      await ledger.operations.update(first.id, { state: 'succeeded', completedAt: at });
      engine.announce(paymentId, 'operation');
      // The rest of the unit takes a few turns of the event loop, as any unit does, and time enough
      // for a read beside the unit to come back first.
      for (let i = 0; i < 5; i++) await ledger.payments.get(paymentId);
      await sleep(100);
      const second = await ledger.operations.insert({ id: 'op_two_refunds_2', paymentId, kind: 'refund', amountMinor: 700n, currency: 'EUR', merchantReference: 'RF-TWO-2', reason: 'x', operator: 'agent', createdAt: at });
      await ledger.operations.update(second.id, { state: 'succeeded', completedAt: at });
    });
    await announced;
    assert.deepEqual(
      summaries.map((summary) => summary.refunded),
      ['12.00'],
    );
  });

  test("a change another process commits between the announcement's reads is announced whole: the new status with the new amounts", async () => {
    const { ledger, profiles } = t.core.internals;
    const paymentId = 'pay_straddled';
    const at = new Date();
    await capturedSale(paymentId, 'REF-STRADDLED', at);

    // The other console's partial refund commits right after this console has read the payment's row.
    let committedElsewhere = false;
    const readsElsewhere = {
      ...ledger,
      payments: {
        ...ledger.payments,
        get: async (id: string) => {
          const row = await ledger.payments.get(id);
          if (!committedElsewhere && id === paymentId) {
            committedElsewhere = true;
            await ledger.withTransaction(async () => {
              const refund = await ledger.operations.insert({ id: 'op_straddled_refund', paymentId, kind: 'refund', amountMinor: 750n, currency: 'EUR', merchantReference: 'RF-STRADDLED', reason: 'x', operator: 'agent', createdAt: at });
              await ledger.operations.update(refund.id, { state: 'succeeded', completedAt: at });
              await ledger.payments.update(paymentId, { status: 'partially_refunded' }, new Date(at.getTime() + 1_000));
            });
          }
          return row;
        },
      },
    } as typeof ledger;
    const bus = createEventBus(quietLogger);
    const engine = createPaymentEngine({ ledger: readsElsewhere, profiles, clock: systemClock, bus, auditor: createAuditor(ledger, systemClock), logger: quietLogger });
    const heard: Array<{ status: string; refunded: string }> = [];
    const announced = new Promise<void>((resolve, reject) => {
      bus.subscribe((event, payload) => {
        if (event !== 'payment:changed') return;
        const changed = payload as { status: string; summary: { refunded: string } };
        heard.push({ status: changed.status, refunded: changed.summary.refunded });
        resolve();
      });
      setTimeout(() => reject(new Error('payment:changed was not announced')), 5_000).unref();
    });
    engine.announce(paymentId, 'elsewhere');
    await announced;
    assert.deepEqual(heard, [{ status: 'partially_refunded', refunded: '7.50' }]);
  });
}

describe('announcements on a SQLite file', () => announcementsOn('sqlite'));
describe('announcements on PostgreSQL', { skip: withoutPostgres }, () => announcementsOn('postgres'));
