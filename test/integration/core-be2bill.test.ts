/**
 * Be2bill through the core: authorisation, capture, refunds, N-times schedules, stored aliases,
 * and importing a payment made elsewhere with getTransactions. The sandbox runs outside the cores
 * here so that two consoles with separate ledgers can share one merchant account.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { be2bill } from '../../electron/core/gateways/be2bill/index.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';
import { systemClock } from '../../electron/core/ports.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { wireCallsOf } from '../helpers/wire-log.ts';

const CARD = { number: '5555556778250000', cvv: '123', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Claire Martin' };
let sandbox: SandboxServer;
let generated: ReturnType<SandboxServer['emulator']> extends { sandboxProfile(): infer P } ? P : never;
const cores: TestCore[] = [];

async function consoleWithProfile(): Promise<{ t: TestCore; profileId: string }> {
  const t = await startTestCore({ dataDir: mkdtempSync(join(tmpdir(), 'console-be2bill-')), sandbox: { enabled: false }, requestTimeoutMs: 3_000 });
  cores.push(t);
  const profile = await t.value('profiles:create', { name: 'Be2bill (shared sandbox)', gatewayId: 'be2bill', environment: 'sandbox', baseUrl: `${sandbox.baseUrl}${generated.baseUrlPath}`, options: generated.options });
  for (const [field, value] of Object.entries(generated.credentials)) await t.value('credentials:set', { profileId: profile.id, field, value });
  return { t, profileId: profile.id };
}

before(async () => {
  sandbox = await createSandboxServer({ definitions: [be2bill], clock: systemClock, port: 0 });
  generated = sandbox.emulator('be2bill').sandboxProfile();
});
after(async () => {
  for (const t of cores) {
    await t.close();
    removeDir(t.dataDir);
  }
  await sandbox.close();
});

describe('card payments on Be2bill', () => {
  test('authorisation → partial capture → partial refund → over-refund refused before any call', async () => {
    const { t, profileId } = await consoleWithProfile();
    const auth = await t.value('payments:createMoto', { profileId, kind: 'auth', money: { amount: '50.00', currency: 'EUR' }, card: CARD });
    assert.equal(auth.paymentStatus, 'authorized');
    const capture = await t.value('payments:capture', { paymentId: auth.paymentId, amount: '30.00', expectedCapturable: '50.00' });
    assert.equal(capture.state, 'succeeded');
    const refund = await t.value('payments:refund', { paymentId: auth.paymentId, amount: '10.00', expectedRefundable: '30.00', reason: 'Damaged item' });
    assert.equal(refund.state, 'succeeded');
    const before = await wireCallsOf(t, auth.paymentId);
    const over = await t.call('payments:refund', { paymentId: auth.paymentId, amount: '20.01', expectedRefundable: '20.00', reason: 'Too much' });
    assert.equal(!over.ok && over.error.kind, 'validation');
    assert.equal(await wireCallsOf(t, auth.paymentId), before);
  });

  test('a refused test card is declined with its EXECCODE', async () => {
    const { t, profileId } = await consoleWithProfile();
    const declined = await t.value('payments:createMoto', { profileId, kind: 'sale', money: { amount: '5.00', currency: 'EUR' }, card: { ...CARD, number: '5555557376384001' } });
    assert.equal(declined.paymentStatus, 'declined');
    assert.equal(declined.gatewayCode, '4001');
  });

  test('an instalment plan charges the first instalment now and can be stopped', async () => {
    const { t, profileId } = await consoleWithProfile();
    const today = new Date();
    const dates = [0, 1, 2].map((months) => {
      const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + months, today.getUTCDate()));
      return d.toISOString().slice(0, 10);
    });
    const sale = await t.value('payments:createMoto', {
      profileId,
      kind: 'sale',
      money: { amount: '90.00', currency: 'EUR' },
      card: CARD,
      installments: [
        { date: dates[0]!, amount: '30.00' },
        { date: dates[1]!, amount: '30.00' },
        { date: dates[2]!, amount: '30.00' },
      ],
    });
    assert.equal(sale.state, 'succeeded');
    let detail = await t.value('payments:get', { paymentId: sale.paymentId });
    assert.equal(detail.payment.captured, '30.00');
    assert.deepEqual(detail.payment.schedule?.map((i) => i.amount), ['30.00', '30.00', '30.00']);
    assert.equal(detail.actions.stopSchedule, true);
    const stopped = await t.value('payments:stopSchedule', { paymentId: sale.paymentId });
    assert.equal(stopped.gatewayCode, '0000');
    detail = await t.value('payments:get', { paymentId: sale.paymentId });
    assert.equal(detail.actions.stopSchedule, false);

    const badPlan = await t.call('payments:createMoto', { profileId, kind: 'sale', money: { amount: '90.00', currency: 'EUR' }, card: CARD, installments: [{ date: dates[0]!, amount: '30.00' }, { date: dates[1]!, amount: '30.00' }] });
    assert.equal(!badPlan.ok && badPlan.error.kind, 'validation', 'instalments must add up to the amount');
  });

  test('a plan whose first instalment was declined is neither offered nor accepted for stopping', async () => {
    const { t, profileId } = await consoleWithProfile();
    const today = new Date();
    const dates = [0, 1].map((months) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + months, today.getUTCDate())).toISOString().slice(0, 10));
    const declined = await t.value('payments:createMoto', {
      profileId,
      kind: 'sale',
      money: { amount: '60.00', currency: 'EUR' },
      card: { ...CARD, number: '5555557376384001' },
      installments: dates.map((date) => ({ date, amount: '30.00' })),
    });
    assert.equal(declined.paymentStatus, 'declined');
    const detail = await t.value('payments:get', { paymentId: declined.paymentId });
    const callsBefore = await wireCallsOf(t, declined.paymentId);
    assert.notEqual(detail.payment.schedule, null, 'the plan is on record');
    assert.equal(detail.actions.stopSchedule, false);
    const stop = await t.call('payments:stopSchedule', { paymentId: declined.paymentId });
    assert.equal(!stop.ok && stop.error.kind, 'conflict');
    assert.equal(await wireCallsOf(t, declined.paymentId), callsBefore, 'nothing was sent to the gateway');
  });

  test('a stored alias is charged as a subscription MIT', async () => {
    const { t, profileId } = await consoleWithProfile();
    const sale = await t.value('payments:createMoto', { profileId, kind: 'sale', storeCard: true, money: { amount: '15.00', currency: 'EUR' }, card: CARD });
    const token = (await t.value('tokens:list', { profileId })).find((tok) => tok.originPaymentId === sale.paymentId);
    assert.ok(token);
    const mit = await t.value('payments:chargeStored', { tokenId: token.id, money: { amount: '15.00', currency: 'EUR' }, recurrence: 'recurring', reason: 'Subscription renewal' });
    assert.equal(mit.paymentStatus, 'captured');
  });
});

describe('throttling after Be2bill acted', () => {
  async function faults(plan: unknown[]): Promise<void> {
    const response = await fetch(`${sandbox.baseUrl}/control/be2bill/faults`, { method: 'POST', body: JSON.stringify({ faults: plan }) });
    assert.equal(response.status, 200);
  }

  for (const [name, options] of [
    ['with a fallback host, which is asked for the ORDERID', {}],
    ['without a fallback host, by the lookup that follows', { fallbackBaseUrl: '' }],
  ] as const) {
    test(`a refund answered 429 after the platform refunded ends refunded once, never failed (${name})`, async () => {
      const { t, profileId } = await consoleWithProfile();
      if ('fallbackBaseUrl' in options) await t.value('profiles:update', { id: profileId, options: { ...generated.options, ...options } });
      const sale = await t.value('payments:createMoto', { profileId, kind: 'sale', money: { amount: '40.00', currency: 'EUR' }, card: CARD });
      assert.equal(sale.paymentStatus, 'captured');
      await faults([{ fault: 'http-429', phase: 'after', method: 'POST', pathIncludes: 'primary/front/service/rest/process' }]);
      try {
        const refund = await t.value('payments:refund', { paymentId: sale.paymentId, amount: '15.00', expectedRefundable: '40.00', reason: 'Throttled answer' });
        assert.notEqual(refund.state, 'failed');
        // An unknown outcome is settled by asking the gateway, as the operator's sync or the poller does.
        if (refund.state === 'unknown') await t.value('payments:sync', { paymentId: sale.paymentId });
        const detail = await t.value('payments:get', { paymentId: sale.paymentId });
        assert.deepEqual(detail.operations.filter((op) => op.kind === 'refund').map((op) => op.state), ['succeeded']);
        assert.equal(detail.payment.refunded, '15.00');
      } finally {
        await faults([]);
      }
      const book = (await (await fetch(`${sandbox.baseUrl}/control/be2bill/transactions`)).json()) as { transactions: Array<{ OPERATIONTYPE: string; referenceId: string | null }> };
      const payment = await t.value('payments:get', { paymentId: sale.paymentId });
      assert.equal(book.transactions.filter((row) => row.OPERATIONTYPE === 'refund' && row.referenceId === payment.payment.gatewayTransactionId).length, 1, 'the platform refunded exactly once');
    });
  }
});

describe('importing a payment made elsewhere', () => {
  test('looks it up by TRANSACTIONID and imports it once, marked imported', async () => {
    const elsewhere = await consoleWithProfile();
    const sale = await elsewhere.t.value('payments:createMoto', { profileId: elsewhere.profileId, kind: 'sale', money: { amount: '42.00', currency: 'EUR' }, card: CARD });
    const original = await elsewhere.t.value('payments:get', { paymentId: sale.paymentId });
    const transactionId = original.payment.gatewayTransactionId;
    assert.ok(transactionId);

    const here = await consoleWithProfile();
    const imported = await here.t.value('payments:import', { profileId: here.profileId, gatewayTransactionId: transactionId });
    assert.equal(imported.payment.imported, true);
    assert.equal(imported.payment.amount, '42.00');
    assert.equal(imported.payment.status, 'captured');
    const again = await here.t.value('payments:import', { profileId: here.profileId, merchantReference: original.payment.merchantReference });
    assert.equal(again.payment.id, imported.payment.id, 'the second import finds the same payment');
    const missing = await here.t.call('payments:import', { profileId: here.profileId, gatewayTransactionId: 'A000000000' });
    assert.equal(!missing.ok && missing.error.kind, 'not_found');
  });
});
