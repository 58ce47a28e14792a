/**
 * The dashboard's renderer side without a browser: where each chart element leads (the list's
 * route and the search it runs), the period presets, the store's request and its answers, and
 * the bars each chart draws from a summary.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DashboardSummary } from '../../../shared/domain/dashboard.ts';
import { parseRoute, routeHref, type Route } from '../../../renderer/src/routing/route.ts';
import { buildSearchInput, filtersOfLink } from '../../../renderer/src/features/transactions/utils/search-input.ts';
import { parseQuery } from '../../../renderer/src/features/transactions/utils/query-syntax.ts';
import { declineHref, pendingAgeHref, statusHref, type DashboardNarrowing } from '../../../renderer/src/features/dashboard/utils/drill-down.ts';
import { periodProblem, presetPeriod } from '../../../renderer/src/features/dashboard/utils/period.ts';
import { paymentsPerDayBars, volumePerDayBars, type BarWords } from '../../../renderer/src/features/dashboard/utils/chart-bars.ts';
import { QueryObserver } from '@tanstack/react-query';
import { createDashboardStore, dashboardRequest, volumeCurrencyOf } from '../../../renderer/src/features/dashboard/stores/dashboard-store.ts';
import { dashboardSummaryQuery } from '../../../renderer/src/features/dashboard/queries/dashboard-queries.ts';
import { createConsoleQueryClient } from '../../../renderer/src/queries/query-client.ts';
import { eventually } from '../../helpers/eventually.ts';
import { scriptedCall } from '../../helpers/scripted-call.ts';

const NONE: DashboardNarrowing = { profileId: '', gatewayId: '', currency: '' };
const PERIOD = { from: '2026-05-01', to: '2026-05-03', timeZone: 'Europe/Lisbon', today: '2026-05-03' };

function summary(overrides: Partial<DashboardSummary> = {}): DashboardSummary {
  return { period: PERIOD, currencies: [], days: [], statuses: [], declineReasons: [], pendingAges: [], gateways: [], ...overrides };
}

const figures = { count: 1, approvedCount: 1, approvedAmount: '10.00', declinedCount: 0 };

function linkOf(href: string) {
  const route = parseRoute(href);
  assert.equal(route.name, 'transactions');
  return (route as Extract<Route, { name: 'transactions' }>).link;
}

test('a decline reason opens the list of that gateway’s declines with that code in the period, narrowing kept', () => {
  const href = declineHref(PERIOD, { profileId: 'sandbox-sibs-spg', gatewayId: '', currency: 'EUR' }, { gatewayId: 'sibs-spg', code: '10.106.0001', message: 'Do not honour', count: 3 });
  const link = linkOf(href);
  assert.deepEqual(link, { statuses: ['declined'], gatewayId: 'sibs-spg', profileId: 'sandbox-sibs-spg', currency: 'EUR', fromDate: '2026-05-01', toDate: '2026-05-03', gatewayCode: '10.106.0001' });
  const { input } = buildSearchInput(filtersOfLink(link!), parseQuery(''), 100);
  assert.equal(input.gatewayCode, '10.106.0001');
  assert.deepEqual(input.statuses, ['declined']);
  assert.equal(input.gatewayId, 'sibs-spg');
  assert.equal(input.currency, 'EUR');
  assert.ok(input.from !== undefined && input.to !== undefined, 'the period goes along as the list’s days');
  const withoutCode = linkOf(declineHref(PERIOD, NONE, { gatewayId: 'aci-oppwa', code: null, message: null, count: 1 }));
  assert.equal(withoutCode?.gatewayCode, undefined, 'a reason without a code narrows to its gateway’s declines');
});

test('a pending-age bucket opens the waiting payments of its days, and one without days in the period opens nothing', () => {
  const link = linkOf(pendingAgeHref(NONE, { bucket: 'days_1_2', count: 2, fromDay: '2026-05-01', toDay: '2026-05-02' })!);
  assert.deepEqual(link, { statuses: ['pending', 'requires_action', 'unknown'], fromDate: '2026-05-01', toDate: '2026-05-02' });
  assert.equal(pendingAgeHref(NONE, { bucket: 'days_30_plus', count: 0, fromDay: null, toDay: null }), null);
});

test('list links keep only what checks out, and the badge’s link of earlier versions still works', () => {
  assert.deepEqual(parseRoute('#/transactions?status=declined,bogus&gateway=Not+A+Gateway&currency=XXZ&from=2026-02-30&code=%20'), { name: 'transactions', link: { statuses: ['declined'] } });
  assert.deepEqual(parseRoute('#/transactions?status=bogus'), { name: 'transactions' });
  assert.equal(statusHref(PERIOD, NONE, 'captured'), '#/transactions?status=captured&from=2026-05-01&to=2026-05-03');
  const round = { statuses: ['pending' as const, 'unknown' as const], gatewayId: 'be2bill', profileId: 'p.1', currency: 'NGN', fromDate: '2026-01-01', toDate: '2026-01-31', gatewayCode: '4001 A' };
  assert.deepEqual(parseRoute(routeHref({ name: 'transactions', link: round })), { name: 'transactions', link: round });
});

test('period presets count back from today, and two days that are no period are named', () => {
  const current = { preset: 'custom' as const, from: '2026-01-01', to: '2026-01-02' };
  assert.deepEqual(presetPeriod('last7', '2026-03-02', current), { preset: 'last7', from: '2026-02-24', to: '2026-03-02' });
  assert.deepEqual(presetPeriod('thisMonth', '2026-03-02', current), { preset: 'thisMonth', from: '2026-03-01', to: '2026-03-02' });
  assert.deepEqual(presetPeriod('custom', '2026-03-02', current), current);
  assert.equal(periodProblem('2026-03-02', '2026-03-01'), 'reversed');
  assert.equal(periodProblem('2025-01-01', '2026-01-01'), null, '366 days');
  assert.equal(periodProblem('2025-01-01', '2026-01-02'), 'too_long');
  assert.equal(periodProblem('', '2026-01-02'), 'bad_day');
});

test('asks for the period in the operator’s time zone with its narrowing, and keeps only the newest answer', async () => {
  const answers: Array<(value: DashboardSummary) => void> = [];
  const { call, calls } = scriptedCall({ 'dashboard:summary': () => new Promise((resolve) => answers.push((value) => resolve({ ok: true, value }))) });
  const store = createDashboardStore({ timeZone: () => 'Asia/Kolkata', now: () => new Date('2026-05-02T20:00:00Z') });
  assert.deepEqual(store.getState().period, { preset: 'last30', from: '2026-04-04', to: '2026-05-03' }, 'today is the 3rd in Kolkata at 20:00 UTC');
  const asked = () => dashboardSummaryQuery(call, dashboardRequest(store.getState(), 'Asia/Kolkata'));
  store.getState().narrow({ currency: 'EUR' });
  const observer = new QueryObserver(createConsoleQueryClient(), asked());
  const off = observer.subscribe(() => undefined);
  store.getState().choosePreset('last7');
  observer.setOptions(asked());
  await eventually(() => (answers.length === 2 ? true : undefined), 'both periods asked', 2_000);
  answers[1]!(summary({ currencies: [{ currency: 'EUR', ...figures }] }));
  answers[0]!(summary());
  await eventually(() => (observer.getCurrentResult().isSuccess ? true : undefined), 'the answer', 2_000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(calls.map((made) => made.input), [
    { from: '2026-04-04', to: '2026-05-03', timeZone: 'Asia/Kolkata', currency: 'EUR' },
    { from: '2026-04-27', to: '2026-05-03', timeZone: 'Asia/Kolkata', currency: 'EUR' },
  ]);
  assert.equal(observer.getCurrentResult().data?.currencies.length, 1, 'the older answer, arriving last, is not shown');
  store.getState().chooseDays('2026-05-03', '2026-05-01');
  observer.setOptions(asked());
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(calls.length, 2, 'days that are no period are not asked for');
  off();
});

test('the per-day charts show every day of the period, counts of all currencies together, amounts of one currency only', () => {
  const words: BarWords = { t: (key) => key, day: (day) => day, count: (count) => String(count), amount: (amount, currency) => `${amount} ${currency}`, gateway: (id) => id };
  const data = summary({
    currencies: [{ currency: 'EUR', ...figures }, { currency: 'USD', ...figures, count: 2 }],
    days: [
      { day: '2026-05-01', currency: 'EUR', ...figures, count: 2, approvedAmount: '20.00' },
      { day: '2026-05-01', currency: 'USD', ...figures, count: 3, approvedAmount: '7.00' },
      { day: '2026-05-03', currency: 'USD', ...figures },
    ],
  });
  assert.deepEqual(paymentsPerDayBars(data, NONE, words).map((bar) => [bar.key, bar.value]), [['2026-05-01', 5], ['2026-05-02', 0], ['2026-05-03', 1]]);
  assert.deepEqual(volumePerDayBars(data, 'EUR', NONE, words).map((bar) => [bar.key, bar.valueText]), [['2026-05-01', '20.00 EUR'], ['2026-05-02', '0 EUR'], ['2026-05-03', '0 EUR']]);
  assert.equal(volumeCurrencyOf(data, null), 'USD', 'the busiest currency by default');
  assert.equal(volumeCurrencyOf(data, 'EUR'), 'EUR');
  assert.equal(volumeCurrencyOf(data, 'JPY'), 'USD', 'a currency the period lacks falls back');
});
