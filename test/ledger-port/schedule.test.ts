/**
 * The polling schedule and its read models through the port, the same on both backends: ensure
 * keeps an existing entry, results and "sync now" move the next check, due entries soonest first
 * with ties in scheduling order, and the badge summary and queue page in one read each.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NotFoundError } from '../../electron/core/errors.ts';
import type { NewPollEntry } from '../../electron/core/ledger/port.ts';
import { newPayment } from '../unit/ledger/ledger-fixtures.ts';
import { BACKENDS } from './backends.ts';

function at(minute: number): Date {
  return new Date(Date.UTC(2026, 4, 1, 12, minute));
}

function entry(subjectId: string, nextMinute: number, overrides: Partial<NewPollEntry> = {}): NewPollEntry {
  return { subject: 'payment', subjectId, gatewayId: 'sibs-spg', profileId: 'profile_sibs', firstSeenAt: at(0), nextCheckAt: at(nextMinute), ...overrides };
}

for (const backend of BACKENDS) {
  describe(`ledger port poll schedule (${backend.name})`, { skip: backend.skip }, () => {
    test('ensure adds once and keeps what is stored; results, sync-now and removal', async () => {
      const ledger = await (await backend.fresh()).open();
      const first = await ledger.schedule.ensure(entry('pay_1', 5));
      assert.deepEqual([first.attempts, first.failures, first.lastCheckedAt, first.nextCheckAt], [0, 0, null, at(5)]);
      const again = await ledger.schedule.ensure(entry('pay_1', 50, { firstSeenAt: at(40) }));
      assert.deepEqual(again, first, 'an existing entry keeps its first-seen time and next check');
      const recorded = await ledger.schedule.recordResult('payment', 'pay_1', { nextCheckAt: at(20), lastCheckedAt: at(5), attempts: 1, failures: 1, lastAnswer: null, lastError: 'timeout' });
      assert.deepEqual([recorded.attempts, recorded.failures, recorded.lastError, recorded.nextCheckAt, recorded.lastCheckedAt], [1, 1, 'timeout', at(20), at(5)]);
      await assert.rejects(ledger.schedule.recordResult('payment', 'pay_missing', { nextCheckAt: at(1), lastCheckedAt: at(1), attempts: 1, failures: 0, lastAnswer: null, lastError: null }), NotFoundError);
      await assert.rejects(ledger.schedule.recordResult('payment', 'pay_1', { nextCheckAt: at(1), lastCheckedAt: at(1), attempts: -1, failures: 0, lastAnswer: null, lastError: null }), RangeError);
      await ledger.schedule.soon('payment', 'pay_1', at(30));
      assert.deepEqual((await ledger.schedule.get('payment', 'pay_1'))?.nextCheckAt, at(20), 'sync-now never pushes a check later');
      await ledger.schedule.soon('payment', 'pay_1', at(10));
      assert.deepEqual((await ledger.schedule.get('payment', 'pay_1'))?.nextCheckAt, at(10));
      assert.equal(await ledger.schedule.remove('payment', 'pay_1'), true);
      assert.equal(await ledger.schedule.remove('payment', 'pay_1'), false);
      assert.equal(await ledger.schedule.get('payment', 'pay_1'), null);
    });

    test('due and list: soonest first, ties in the order scheduled, per gateway, counted', async () => {
      const ledger = await (await backend.fresh()).open();
      await ledger.schedule.ensure(entry('pay_late', 30));
      await ledger.schedule.ensure(entry('pay_z', 10));
      await ledger.schedule.ensure(entry('pay_a', 10));
      await ledger.schedule.ensure(entry('man_1', 5, { subject: 'mandate', gatewayId: 'sibs-spg' }));
      await ledger.schedule.ensure(entry('pay_oppwa', 1, { gatewayId: 'aci-oppwa' }));
      const due = await ledger.schedule.due(at(10), 10);
      assert.deepEqual(due.map((poll) => poll.subjectId), ['pay_oppwa', 'man_1', 'pay_z', 'pay_a']);
      assert.deepEqual((await ledger.schedule.due(at(10), 2)).map((poll) => poll.subjectId), ['pay_oppwa', 'man_1']);
      assert.deepEqual((await ledger.schedule.list({ gatewayId: 'aci-oppwa', limit: 10 })).map((poll) => poll.subjectId), ['pay_oppwa']);
      assert.deepEqual((await ledger.schedule.list({ limit: 10 })).map((poll) => poll.subjectId), ['pay_oppwa', 'man_1', 'pay_z', 'pay_a', 'pay_late']);
      assert.equal(await ledger.schedule.count(), 5);
      await assert.rejects(ledger.schedule.due(at(10), 0), RangeError);
    });

    test('the badge summary and the queue page, each in one read, with their subjects', async () => {
      const ledger = await (await backend.fresh()).open();
      const payment = await ledger.payments.insert(newPayment({ status: 'pending', amountMinor: 2n ** 55n, merchantReference: 'ORD-Q' }));
      await ledger.payments.insert(newPayment({ status: 'needs_review' }));
      const mandate = await ledger.mandates.insert({
        id: 'man_q', profileId: 'profile_sayswitch', gatewayId: 'sibs-spg', merchantReference: 'MAN-Q', phone: '351#912345678', customerName: 'Ana', mandateType: 'SUBSCRIPTION', status: 'pending', createdAt: at(0),
      });
      await ledger.schedule.ensure(entry(payment.id, 2));
      await ledger.schedule.ensure(entry(mandate.id, 3, { subject: 'mandate' }));
      await ledger.schedule.ensure(entry('pay_gone', 4, { gatewayId: 'aci-oppwa' }));
      await ledger.schedule.recordResult('payment', 'pay_gone', { nextCheckAt: at(4), lastCheckedAt: at(1), attempts: 1, failures: 2, lastAnswer: null, lastError: 'down' });
      assert.deepEqual(await ledger.views.pollQueueSummary(), { waiting: 3, needsReview: 1 });

      const page = await ledger.views.pollQueuePage({ limit: 2 });
      assert.equal(page.total, 3);
      assert.deepEqual(page.entries.map((row) => [row.subjectId, row.status, row.merchantReference]), [
        [payment.id, 'pending', 'ORD-Q'],
        [mandate.id, 'pending', 'MAN-Q'],
      ]);
      assert.equal(page.entries[0]?.amountMinor, 2n ** 55n);
      assert.equal(page.entries[0]?.profileName, payment.profileName);
      assert.equal(page.entries[1]?.profileName, null);
      const backingOff = await ledger.views.pollQueuePage({ state: 'backing_off', limit: 10 });
      assert.deepEqual([backingOff.total, backingOff.entries.map((row) => [row.subjectId, row.status])], [1, [['pay_gone', null]]]);
      const oppwaWaiting = await ledger.views.pollQueuePage({ gatewayId: 'aci-oppwa', state: 'waiting', limit: 10 });
      assert.deepEqual(oppwaWaiting, { entries: [], total: 0 });
      assert.equal((await ledger.views.pollQueuePage({ gatewayId: 'sibs-spg', limit: 10 })).total, 2);
    });
  });
}
