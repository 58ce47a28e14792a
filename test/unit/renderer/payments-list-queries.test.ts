/**
 * The payments list's server state in the query cache, against a scripted core: keyset pages,
 * an older answer never over a newer one, rows patched from `payment:changed`, changes elsewhere
 * read again once per window, and the totals following a row on screen that changed status.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InfiniteQueryObserver, QueryClient, QueryObserver } from '@tanstack/react-query';
import type { SearchInput } from '../../../shared/ipc/contract.ts';
import type { CallFn } from '../../../renderer/src/api/client.ts';
import { errorShapeOf } from '../../../renderer/src/queries/channel-query.ts';
import { createCoalescedRefresh } from '../../../renderer/src/queries/coalesced-refresh.ts';
import { shouldLoadMore, virtualRowCount } from '../../../renderer/src/queries/keyset-list.ts';
import { createConsoleQueryClient } from '../../../renderer/src/queries/query-client.ts';
import {
  keepFirstPage,
  PAGE_SIZE,
  paymentChangedInCache,
  paymentsSearchQuery,
  paymentsTotalsQuery,
  rowsOfPages,
  skippedOfPages,
  type PaymentPages,
} from '../../../renderer/src/features/transactions/queries/payments-list-queries.ts';
import { eventually } from '../../helpers/eventually.ts';
import { paymentSummaryFixture as summary } from '../../helpers/payment-summary.ts';
import { scriptedCall } from '../../helpers/scripted-call.ts';

const WINDOW_MS = 30;
const captured: SearchInput = { limit: PAGE_SIZE, statuses: ['captured'] };
const totalsOf = (count: number) => ({ ok: true as const, value: { count, currencies: [{ currency: 'EUR', count, amount: `${count * 10}.00` }] } });

function watchSearch(client: QueryClient, call: CallFn, input: SearchInput) {
  const observer = new InfiniteQueryObserver(client, paymentsSearchQuery(call, input));
  const off = observer.subscribe(() => undefined);
  return { observer, off, rows: () => rowsOfPages(observer.getCurrentResult().data as PaymentPages | undefined).map((row) => row.id) };
}

function listening(client: QueryClient) {
  const refresh = createCoalescedRefresh(client, WINDOW_MS);
  const stale: string[] = [];
  return { refresh, stale, refreshing: { refresh: refresh.request, markStale: (key: string) => stale.push(key) } };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('pages along the cursor, without repeating a row that shifted, and counts what the core could not show', async () => {
  const { call, calls } = scriptedCall({
    'payments:search': async (input) =>
      input.cursor === 'page-2'
        ? { ok: true, value: { rows: [summary('b'), summary('c')], nextCursor: null, skipped: 1 } }
        : { ok: true, value: { rows: [summary('a'), summary('b')], nextCursor: 'page-2', skipped: 2 } },
  });
  const client = createConsoleQueryClient();
  const { observer, off, rows } = watchSearch(client, call, captured);
  await eventually(() => (observer.getCurrentResult().isSuccess ? true : undefined), 'the first page');
  assert.equal(virtualRowCount({ rowCount: rows().length, hasMore: observer.getCurrentResult().hasNextPage }), 3, 'a loader row while more exist');
  await observer.fetchNextPage();
  assert.deepEqual(rows(), ['a', 'b', 'c']);
  assert.equal(skippedOfPages(observer.getCurrentResult().data as PaymentPages), 3);
  assert.equal(observer.getCurrentResult().hasNextPage, false);
  assert.deepEqual(calls.map((entry) => entry.input), [captured, { ...captured, cursor: 'page-2' }]);
  off();
});

test('a search the list left keeps its first page only, so coming back reads one page again, not every page scrolled through', async () => {
  const { call, calls } = scriptedCall({
    'payments:search': async (input) => {
      const page = Number((input.cursor ?? 'page-1').slice(5));
      return { ok: true, value: { rows: [summary(`row-${page}`)], nextCursor: page < 5 ? `page-${page + 1}` : null } };
    },
  });
  const client = createConsoleQueryClient();
  const first = watchSearch(client, call, captured);
  await eventually(() => (first.observer.getCurrentResult().isSuccess ? true : undefined), 'the first page');
  for (let page = 2; page <= 5; page += 1) await first.observer.fetchNextPage();
  assert.equal(first.rows().length, 5);
  first.off();
  keepFirstPage(client, paymentsSearchQuery(call, captured).queryKey);
  calls.length = 0;
  const back = watchSearch(client, call, captured);
  await back.observer.refetch();
  assert.deepEqual(back.rows(), ['row-1']);
  const cursors = calls.map((entry) => (entry.input as SearchInput).cursor ?? null);
  assert.ok(cursors.length > 0 && cursors.every((cursor) => cursor === null), `only first pages are read again: ${JSON.stringify(cursors)}`);
  back.off();
});

test('a search the list leaves keeps the time its rows were read, whether it is cut to its first page or left as it is', async () => {
  const { call } = scriptedCall({
    'payments:search': async (input) => ({ ok: true, value: { rows: [summary(`row-${(input as SearchInput).cursor ?? 'first'}`)], nextCursor: (input as SearchInput).statuses?.includes('failed') || (input as SearchInput).cursor ? null : 'c2' } }),
  });
  const client = createConsoleQueryClient();
  const failed: SearchInput = { limit: PAGE_SIZE, statuses: ['failed'] };
  for (const [input, pages] of [
    [failed, 1],
    [captured, 2],
  ] as const) {
    const watched = watchSearch(client, call, input);
    await watched.observer.refetch();
    if (pages === 2) await watched.observer.fetchNextPage();
    watched.off();
    const { queryKey } = paymentsSearchQuery(call, input);
    const readAt = client.getQueryState(queryKey)!.dataUpdatedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    keepFirstPage(client, queryKey);
    assert.equal(client.getQueryData<PaymentPages>(queryKey)!.pages.length, 1);
    assert.equal(client.getQueryState(queryKey)!.dataUpdatedAt, readAt, `read time of a search of ${pages} page(s)`);
  }
});

test('never lets a slower answer read before a change replace the answer read after it', async () => {
  let releaseFirst: (() => void) | undefined;
  let answer = 0;
  const { call } = scriptedCall({
    'payments:search': async () => {
      answer += 1;
      if (answer === 1) {
        await new Promise<void>((resolve) => (releaseFirst = resolve));
        return { ok: true, value: { rows: [summary('before')], nextCursor: null } };
      }
      return { ok: true, value: { rows: [summary('after')], nextCursor: null } };
    },
  });
  const client = createConsoleQueryClient();
  const { observer, off, rows } = watchSearch(client, call, captured);
  await eventually(() => releaseFirst, 'the first search to be asked');
  const { refresh, refreshing } = listening(client);
  paymentChangedInCache(client, summary('new-elsewhere'), refreshing);
  await eventually(() => (answer === 2 ? true : undefined), 'the search asked again after the change', 2_000);
  releaseFirst?.();
  await eventually(() => (observer.getCurrentResult().isFetching ? undefined : true), 'the searches to end', 2_000);
  assert.deepEqual(rows(), ['after']);
  refresh.dispose();
  off();
});

test('keeps the rows and stops paging after a failed page, until the operator retries', async () => {
  let failNext = true;
  const { call } = scriptedCall({
    'payments:search': async (input) => {
      if (input.cursor && failNext) return { ok: false, error: { kind: 'timeout', message: 'The core took too long' } };
      return input.cursor ? { ok: true, value: { rows: [summary('b')], nextCursor: null } } : { ok: true, value: { rows: [summary('a')], nextCursor: 'c2' } };
    },
  });
  const client = createConsoleQueryClient();
  const { observer, off, rows } = watchSearch(client, call, captured);
  await eventually(() => (observer.getCurrentResult().isSuccess ? true : undefined), 'the first page');
  await observer.fetchNextPage();
  const failed = observer.getCurrentResult();
  assert.deepEqual(errorShapeOf(failed.error), { kind: 'timeout', message: 'The core took too long' });
  assert.deepEqual(rows(), ['a']);
  assert.equal(shouldLoadMore({ rowCount: 1, hasMore: failed.hasNextPage, fetching: failed.isFetching, error: errorShapeOf(failed.error) }, 0, 20), false);
  assert.equal(shouldLoadMore({ rowCount: 1, hasMore: true, fetching: false, error: null }, 0, 20), true, 'near the end it would have asked');
  failNext = false;
  await observer.fetchNextPage();
  assert.deepEqual(rows(), ['a', 'b']);
  off();
});

test("replaces a row on screen with the event's summary without a search, and an older announcement changes nothing", async () => {
  const { call, calls } = scriptedCall({
    'payments:search': async () => ({ ok: true, value: { rows: [summary('a', { status: 'partially_refunded', refunded: '2.00', refundable: '8.00' }), summary('b')], nextCursor: null } }),
  });
  const client = createConsoleQueryClient();
  const { observer, off } = watchSearch(client, call, captured);
  await eventually(() => (observer.getCurrentResult().isSuccess ? true : undefined), 'the first page');
  const { refresh, refreshing } = listening(client);
  paymentChangedInCache(client, summary('a', { status: 'partially_refunded', refunded: '5.00', refundable: '5.00', updatedAt: '2025-05-01T11:00:00.000Z' }), refreshing);
  paymentChangedInCache(client, summary('a', { refunded: '0.00', updatedAt: '2025-05-01T10:30:00.000Z' }), refreshing);
  await pause(WINDOW_MS * 3);
  const shown = rowsOfPages(observer.getCurrentResult().data as PaymentPages);
  assert.deepEqual(shown.map((row) => `${row.id}:${row.status}:${row.refunded}`), ['a:partially_refunded:5.00', 'b:captured:0.00']);
  assert.deepEqual(calls.map((entry) => entry.channel), ['payments:search'], 'patched from the event, not searched again');
  refresh.dispose();
  off();
});

test('reads a one-page search again once per window, however many payments off screen changed', async () => {
  const { call, calls } = scriptedCall({ 'payments:search': async () => ({ ok: true, value: { rows: [summary('a')], nextCursor: null } }) });
  const client = createConsoleQueryClient();
  const { observer, off } = watchSearch(client, call, captured);
  await eventually(() => (observer.getCurrentResult().isSuccess ? true : undefined), 'the first page');
  const { refresh, refreshing } = listening(client);
  for (const id of ['x1', 'x2', 'x3', 'x4', 'x5']) paymentChangedInCache(client, summary(id), refreshing);
  await pause(WINDOW_MS * 4);
  assert.equal(calls.filter((entry) => entry.channel === 'payments:search').length, 2, 'the first search and one more');
  refresh.dispose();
  off();
});

test('offers a refresh instead of reading every page of a deep search again', async () => {
  const { call, calls } = scriptedCall({
    'payments:search': async (input) => ({ ok: true, value: input.cursor ? { rows: [summary('b')], nextCursor: null } : { rows: [summary('a')], nextCursor: 'c2' } }),
  });
  const client = createConsoleQueryClient();
  const { observer, off } = watchSearch(client, call, captured);
  await eventually(() => (observer.getCurrentResult().isSuccess ? true : undefined), 'the first page');
  await observer.fetchNextPage();
  const { refresh, stale, refreshing } = listening(client);
  paymentChangedInCache(client, summary('elsewhere'), refreshing);
  await pause(WINDOW_MS * 3);
  assert.equal(stale.length, 1);
  assert.equal(calls.length, 2, 'no page was read again');
  refresh.dispose();
  off();
});

test('reads the totals again when a row on screen changes status under a status filter', async () => {
  let capturedCount = 2;
  const { call, calls } = scriptedCall({
    'payments:search': async () => ({ ok: true, value: { rows: [summary('a'), summary('b')], nextCursor: null } }),
    'payments:totals': async () => totalsOf(capturedCount),
  });
  const client = createConsoleQueryClient();
  const { observer, off } = watchSearch(client, call, captured);
  const totals = new QueryObserver(client, paymentsTotalsQuery(call, { statuses: ['captured'] }));
  const offTotals = totals.subscribe(() => undefined);
  await eventually(() => (observer.getCurrentResult().isSuccess && totals.getCurrentResult().isSuccess ? true : undefined), 'the list and its totals');
  assert.equal(totals.getCurrentResult().data?.count, 2);
  const { refresh, refreshing } = listening(client);
  capturedCount = 1;
  paymentChangedInCache(client, summary('a', { status: 'refunded', refunded: '10.00', updatedAt: '2025-05-01T11:00:00.000Z' }), refreshing);
  paymentChangedInCache(client, summary('a', { status: 'refunded', refunded: '10.00', updatedAt: '2025-05-01T11:00:01.000Z' }), refreshing);
  await eventually(() => (totals.getCurrentResult().data?.count === 1 ? true : undefined), 'the totals without the refunded row', 2_000);
  assert.deepEqual(
    calls.map((entry) => entry.channel),
    ['payments:search', 'payments:totals', 'payments:totals'],
    'the totals once for both events, and the rows on screen from the events alone',
  );
  refresh.dispose();
  offTotals();
  off();
});
