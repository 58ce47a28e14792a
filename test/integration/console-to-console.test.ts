/**
 * Two consoles on one ledger, end to end, on each backend: console A sells against the built-in
 * sandbox and then refunds part of it; console B, which has the payment open, hears the refund
 * from the ledger itself (SQLite's change log, PostgreSQL's LISTEN/NOTIFY) as payment:changed with
 * the new amounts and fresh badge counts, and A announces its own refund once, not again as a
 * change made elsewhere.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LedgerLocation } from '../../electron/core/ledger/port.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import type { EventPayload } from '../../shared/ipc/contract.ts';
import { createTestDatabase, withoutPostgres, type TestDatabase } from '../helpers/postgres-test-database.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { refunded } from '../helpers/refund-outcome.ts';

const PROFILE = sandboxProfileId('aci-oppwa');
/** Well above SQLite's quarter-second look and PostgreSQL's notification batching. */
const HEARD_WITHIN_MS = 5_000;

interface Heard {
  readonly changed: Array<EventPayload<'payment:changed'>>;
  readonly summaries: Array<EventPayload<'poller:summary'>>;
  stop(): void;
}

function listen(t: TestCore, paymentId: string): Heard {
  const changed: Array<EventPayload<'payment:changed'>> = [];
  const summaries: Array<EventPayload<'poller:summary'>> = [];
  const stop = t.core.door.subscribe((event, payload) => {
    if (event === 'poller:summary') summaries.push(payload as EventPayload<'poller:summary'>);
    if (event === 'payment:changed' && (payload as EventPayload<'payment:changed'>).paymentId === paymentId) changed.push(payload as EventPayload<'payment:changed'>);
  });
  return { changed, summaries, stop };
}

async function until(what: string, done: () => boolean, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function consolesSharingOneLedger(backend: 'sqlite' | 'postgres'): void {
  let database: TestDatabase | null = null;
  let a: TestCore;
  let b: TestCore;

  before(async () => {
    let ledger: LedgerLocation | undefined;
    if (backend === 'postgres') {
      database = await createTestDatabase();
      ledger = { kind: 'postgres', connectionString: database.url, password: null };
    }
    const shared = ledger === undefined ? {} : { ledger };
    a = await startTestCore({ ...shared, requestTimeoutMs: 3_000, notifications: { enabled: false } });
    // The same workspace (data folder, settings, keychain) on a second console; one sandbox serves both.
    b = await startTestCore({ ...shared, dataDir: a.dataDir, keychainService: a.keychainService, sandbox: { enabled: false }, notifications: { enabled: false } });
  });
  after(async () => {
    await b?.core.close();
    await a?.close();
    if (a) removeDir(a.dataDir);
    await database?.drop();
  });

  test("B hears A's partial refund with the new amounts and fresh badge counts; A announces it once", async () => {
    const card = { number: '4200000000000000', cvv: '123', expiryMonth: 5, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Lena Berg' };
    const sale = await a.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '30.00', currency: 'EUR' }, card });
    const opened = await b.value('payments:get', { paymentId: sale.paymentId });
    assert.equal(opened.payment.status, 'captured');
    assert.equal(opened.payment.refundable, '30.00');

    // Let the sale's own announcements (on B too) pass before listening for the refund's.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const onA = listen(a, sale.paymentId);
    const onB = listen(b, sale.paymentId);
    try {
      const refund = refunded(await a.value('payments:refund', { paymentId: sale.paymentId, amount: '7.50', expectedRefundable: '30.00', reason: 'Returned' }));
      assert.equal(refund.paymentStatus, 'partially_refunded');

      await until('B announces the refund made on A', () => onB.changed.some((event) => event.summary.refunded === '7.50'), HEARD_WITHIN_MS);
      const heard = onB.changed.find((event) => event.summary.refunded === '7.50');
      assert.ok(heard);
      assert.equal(heard.source, 'elsewhere');
      assert.equal(heard.status, 'partially_refunded');
      assert.deepEqual({ refunded: heard.summary.refunded, refundable: heard.summary.refundable }, { refunded: '7.50', refundable: '22.50' });
      await until('B sends the badge its counts after the change', () => onB.summaries.length > 0, HEARD_WITHIN_MS);

      // Whatever B would hear has arrived by now; A must have said it once, as its own change.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(onA.changed.length, 1, `A announces its refund once: ${JSON.stringify(onA.changed)}`);
      assert.notEqual(onA.changed[0]?.source, 'elsewhere');
      assert.equal(onA.changed[0]?.summary.refunded, '7.50');

      const reopened = await b.value('payments:get', { paymentId: sale.paymentId });
      assert.equal(reopened.payment.refunded, '7.50');
      assert.equal(reopened.payment.refundable, '22.50');
      assert.equal(reopened.payment.status, 'partially_refunded');
      assert.deepEqual(heard.summary, reopened.payment, 'the announced summary is what the payment page reads');
    } finally {
      onA.stop();
      onB.stop();
    }
  });
}

describe('two consoles on one SQLite file', () => consolesSharingOneLedger('sqlite'));
describe('two consoles on one PostgreSQL database', { skip: withoutPostgres }, () => consolesSharingOneLedger('postgres'));
