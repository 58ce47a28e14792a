import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../renderer/src/api/client.ts';
import { formatRelativeTime, isDue, relativeSpan } from '../../../renderer/src/format/relative-time.ts';
import {
  canSyncNow,
  chunkIds,
  pruneSelection,
  selectAllState,
  selectRange,
  toggleAll,
  toggleSelected,
  type QueueEntry,
} from '../../../renderer/src/features/status-queue/utils/selection.ts';
import {
  createStatusQueueStore,
  queueInput,
  selectProgressPercent,
  selectRunSummary,
  SYNC_BATCH,
} from '../../../renderer/src/features/status-queue/stores/status-queue-store.ts';
import { QueryObserver } from '@tanstack/react-query';
import { badgeLabel, pollerSummaryQuery, pollerSummaryReported, selectNeedsReviewBadge, selectWaitingBadge } from '../../../renderer/src/queries/poller-summary-query.ts';
import { errorShapeOf } from '../../../renderer/src/queries/channel-query.ts';
import { createConsoleQueryClient } from '../../../renderer/src/queries/query-client.ts';
import { pollerQueueQuery } from '../../../renderer/src/features/status-queue/queries/status-queue-queries.ts';
import { eventually } from '../../helpers/eventually.ts';
import { parseRoute, routeHref } from '../../../renderer/src/routing/route.ts';

type QueueOutput = ChannelOutput<'poller:queue'>;
const HERE = { here: true, by: 'alice@desk-1 (electron, pid 1)' };

function entry(subjectId: string, overrides: Partial<QueueEntry> = {}): QueueEntry {
  return {
    subject: 'payment',
    subjectId,
    gatewayId: 'sibs-spg',
    profileName: 'Sandbox SIBS',
    status: 'pending',
    method: 'mbway',
    amount: '19.20',
    currency: 'EUR',
    merchantReference: `MBW-${subjectId}`,
    firstSeenAt: '2025-03-01T10:00:00.000Z',
    nextCheckAt: '2025-03-01T10:00:10.000Z',
    lastCheckedAt: null,
    attempts: 0,
    state: 'waiting',
    lastAnswer: null,
    lastError: null,
    ...overrides,
  };
}

function scriptedCall(answers: Partial<{ [C in ChannelName]: (input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>> }>) {
  const calls: Array<{ channel: ChannelName; input: unknown }> = [];
  const call = (async (channel: ChannelName, input: unknown) => {
    calls.push({ channel, input });
    const answer = answers[channel] as ((input: unknown) => Promise<Envelope<unknown>>) | undefined;
    if (!answer) return { ok: false, error: { kind: 'not_found', message: `No handler for ${channel}` } };
    return answer(input);
  }) as CallFn;
  return { call, calls };
}

const NOW = Date.parse('2025-03-01T12:00:00.000Z');

test('writes an instant relative to now in the largest unit that reads naturally', () => {
  assert.equal(formatRelativeTime('2025-03-01T12:00:20.000Z', NOW, 'en-GB'), 'in 20 seconds');
  assert.equal(formatRelativeTime('2025-03-01T11:57:00.000Z', NOW, 'en-GB'), '3 minutes ago');
  assert.equal(formatRelativeTime('2025-03-01T09:00:00.000Z', NOW, 'en-GB'), '3 hours ago');
  assert.equal(formatRelativeTime('2025-03-03T12:00:00.000Z', NOW, 'en-GB'), 'in 2 days');
  assert.equal(formatRelativeTime('2025-03-01T11:57:00.000Z', NOW, 'pt-PT'), 'há 3 minutos');
  assert.equal(formatRelativeTime('2025-03-01T12:00:00.200Z', NOW, 'en-GB'), 'now');
  assert.equal(formatRelativeTime('yesterday-ish', NOW, 'en-GB'), 'yesterday-ish');
});

test('moves to the next unit at a minute, an hour and a day, rounding to the nearest', () => {
  assert.deepEqual(relativeSpan(59_400), { value: 59, unit: 'second' });
  assert.deepEqual(relativeSpan(60_000), { value: 1, unit: 'minute' });
  assert.deepEqual(relativeSpan(-90 * 60_000), { value: -2, unit: 'hour' });
  assert.deepEqual(relativeSpan(36 * 3_600_000), { value: 2, unit: 'day' });
});

test('a next check is due once its instant has come', () => {
  assert.equal(isDue('2025-03-01T12:00:00.000Z', NOW), true);
  assert.equal(isDue('2025-03-01T12:00:01.000Z', NOW), false);
  assert.equal(isDue('not a date', NOW), false);
});

test('selects payments only: a mandate waits for its own schedule', () => {
  const entries = [entry('p1'), entry('m1', { subject: 'mandate' }), entry('p2')];
  assert.equal(canSyncNow(entries[1]!), false);
  assert.deepEqual(toggleAll([], entries), ['p1', 'p2']);
  assert.deepEqual(toggleAll(['p1', 'p2'], entries), []);
  assert.equal(selectAllState([], entries), 'none');
  assert.equal(selectAllState(['p2'], entries), 'some');
  assert.equal(selectAllState(['p2', 'p1'], entries), 'all');
  assert.equal(selectAllState([], [entry('m1', { subject: 'mandate' })]), 'none');
});

test('toggles one row and forgets rows that left the queue', () => {
  assert.deepEqual(toggleSelected(['a'], 'b'), ['a', 'b']);
  assert.deepEqual(toggleSelected(['a', 'b'], 'a'), ['b']);
  assert.deepEqual(pruneSelection(['a', 'b', 'gone'], [entry('b'), entry('a')]), ['a', 'b']);
});

test('a shift-click gives every payment between the anchor and the row the clicked row’s new state', () => {
  const entries = [entry('a'), entry('b'), entry('m', { subject: 'mandate' }), entry('c'), entry('d')];
  assert.deepEqual(selectRange(['a'], entries, 'a', 'c'), ['a', 'b', 'c']);
  assert.deepEqual(selectRange([], entries, 'd', 'b'), ['b', 'c', 'd']);
  assert.deepEqual(selectRange(['a', 'b', 'c', 'd'], entries, 'a', 'c'), ['d']);
  assert.deepEqual(selectRange([], entries, 'gone', 'b'), ['b']);
});

test('splits a large selection into calls the contract accepts', () => {
  const ids = Array.from({ length: 1001 }, (_, index) => `p${index}`);
  const chunks = chunkIds(ids, SYNC_BATCH);
  assert.deepEqual(chunks.map((chunk) => chunk.length), [500, 500, 1]);
  assert.deepEqual(chunks.flat(), ids);
});

test('asks for the queue with only the filters that are set', () => {
  assert.deepEqual(queueInput({ gatewayId: '', state: '' }), { limit: 1000 });
  assert.deepEqual(queueInput({ gatewayId: 'aci-oppwa', state: 'backing_off' }), { limit: 1000, gatewayId: 'aci-oppwa', state: 'backing_off' });
});

test('reads the queue, keeps the error when the core cannot answer, and never shows an answer to an older filter', async () => {
  let failing = true;
  let releaseSlow: (() => void) | null = null;
  const { call } = scriptedCall({
    'poller:queue': async (input) => {
      if (failing) return { ok: false, error: { kind: 'not_found', message: 'Unknown channel poller:queue' } };
      if (input.gatewayId === 'be2bill') {
        await new Promise<void>((resolve) => (releaseSlow = resolve));
        return { ok: true, value: { entries: [entry('old')], total: 1, needsReview: 0, polledBy: HERE } };
      }
      return { ok: true, value: { entries: [entry('p1'), entry('p2')], total: 2, needsReview: 3, polledBy: HERE } satisfies QueueOutput };
    },
  });
  const client = createConsoleQueryClient();
  const store = createStatusQueueStore(call, async () => undefined);
  const observer = new QueryObserver(client, pollerQueueQuery(call, store.getState().filters));
  const off = observer.subscribe(() => undefined);
  await eventually(() => (observer.getCurrentResult().isError ? true : undefined), 'the error', 2_000);
  assert.equal(errorShapeOf(observer.getCurrentResult().error)?.kind, 'not_found');
  assert.equal(observer.getCurrentResult().data, undefined);

  failing = false;
  store.getState().setFilters({ gatewayId: 'be2bill' });
  observer.setOptions(pollerQueueQuery(call, store.getState().filters));
  await eventually(() => releaseSlow ?? undefined, 'the slow filter to be asked', 2_000);
  store.getState().setFilters({ gatewayId: '' });
  observer.setOptions(pollerQueueQuery(call, store.getState().filters));
  await client.refetchQueries({ queryKey: ['poller:queue', { limit: 1000 }] });
  (releaseSlow as (() => void) | null)?.();
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(
    observer.getCurrentResult().data?.entries.map((row) => row.subjectId),
    ['p1', 'p2'],
  );
  assert.equal(observer.getCurrentResult().data?.needsReview, 3);
  off();
});

test('syncs the selection in batches, follows progress events and keeps each payment’s answer', async () => {
  const ids = Array.from({ length: 502 }, (_, index) => `p${index}`);
  const batches: string[][] = [];
  let store: ReturnType<typeof createStatusQueueStore> | null = null;
  let queue = ids.map((id) => entry(id));
  let shown: QueueEntry[] = [];
  const { call } = scriptedCall({
    'poller:queue': async () => ({ ok: true, value: { entries: queue, total: queue.length, needsReview: 0, polledBy: HERE } }),
    'poller:syncNow': async (input) => {
      batches.push(input.paymentIds);
      // Mid-batch, the core reports how far it got; the store adds the batches already done.
      store!.getState().progressReported(1, input.paymentIds.length);
      return {
        ok: true,
        value: {
          results: input.paymentIds.map((paymentId) =>
            paymentId === 'p1' ? { paymentId, ok: false, status: null, message: 'Timeout' } : { paymentId, ok: true, status: 'captured' as const, message: 'Captured' },
          ),
        },
      };
    },
  });
  const readQueue = async () => {
    const answer = await call('poller:queue', { limit: 1000 });
    if (answer.ok) shown = answer.value.entries;
  };
  store = createStatusQueueStore(call, readQueue);
  await readQueue();
  store.getState().toggleAllRows(shown);
  assert.equal(store.getState().selected.length, 502);

  const progressSeen: Array<{ done: number; total: number }> = [];
  const off = store.subscribe((state) => {
    if (state.running) progressSeen.push(state.running);
  });
  queue = [entry('p1')];
  await store.getState().syncSelected();
  off();

  assert.deepEqual(batches.map((batch) => batch.length), [500, 2]);
  assert.deepEqual(progressSeen[0], { done: 0, total: 502 });
  assert.ok(progressSeen.some((run) => run.done === 1));
  assert.ok(progressSeen.some((run) => run.done === 501), 'the second batch’s progress counts the first batch');
  assert.equal(store.getState().running, null);
  assert.deepEqual(store.getState().results['p1'], { ok: false, status: null, message: 'Timeout' });
  assert.equal(store.getState().results['p7']?.status, 'captured');
  assert.deepEqual(selectRunSummary(store.getState()), { checked: 502, failed: 1, requested: 502 });
  assert.deepEqual(store.getState().selected, [], 'answered payments leave the selection');
  assert.deepEqual(
    shown.map((row) => row.subjectId),
    ['p1'],
    'the queue is read again after the run',
  );
});

test('ignores progress events when no sync of ours runs, and a second sync while one runs', async () => {
  let release: (() => void) | null = null;
  const { call, calls } = scriptedCall({
    'poller:queue': async () => ({ ok: true, value: { entries: [], total: 0, needsReview: 0, polledBy: HERE } }),
    'poller:syncNow': async (input) => {
      await new Promise<void>((resolve) => (release = resolve));
      return { ok: true, value: { results: input.paymentIds.map((paymentId) => ({ paymentId, ok: true, status: 'pending' as const, message: 'Still pending' })) } };
    },
  });
  const store = createStatusQueueStore(call, async () => undefined);
  store.getState().progressReported(3, 10);
  assert.equal(store.getState().running, null);

  const first = store.getState().syncNow(['a', 'b']);
  await store.getState().syncNow(['c']);
  store.getState().progressReported(7, 40);
  assert.deepEqual(store.getState().running, { done: 0, total: 2 }, 'a larger run is another console’s');
  store.getState().progressReported(1, 2);
  assert.equal(selectProgressPercent(store.getState()), 50);
  (release as (() => void) | null)?.();
  await first;
  assert.equal(calls.filter((entry) => entry.channel === 'poller:syncNow').length, 1);
});

test('shows the shell’s badges only for known, non-zero counts', async () => {
  const { call } = scriptedCall({
    'poller:summary': async () => ({ ok: true, value: { waiting: 12, needsReview: 0 } }),
  });
  const client = createConsoleQueryClient();
  assert.equal(selectWaitingBadge(client.getQueryData(pollerSummaryQuery(call).queryKey)), null);
  const summary = await client.fetchQuery(pollerSummaryQuery(call));
  assert.equal(selectWaitingBadge(summary), 12);
  assert.equal(selectNeedsReviewBadge(summary), null);
  pollerSummaryReported(client, { waiting: 0, needsReview: 4 });
  const reported = client.getQueryData(pollerSummaryQuery(call).queryKey);
  assert.equal(selectWaitingBadge(reported), null);
  assert.equal(selectNeedsReviewBadge(reported), 4);
  assert.equal(badgeLabel(1234), '999+');

  const unreachable = createConsoleQueryClient();
  await unreachable.prefetchQuery(pollerSummaryQuery(scriptedCall({}).call));
  assert.equal(selectWaitingBadge(unreachable.getQueryData(pollerSummaryQuery(call).queryKey)), null, 'a core without a poller shows no badge');
});

test('routes the queue and the list filtered by one status', () => {
  assert.deepEqual(parseRoute('#/queue'), { name: 'queue' });
  assert.deepEqual(parseRoute(routeHref({ name: 'transactions', link: { statuses: ['needs_review'] } })), { name: 'transactions', link: { statuses: ['needs_review'] } });
  assert.equal(routeHref({ name: 'transactions', link: { statuses: ['needs_review'] } }), '#/transactions?status=needs_review', 'the badge link of earlier versions still opens the same list');
  assert.deepEqual(parseRoute('#/transactions?status=bogus'), { name: 'transactions' });
  assert.deepEqual(parseRoute('#/transactions'), { name: 'transactions' });
});
