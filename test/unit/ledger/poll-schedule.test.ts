import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError } from '../../../electron/core/errors.ts';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import type { Ledger, PollEntry } from '../../../electron/core/ledger/types.ts';
import type { GatewayId } from '../../../shared/domain/schemas.ts';
import { newPayment, tempLedgerPath } from './ledger-fixtures.ts';

function freshLedger(): Ledger {
  return openSqliteLedger(tempLedgerPath());
}

function at(time: string): Date {
  return new Date(`2026-05-01T${time}Z`);
}

function schedule(
  ledger: Ledger,
  subjectId: string,
  nextCheckAt: Date,
  options: { subject?: PollEntry['subject']; gatewayId?: GatewayId } = {},
): PollEntry {
  return ledger.ensurePoll({
    subject: options.subject ?? 'payment',
    subjectId,
    gatewayId: options.gatewayId ?? 'sibs-spg',
    profileId: 'profile_sibs',
    firstSeenAt: at('10:00:00.000'),
    nextCheckAt,
  });
}

function idsOf(entries: readonly PollEntry[]): string[] {
  return entries.map((entry) => entry.subjectId);
}

test('schedules a payment for polling and reads the entry back with its types', () => {
  const ledger = freshLedger();
  const stored = ledger.ensurePoll({
    subject: 'payment',
    subjectId: 'pay_1',
    gatewayId: 'aci-oppwa',
    profileId: 'profile_aci',
    firstSeenAt: at('10:00:00.123'),
    nextCheckAt: at('10:00:30.456'),
  });
  assert.deepEqual(stored, {
    subject: 'payment',
    subjectId: 'pay_1',
    gatewayId: 'aci-oppwa',
    profileId: 'profile_aci',
    firstSeenAt: at('10:00:00.123'),
    nextCheckAt: at('10:00:30.456'),
    lastCheckedAt: null,
    attempts: 0,
    failures: 0,
    lastAnswer: null,
    lastError: null,
  });
  assert.deepEqual(ledger.getPoll('payment', 'pay_1'), stored);
  assert.equal(ledger.getPoll('mandate', 'pay_1'), null, 'a mandate with the same id is another subject');
  assert.equal(ledger.getPoll('payment', 'pay_missing'), null);
  ledger.close();
});

test('keeps an existing entry when the same subject is scheduled again', () => {
  const ledger = freshLedger();
  schedule(ledger, 'pay_1', at('10:01:00.000'));
  const checked = ledger.recordPollResult('payment', 'pay_1', {
    nextCheckAt: at('10:05:00.000'),
    lastCheckedAt: at('10:01:00.500'),
    attempts: 1,
    failures: 0,
    lastAnswer: 'pending',
    lastError: null,
  });
  const again = ledger.ensurePoll({
    subject: 'payment',
    subjectId: 'pay_1',
    gatewayId: 'sibs-spg',
    profileId: 'profile_sibs',
    firstSeenAt: at('11:00:00.000'),
    nextCheckAt: at('11:00:10.000'),
  });
  assert.deepEqual(again, checked, 'first-seen time, attempts and next check survive');
  assert.equal(ledger.countPolls(), 1);
  ledger.close();
});

test('records a poll result and reads it back, then records a transport failure over it', () => {
  const ledger = freshLedger();
  const scheduled = schedule(ledger, 'mdt_1', at('10:01:00.000'), { subject: 'mandate' });
  const answered = ledger.recordPollResult('mandate', 'mdt_1', {
    nextCheckAt: at('10:03:00.000'),
    lastCheckedAt: at('10:01:00.250'),
    attempts: 1,
    failures: 0,
    lastAnswer: 'pending',
    lastError: null,
  });
  assert.deepEqual(answered, {
    ...scheduled,
    nextCheckAt: at('10:03:00.000'),
    lastCheckedAt: at('10:01:00.250'),
    attempts: 1,
    lastAnswer: 'pending',
  });
  const failed = ledger.recordPollResult('mandate', 'mdt_1', {
    nextCheckAt: at('10:07:00.000'),
    lastCheckedAt: at('10:03:00.900'),
    attempts: 2,
    failures: 1,
    lastAnswer: 'pending',
    lastError: 'Timeout after 10000 ms',
  });
  assert.equal(failed.attempts, 2);
  assert.equal(failed.failures, 1);
  assert.equal(failed.lastError, 'Timeout after 10000 ms');
  assert.deepEqual(failed.firstSeenAt, scheduled.firstSeenAt);
  assert.deepEqual(ledger.getPoll('mandate', 'mdt_1'), failed);
  ledger.close();
});

test('refuses to record a poll result for a subject that is not scheduled', () => {
  const ledger = freshLedger();
  schedule(ledger, 'pay_1', at('10:01:00.000'));
  const result = { nextCheckAt: at('10:02:00.000'), lastCheckedAt: at('10:01:00.000'), attempts: 1, failures: 0, lastAnswer: null, lastError: null };
  assert.throws(() => ledger.recordPollResult('payment', 'pay_missing', result), NotFoundError);
  assert.throws(() => ledger.recordPollResult('mandate', 'pay_1', result), NotFoundError);
  assert.equal(ledger.getPoll('payment', 'pay_1')?.attempts, 0);
  ledger.close();
});

test('moves the next check earlier when asked to poll soon, never later', () => {
  const ledger = freshLedger();
  schedule(ledger, 'pay_1', at('10:10:00.000'));
  ledger.pollSoon('payment', 'pay_1', at('10:02:00.000'));
  assert.deepEqual(ledger.getPoll('payment', 'pay_1')?.nextCheckAt, at('10:02:00.000'));
  ledger.pollSoon('payment', 'pay_1', at('10:05:00.000'));
  assert.deepEqual(ledger.getPoll('payment', 'pay_1')?.nextCheckAt, at('10:02:00.000'), 'a later time does not postpone the check');
  ledger.pollSoon('payment', 'pay_missing', at('10:00:00.000'));
  assert.equal(ledger.getPoll('payment', 'pay_missing'), null, 'polling soon does not schedule an unknown subject');
  ledger.close();
});

test('takes a subject off the schedule once, and says whether it was there', () => {
  const ledger = freshLedger();
  schedule(ledger, 'pay_1', at('10:01:00.000'));
  schedule(ledger, 'pay_1', at('10:01:00.000'), { subject: 'mandate' });
  assert.equal(ledger.removePoll('payment', 'pay_1'), true);
  assert.equal(ledger.removePoll('payment', 'pay_1'), false);
  assert.equal(ledger.getPoll('payment', 'pay_1'), null);
  assert.notEqual(ledger.getPoll('mandate', 'pay_1'), null, 'the mandate with the same id stays');
  assert.equal(ledger.countPolls(), 1);
  ledger.close();
});

test('lists the entries due at a moment, soonest first, up to the limit', () => {
  const ledger = freshLedger();
  schedule(ledger, 'pay_late', at('10:09:00.000'));
  schedule(ledger, 'pay_future', at('10:10:00.001'));
  schedule(ledger, 'pay_early', at('10:01:00.000'));
  schedule(ledger, 'mdt_mid', at('10:05:00.000'), { subject: 'mandate' });
  schedule(ledger, 'pay_exact', at('10:10:00.000'));

  const now = at('10:10:00.000');
  assert.deepEqual(idsOf(ledger.duePolls(now, 10)), ['pay_early', 'mdt_mid', 'pay_late', 'pay_exact'], 'an entry due exactly now is due; one a millisecond later is not');
  assert.deepEqual(idsOf(ledger.duePolls(now, 2)), ['pay_early', 'mdt_mid']);
  assert.deepEqual(ledger.duePolls(at('10:00:00.000'), 10), []);
  assert.throws(() => ledger.duePolls(now, 0), RangeError);
  ledger.close();
});

test('lists the whole schedule soonest first, optionally for one gateway', () => {
  const ledger = freshLedger();
  schedule(ledger, 'pay_sibs_late', at('10:30:00.000'), { gatewayId: 'sibs-spg' });
  schedule(ledger, 'pay_aci', at('10:20:00.000'), { gatewayId: 'aci-oppwa' });
  schedule(ledger, 'pay_sibs_early', at('10:10:00.000'), { gatewayId: 'sibs-spg' });
  schedule(ledger, 'mdt_sibs', at('10:15:00.000'), { gatewayId: 'sibs-spg', subject: 'mandate' });

  assert.deepEqual(idsOf(ledger.listPolls({ limit: 10 })), ['pay_sibs_early', 'mdt_sibs', 'pay_aci', 'pay_sibs_late']);
  assert.deepEqual(idsOf(ledger.listPolls({ gatewayId: 'sibs-spg', limit: 10 })), ['pay_sibs_early', 'mdt_sibs', 'pay_sibs_late']);
  assert.deepEqual(idsOf(ledger.listPolls({ gatewayId: 'sibs-spg', limit: 2 })), ['pay_sibs_early', 'mdt_sibs']);
  assert.deepEqual(idsOf(ledger.listPolls({ gatewayId: 'aci-oppwa', limit: 10 })), ['pay_aci']);
  assert.deepEqual(ledger.listPolls({ gatewayId: 'be2bill', limit: 10 }), []);
  assert.deepEqual(idsOf(ledger.listPolls({ gatewayId: undefined, limit: 1 })), ['pay_sibs_early']);
  assert.equal(ledger.countPolls(), 4);
  ledger.close();
});

test('keeps the schedule across a close and reopen', () => {
  const filePath = tempLedgerPath();
  const first = openSqliteLedger(filePath);
  schedule(first, 'pay_1', at('10:01:00.000'));
  first.recordPollResult('payment', 'pay_1', { nextCheckAt: at('10:02:00.000'), lastCheckedAt: at('10:01:00.000'), attempts: 1, failures: 1, lastAnswer: null, lastError: 'Connection reset' });
  first.close();
  const second = openSqliteLedger(filePath);
  assert.deepEqual(idsOf(second.duePolls(at('10:02:00.000'), 10)), ['pay_1']);
  assert.equal(second.getPoll('payment', 'pay_1')?.lastError, 'Connection reset');
  second.close();
});

test('pages the queue with each entry’s payment or mandate and the total matching the filter, in one read', () => {
  const ledger = freshLedger();
  ledger.insertPayment(newPayment({ id: 'pay_sibs_early', amountMinor: 1250n, merchantReference: 'MBW-1', method: 'mbway', status: 'pending' }));
  ledger.insertPayment(newPayment({ id: 'pay_aci', gatewayId: 'aci-oppwa', profileName: 'ACI test', merchantReference: 'ACI-1', status: 'requires_action' }));
  ledger.insertMandate({ id: 'mdt_sibs', profileId: 'profile_sibs', gatewayId: 'sibs-spg', merchantReference: 'MDT-1', phone: '351#912345678', customerName: 'Ana', mandateType: 'SUBSCRIPTION', status: 'pending', createdAt: at('10:00:00.000') });
  schedule(ledger, 'pay_sibs_late', at('10:30:00.000'));
  schedule(ledger, 'pay_aci', at('10:20:00.000'), { gatewayId: 'aci-oppwa' });
  schedule(ledger, 'pay_sibs_early', at('10:10:00.000'));
  schedule(ledger, 'mdt_sibs', at('10:15:00.000'), { subject: 'mandate' });
  ledger.recordPollResult('payment', 'pay_aci', { nextCheckAt: at('10:25:00.000'), lastCheckedAt: at('10:20:00.000'), attempts: 1, failures: 1, lastAnswer: null, lastError: 'timeout' });

  const all = ledger.pollQueuePage({ limit: 2 });
  assert.equal(all.total, 4, 'the total counts past the page');
  assert.deepEqual(idsOf(all.entries), ['pay_sibs_early', 'mdt_sibs']);
  const [payment, mandate] = all.entries;
  assert.deepEqual(
    { status: payment?.status, profileName: payment?.profileName, method: payment?.method, amountMinor: payment?.amountMinor, currency: payment?.currency, merchantReference: payment?.merchantReference },
    { status: 'pending', profileName: 'SIBS sandbox', method: 'mbway', amountMinor: 1250n, currency: 'EUR', merchantReference: 'MBW-1' },
  );
  assert.deepEqual(
    { status: mandate?.status, profileName: mandate?.profileName, method: mandate?.method, amountMinor: mandate?.amountMinor, merchantReference: mandate?.merchantReference },
    { status: 'pending', profileName: null, method: null, amountMinor: null, merchantReference: 'MDT-1' },
  );

  const sibs = ledger.pollQueuePage({ gatewayId: 'sibs-spg', limit: 10 });
  assert.deepEqual(idsOf(sibs.entries), ['pay_sibs_early', 'mdt_sibs', 'pay_sibs_late']);
  assert.equal(sibs.entries[2]?.status, null, 'an entry whose payment is gone still shows, without its payment');
  const backingOff = ledger.pollQueuePage({ state: 'backing_off', limit: 10 });
  assert.deepEqual({ ids: idsOf(backingOff.entries), total: backingOff.total }, { ids: ['pay_aci'], total: 1 });
  assert.equal(ledger.pollQueuePage({ state: 'waiting', limit: 1 }).total, 3);
  assert.deepEqual(ledger.pollQueuePage({ gatewayId: 'be2bill', limit: 10 }), { entries: [], total: 0 });
  assert.throws(() => ledger.pollQueuePage({ limit: 0 }), RangeError);
  ledger.close();
});

test('counts the badges in one read: entries waiting and payments needing review', () => {
  const ledger = freshLedger();
  assert.deepEqual(ledger.pollQueueSummary(), { waiting: 0, needsReview: 0 });
  ledger.insertPayment(newPayment({ id: 'pay_review', status: 'needs_review' }));
  ledger.insertPayment(newPayment({ id: 'pay_pending', status: 'pending' }));
  schedule(ledger, 'pay_pending', at('10:10:00.000'));
  schedule(ledger, 'mdt_1', at('10:11:00.000'), { subject: 'mandate' });
  assert.deepEqual(ledger.pollQueueSummary(), { waiting: 2, needsReview: 1 });
  ledger.close();
});
