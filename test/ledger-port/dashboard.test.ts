/**
 * The dashboard's figures through the port, the same on both backends: every figure equals what
 * reading the payments one by one gives (a property over random ledgers), days are cut in the
 * operator's time zone, and amounts are never added up across currencies.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { APPROVED_STATUSES, PENDING_AGE_BUCKETS, WAITING_STATUSES } from '../../shared/domain/dashboard-buckets.ts';
import type { DashboardSummary } from '../../shared/domain/dashboard.ts';
import { PAYMENT_STATUSES, type PaymentStatus } from '../../shared/domain/schemas.ts';
import { formatDecimal } from '../../shared/money/money.ts';
import { dayOf } from '../../shared/time/zoned-days.ts';
import { dashboardSummary, type DashboardRequest } from '../../electron/core/dashboard/dashboard-summary.ts';
import { ValidationError } from '../../electron/core/errors.ts';
import type { Ledger } from '../../electron/core/ledger/port.ts';
import type { PaymentRow } from '../../electron/core/ledger/types.ts';
import { newPayment } from '../unit/ledger/ledger-fixtures.ts';
import { BACKENDS } from './backends.ts';

const clockAt = (iso: string) => ({ now: () => new Date(iso) });

interface Made {
  readonly createdAt: Date;
  readonly status: PaymentStatus;
  readonly currency: string;
  readonly gatewayId: string;
  readonly amountMinor: bigint;
  readonly code: string | null;
  readonly message: string | null;
}

let madeCount = 0;

async function make(ledger: Ledger, profileId: string, payment: Made): Promise<PaymentRow> {
  madeCount += 1;
  const row = await ledger.payments.insert(
    newPayment({ id: `dash_${profileId}_${madeCount}`, profileId, status: payment.status, currency: payment.currency, gatewayId: payment.gatewayId, amountMinor: payment.amountMinor, createdAt: payment.createdAt }),
  );
  if (payment.code === null && payment.message === null) return row;
  return ledger.payments.update(row.id, { gatewayCode: payment.code, gatewayMessage: payment.message }, payment.createdAt);
}

/** The summary worked out the slow way: each payment read on its own, its day from its own instant. */
function expectedSummary(payments: readonly Made[], request: DashboardRequest, today: string): DashboardSummary {
  const inPeriod = payments.filter((payment) => {
    const day = dayOf(payment.createdAt, request.timeZone);
    return day >= request.from && day <= request.to && (request.currency === undefined || payment.currency === request.currency) && (request.gatewayId === undefined || payment.gatewayId === request.gatewayId);
  });
  type Line = { key: string[]; count: number; approvedCount: number; approvedMinor: bigint; declinedCount: number };
  const lines = { currency: new Map<string, Line>(), day: new Map<string, Line>(), gateway: new Map<string, Line>() };
  const add = (into: Map<string, Line>, key: string[], payment: Made) => {
    const line = into.get(key.join('|')) ?? { key, count: 0, approvedCount: 0, approvedMinor: 0n, declinedCount: 0 };
    line.count += 1;
    if (APPROVED_STATUSES.includes(payment.status)) {
      line.approvedCount += 1;
      line.approvedMinor += payment.amountMinor;
    }
    if (payment.status === 'declined') line.declinedCount += 1;
    into.set(key.join('|'), line);
  };
  const declines = new Map<string, { gatewayId: string; code: string | null; count: number; messages: Map<string | null, number> }>();
  const statusCounts = new Map<PaymentStatus, number>();
  const ageCounts = new Map<string, number>();
  for (const payment of inPeriod) {
    const day = dayOf(payment.createdAt, request.timeZone);
    add(lines.currency, [payment.currency], payment);
    add(lines.day, [day, payment.currency], payment);
    add(lines.gateway, [payment.gatewayId, payment.currency], payment);
    statusCounts.set(payment.status, (statusCounts.get(payment.status) ?? 0) + 1);
    if (payment.status === 'declined') {
      const key = `${payment.gatewayId}|${payment.code}`;
      const reason = declines.get(key) ?? { gatewayId: payment.gatewayId, code: payment.code, count: 0, messages: new Map() };
      reason.count += 1;
      reason.messages.set(payment.message, (reason.messages.get(payment.message) ?? 0) + 1);
      declines.set(key, reason);
    }
    if (WAITING_STATUSES.includes(payment.status)) {
      const daysAgo = Math.max(0, Math.round((Date.parse(today) - Date.parse(day)) / 86_400_000));
      const bucket = PENDING_AGE_BUCKETS.find((entry) => daysAgo >= entry.fromDaysAgo && (entry.toDaysAgo === null || daysAgo <= entry.toDaysAgo))!;
      ageCounts.set(bucket.bucket, (ageCounts.get(bucket.bucket) ?? 0) + 1);
    }
  }
  const sorted = (into: Map<string, Line>) => [...into.values()].sort((a, b) => (a.key.join('\u0000') < b.key.join('\u0000') ? -1 : 1));
  const figures = (line: Line, currency: string) => ({ count: line.count, approvedCount: line.approvedCount, approvedAmount: formatDecimal(line.approvedMinor, currency), declinedCount: line.declinedCount });
  const commonest = (messages: Map<string | null, number>) =>
    [...messages.entries()].sort((a, b) => b[1] - a[1] || ((a[0] ?? '') < (b[0] ?? '') ? -1 : (a[0] ?? '') > (b[0] ?? '') ? 1 : 0))[0]![0];
  return {
    period: { from: request.from, to: request.to, timeZone: request.timeZone, today },
    currencies: sorted(lines.currency).map((line) => ({ currency: line.key[0]!, ...figures(line, line.key[0]!) })),
    days: sorted(lines.day).map((line) => ({ day: line.key[0]!, currency: line.key[1]!, ...figures(line, line.key[1]!) })),
    statuses: PAYMENT_STATUSES.filter((status) => statusCounts.has(status)).map((status) => ({ status, count: statusCounts.get(status)! })),
    declineReasons: [...declines.values()]
      .sort((a, b) => b.count - a.count || (a.gatewayId !== b.gatewayId ? (a.gatewayId < b.gatewayId ? -1 : 1) : (a.code ?? '') < (b.code ?? '') ? -1 : (a.code ?? '') > (b.code ?? '') ? 1 : 0))
      .slice(0, 10)
      .map((reason) => ({ gatewayId: reason.gatewayId, code: reason.code, message: commonest(reason.messages), count: reason.count })),
    pendingAges: PENDING_AGE_BUCKETS.map((entry) => ({ bucket: entry.bucket, count: ageCounts.get(entry.bucket) ?? 0 })) as DashboardSummary['pendingAges'],
    gateways: sorted(lines.gateway).map((line) => ({ gatewayId: line.key[0]!, currency: line.key[1]!, ...figures(line, line.key[1]!) })),
  };
}

const madeArbitrary = fc.record({
  // Three days around the Lisbon spring change (2026-03-29), so days of 23 hours are among them.
  createdAt: fc.integer({ min: Date.parse('2026-03-27T20:00:00Z'), max: Date.parse('2026-03-31T04:00:00Z') }).map((ms) => new Date(ms)),
  status: fc.constantFrom(...PAYMENT_STATUSES),
  currency: fc.constantFrom('EUR', 'USD', 'JPY'),
  gatewayId: fc.constantFrom('sibs-spg', 'aci-oppwa'),
  amountMinor: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  code: fc.option(fc.constantFrom('05', '51', '800.100.151'), { nil: null }),
  message: fc.option(fc.constantFrom('Do not honour', 'Insufficient funds', 'Card expired'), { nil: null }),
});

for (const backend of BACKENDS) {
  describe(`ledger port dashboard (${backend.name})`, { skip: backend.skip }, () => {
    test('every figure equals the one read payment by payment, for any ledger, period, time zone and narrowing', async () => {
      const ledger = await (await backend.fresh()).open();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(madeArbitrary, { maxLength: 40 }),
          fc.constantFrom('Europe/Lisbon', 'UTC', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Kiritimati'),
          fc.constantFrom(['2026-03-28', '2026-03-30'], ['2026-03-29', '2026-03-29'], ['2026-03-27', '2026-03-31']),
          fc.option(fc.constantFrom('EUR', 'JPY'), { nil: undefined }),
          fc.option(fc.constantFrom('sibs-spg', 'aci-oppwa'), { nil: undefined }),
          async (payments, timeZone, [from, to], currency, gatewayId) => {
            run += 1;
            // Each run is one profile of its own on the same ledger, so runs do not see each other's payments.
            const profileId = `profile_run_${run}`;
            for (const payment of payments) await make(ledger, profileId, payment);
            const request: DashboardRequest = { from: from!, to: to!, timeZone, profileId, currency, gatewayId };
            const now = '2026-04-02T12:00:00Z';
            const today = dayOf(new Date(now), timeZone);
            const summary = await dashboardSummary(ledger, clockAt(now), request);
            const expected = expectedSummary(payments, request, today);
            const ages = summary.pendingAges.map(({ bucket, count }) => ({ bucket, count }));
            assert.deepEqual({ ...summary, pendingAges: ages }, expected);
          },
        ),
        { numRuns: 25 },
      );
    });

    test('cuts days in the time zone asked for: the same instant is another day in Lisbon, Kolkata and UTC', async () => {
      const ledger = await (await backend.fresh()).open();
      const base = { status: 'captured' as const, currency: 'EUR', gatewayId: 'sibs-spg', amountMinor: 1000n, code: null, message: null };
      // 23:30 UTC on 29 March is 00:30 on the 30th in Lisbon (summer time since that morning) and 05:00 on the 30th in Kolkata.
      await make(ledger, 'p_tz', { ...base, createdAt: new Date('2026-03-29T23:30:00Z') });
      // 18:20 UTC on the 29th is still the 29th in Lisbon but already the 30th in Kolkata (UTC+5:30).
      await make(ledger, 'p_tz', { ...base, createdAt: new Date('2026-03-29T18:40:00Z') });
      const daysIn = async (timeZone: string) =>
        (await dashboardSummary(ledger, clockAt('2026-04-01T00:00:00Z'), { from: '2026-03-29', to: '2026-03-30', timeZone, profileId: 'p_tz' })).days.map((line) => [line.day, line.count]);
      assert.deepEqual(await daysIn('UTC'), [['2026-03-29', 2]]);
      assert.deepEqual(await daysIn('Europe/Lisbon'), [['2026-03-29', 1], ['2026-03-30', 1]]);
      assert.deepEqual(await daysIn('Asia/Kolkata'), [['2026-03-30', 2]]);
      const oneDay = await dashboardSummary(ledger, clockAt('2026-04-01T00:00:00Z'), { from: '2026-03-30', to: '2026-03-30', timeZone: 'Europe/Lisbon', profileId: 'p_tz' });
      assert.deepEqual(oneDay.currencies.map((line) => line.count), [1], 'a period of one day holds only that day');
    });

    test('keeps every currency apart: amounts are summed per currency, in its own decimals', async () => {
      const ledger = await (await backend.fresh()).open();
      const at = new Date('2026-05-04T10:00:00Z');
      const base = { createdAt: at, gatewayId: 'sibs-spg', code: null, message: null };
      await make(ledger, 'p_cur', { ...base, status: 'captured', currency: 'EUR', amountMinor: 1050n });
      await make(ledger, 'p_cur', { ...base, status: 'refunded', currency: 'EUR', amountMinor: 950n });
      await make(ledger, 'p_cur', { ...base, status: 'captured', currency: 'JPY', amountMinor: 5000n });
      await make(ledger, 'p_cur', { ...base, status: 'declined', currency: 'JPY', amountMinor: 7000n, code: '05', message: 'Do not honour' });
      const summary = await dashboardSummary(ledger, clockAt('2026-05-05T10:00:00Z'), { from: '2026-05-01', to: '2026-05-07', timeZone: 'Europe/Lisbon', profileId: 'p_cur' });
      assert.deepEqual(summary.currencies, [
        { currency: 'EUR', count: 2, approvedCount: 2, approvedAmount: '20.00', declinedCount: 0 },
        { currency: 'JPY', count: 2, approvedCount: 1, approvedAmount: '5000', declinedCount: 1 },
      ]);
      assert.deepEqual(summary.days.map((line) => [line.day, line.currency, line.approvedAmount]), [['2026-05-04', 'EUR', '20.00'], ['2026-05-04', 'JPY', '5000']]);
      assert.deepEqual(summary.declineReasons, [{ gatewayId: 'sibs-spg', code: '05', message: 'Do not honour', count: 1 }]);
      assert.deepEqual(summary.statuses, [{ status: 'captured', count: 2 }, { status: 'refunded', count: 1 }, { status: 'declined', count: 1 }]);
    });

    test('ages waiting payments in whole days of the time zone, each bucket with its days in the period', async () => {
      const ledger = await (await backend.fresh()).open();
      const base = { status: 'pending' as const, currency: 'EUR', gatewayId: 'sibs-spg', amountMinor: 100n, code: null, message: null };
      for (const at of ['2026-05-10T09:00:00Z', '2026-05-09T09:00:00Z', '2026-05-05T09:00:00Z', '2026-04-20T09:00:00Z', '2026-04-01T09:00:00Z']) {
        await make(ledger, 'p_age', { ...base, createdAt: new Date(at) });
      }
      await make(ledger, 'p_age', { ...base, status: 'captured', createdAt: new Date('2026-05-10T09:00:00Z') });
      const summary = await dashboardSummary(ledger, clockAt('2026-05-10T12:00:00Z'), { from: '2026-04-01', to: '2026-05-10', timeZone: 'Europe/Lisbon', profileId: 'p_age' });
      assert.deepEqual(summary.pendingAges, [
        { bucket: 'today', count: 1, fromDay: '2026-05-10', toDay: '2026-05-10' },
        { bucket: 'days_1_2', count: 1, fromDay: '2026-05-08', toDay: '2026-05-09' },
        { bucket: 'days_3_6', count: 1, fromDay: '2026-05-04', toDay: '2026-05-07' },
        { bucket: 'days_7_29', count: 1, fromDay: '2026-04-11', toDay: '2026-05-03' },
        { bucket: 'days_30_plus', count: 1, fromDay: '2026-04-01', toDay: '2026-04-10' },
      ]);
      const earlier = await dashboardSummary(ledger, clockAt('2026-05-10T12:00:00Z'), { from: '2026-04-01', to: '2026-04-05', timeZone: 'Europe/Lisbon', profileId: 'p_age' });
      assert.deepEqual(earlier.pendingAges.map((age) => [age.bucket, age.fromDay]), [['today', null], ['days_1_2', null], ['days_3_6', null], ['days_7_29', null], ['days_30_plus', '2026-04-01']]);
    });

    test('refuses days that leave a gap, and more days than a year and a day', async () => {
      const ledger = await (await backend.fresh()).open();
      const day = (iso: string) => new Date(iso);
      await assert.rejects(ledger.views.dashboardFigures({ slots: [{ start: day('2026-05-01T00:00:00Z'), end: day('2026-05-02T00:00:00Z') }, { start: day('2026-05-03T00:00:00Z'), end: day('2026-05-04T00:00:00Z') }] }), ValidationError);
      await assert.rejects(ledger.views.dashboardFigures({ slots: [] }), ValidationError);
    });
  });
}
