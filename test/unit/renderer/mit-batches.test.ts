/** The Batch charges page's store, queries and helpers, against a call function answering as the core would. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InfiniteQueryObserver } from '@tanstack/react-query';
import { MIT_BATCH_MAX_FILE_CHARS, type MitBatch, type MitBatchCounts, type MitBatchRow } from '../../../shared/domain/mit-batch.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import { MIT_BATCH_COLUMNS, readMitBatchFile } from '../../../electron/core/mit-batch/mit-batch-file.ts';
import { channelKey } from '../../../renderer/src/queries/channel-query.ts';
import { createConsoleQueryClient } from '../../../renderer/src/queries/query-client.ts';
import { translate } from '../../../renderer/src/i18n/translate.ts';
import { parseRoute, routeHref } from '../../../renderer/src/routing/route.ts';
import { mitBatchCacheOf, mitBatchRowsQuery, progressIntoCache, rowsOfPages } from '../../../renderer/src/features/mit-batches/queries/mit-batch-queries.ts';
import { createMitBatchStore } from '../../../renderer/src/features/mit-batches/stores/mit-batch-store.ts';
import { BATCH_FILE_COLUMNS, BATCH_FILE_SAMPLE, checkBatchFile } from '../../../renderer/src/features/mit-batches/utils/batch-file.ts';
import { durationOf, looksStalled, runFigures } from '../../../renderer/src/features/mit-batches/utils/batch-progress.ts';
import { durationText } from '../../../renderer/src/features/mit-batches/utils/duration-text.ts';
import { countOfFilter, filtersFor, stateOfFilter } from '../../../renderer/src/features/mit-batches/utils/outcome-filter.ts';
import { shownText } from '../../../renderer/src/features/mit-batches/utils/shown-text.ts';
import { scriptedCall } from '../../helpers/scripted-call.ts';

const ok = <T>(value: T): Promise<Envelope<T>> => Promise.resolve({ ok: true, value });

const NO_ROWS: MitBatchCounts = { rows: 0, invalid: 0, ready: 0, charging: 0, succeeded: 0, pending: 0, declined: 0, failed: 0, unknown: 0, skipped: 0, ran: 0 };
const counts = (overrides: Partial<MitBatchCounts>): MitBatchCounts => ({ ...NO_ROWS, ...overrides });

const BATCH: MitBatch = {
  id: 'mtb_1',
  profileId: 'prf_1',
  gatewayId: 'sibs-spg',
  operator: 'agent',
  fileName: 'renewals.csv',
  status: 'previewed',
  counts: counts({ rows: 3, invalid: 1, ready: 2 }),
  totals: [{ currency: 'EUR', count: 2, amount: '3.50' }],
  createdAt: '2026-12-01T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
};

function row(ordinal: number, overrides: Partial<MitBatchRow> = {}): MitBatchRow {
  return {
    batchId: BATCH.id,
    ordinal,
    line: ordinal + 1,
    tokenId: 'tok_1',
    customerReference: null,
    amount: '1.75',
    currency: 'EUR',
    reference: `SUB-${ordinal}`,
    recurrence: 'recurring',
    description: null,
    merchantReference: `BX${ordinal}`,
    state: 'ready',
    problems: [],
    paymentId: null,
    gatewayTransactionId: null,
    gatewayCode: null,
    gatewayMessage: null,
    error: null,
    finishedAt: null,
    ...overrides,
  };
}

test('the sample file names the columns the core reads, and the core reads it', () => {
  assert.deepEqual([...BATCH_FILE_COLUMNS], [...MIT_BATCH_COLUMNS]);
  const records = readMitBatchFile(BATCH_FILE_SAMPLE);
  assert.equal(records.length, 2);
  assert.equal(records[0]?.cells.token_id, 'tok_01HZX3K2');
  assert.equal(records[1]?.cells.customer_reference, 'ana.silva@example.com');
  assert.deepEqual(
    records.map((record) => record.cells.recurrence),
    ['recurring', 'unscheduled'],
  );
});

test('a file is refused before it is sent when empty, too long for the core, or named with a card number', () => {
  assert.deepEqual(checkBatchFile('a.csv', ' \n'), { kind: 'empty' });
  assert.deepEqual(checkBatchFile('a.csv', 'x'.repeat(MIT_BATCH_MAX_FILE_CHARS + 1)), { kind: 'too_large', chars: MIT_BATCH_MAX_FILE_CHARS + 1 });
  assert.deepEqual(checkBatchFile('4761340000000035.csv', 'token_id\n'), { kind: 'bad_name' });
  assert.deepEqual(checkBatchFile(' july.csv ', 'token_id\n'), { fileName: 'july.csv', content: 'token_id\n' });
});

test('progress counts the rows with an outcome out of the rows the run will charge', () => {
  assert.deepEqual(runFigures(counts({ rows: 10, invalid: 2, ready: 3, charging: 1, succeeded: 3, declined: 1, ran: 5 })), { done: 4, total: 8, fraction: 0.5 });
  // A cancelled batch's skipped rows never run: they leave the total.
  assert.deepEqual(runFigures(counts({ rows: 4, skipped: 2, succeeded: 2, ran: 2 })), { done: 2, total: 2, fraction: 1 });
  assert.deepEqual(runFigures(counts({ rows: 1, invalid: 1 })), { done: 0, total: 0, fraction: 0 });
});

test('time left reads in its two largest units, in both languages', () => {
  assert.deepEqual(durationOf(3725), { hours: 1, minutes: 2, seconds: 5 });
  assert.deepEqual(durationOf(-3), { hours: 0, minutes: 0, seconds: 0 });
  const en = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en', key, vars);
  const pt = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('pt-PT', key, vars);
  assert.equal(durationText(3725, en), '1 h 2 min');
  assert.equal(durationText(65, en), '1 min 5 s');
  assert.equal(durationText(40.4, pt), '40 s');
});

test('a running batch unheard of for the stall time offers resume; a paused or finished one never looks stalled', () => {
  assert.equal(looksStalled('running', 1_000, 15_999, 15_000), false);
  assert.equal(looksStalled('running', 1_000, 16_000, 15_000), true);
  assert.equal(looksStalled('done', 0, 100_000, 15_000), false);
  assert.equal(looksStalled('paused', 0, 100_000, 15_000), false);
});

test('the outcome filters: only what a preview can hold before a run, each with its count', () => {
  assert.deepEqual(filtersFor('previewed'), ['all', 'ready', 'invalid']);
  assert.ok(filtersFor('running').includes('succeeded'));
  assert.equal(stateOfFilter('all'), undefined);
  assert.equal(stateOfFilter('declined'), 'declined');
  assert.equal(countOfFilter('all', BATCH.counts), 3);
  assert.equal(countOfFilter('invalid', BATCH.counts), 1);
});

test('a card number in text that came back is never shown', () => {
  assert.deepEqual(shownText('Card 4761 3400 0000 0035'), { hidden: true });
  assert.deepEqual(shownText('Monthly plan'), { text: 'Monthly plan' });
  assert.equal(shownText(null), null);
  assert.equal(shownText(''), null);
});

test('the screen has its own address', () => {
  assert.deepEqual(parseRoute('#/batches'), { name: 'batches' });
  assert.equal(routeHref({ name: 'batches' }), '#/batches');
});

test('a preview opens its batch; start sends the count confirmed; a refusal is kept as the core typed it', async () => {
  const client = createConsoleQueryClient();
  const { call, calls } = scriptedCall({
    'mitbatch:preview': () => ok({ batch: BATCH, invalid: [{ ordinal: 2, line: 3, problems: [{ field: 'amount', message: 'Not an amount' }] }] }),
    'mitbatch:start': () => Promise.resolve({ ok: false, error: { kind: 'conflict', message: 'The batch has 2 rows to charge, not 3', fields: { confirmRows: 'Confirm 2' } } }),
    'mitbatch:pause': () => ok({ ...BATCH, status: 'paused' }),
  });
  const store = createMitBatchStore(call, mitBatchCacheOf(client), () => 42);
  await store.getState().preview('prf_1', { fileName: 'renewals.csv', content: 'token_id\n' });
  assert.equal(store.getState().openBatchId, BATCH.id);
  assert.deepEqual(client.getQueryData(channelKey('mitbatch:get', { batchId: BATCH.id })), BATCH);

  await store.getState().start(3);
  assert.deepEqual(calls.at(-1), { channel: 'mitbatch:start', input: { batchId: BATCH.id, confirmRows: 3 } });
  assert.equal(store.getState().actionError?.kind, 'conflict');
  assert.deepEqual(store.getState().actionError?.fields, { confirmRows: 'Confirm 2' });
  assert.equal(store.getState().acting, null);

  await store.getState().act('pause');
  assert.equal(store.getState().actionError, null);
  assert.equal((client.getQueryData(channelKey('mitbatch:get', { batchId: BATCH.id })) as MitBatch).status, 'paused');
  assert.equal(store.getState().progress[BATCH.id]?.heardAt, 42, 'a run acted on here is heard from now');
});

test('a progress event patches the open rows where they are, and reads filtered rows and the list again', async () => {
  const client = createConsoleQueryClient();
  const { call } = scriptedCall({
    'mitbatch:rows': (input) => ok({ rows: input.state === 'ready' ? [row(2)] : [row(1), row(2)], nextCursor: null }),
  });
  client.setQueryData(channelKey('mitbatch:get', { batchId: BATCH.id }), BATCH);
  const all = new InfiniteQueryObserver(client, mitBatchRowsQuery(call, BATCH.id, 'all'));
  const ready = new InfiniteQueryObserver(client, mitBatchRowsQuery(call, BATCH.id, 'ready'));
  const offs = [all.subscribe(() => undefined), ready.subscribe(() => undefined)];
  while (!all.getCurrentResult().isSuccess || !ready.getCurrentResult().isSuccess) await new Promise((resolve) => setTimeout(resolve, 2));

  const requested: unknown[] = [];
  const succeeded = row(2, { state: 'succeeded', paymentId: 'pay_2' });
  progressIntoCache(client, { request: (key) => requested.push(key) }, {
    batchId: BATCH.id,
    status: 'running',
    counts: counts({ rows: 3, invalid: 1, ready: 1, succeeded: 1, ran: 1 }),
    rowsPerSecond: 2,
    etaSeconds: 1,
    changed: [succeeded],
  });
  assert.deepEqual(rowsOfPages(all.getCurrentResult().data), [row(1), succeeded]);
  const batch = client.getQueryData(channelKey('mitbatch:get', { batchId: BATCH.id })) as MitBatch;
  assert.equal(batch.status, 'running');
  assert.equal(batch.counts.succeeded, 1);
  assert.deepEqual(requested, [['mitbatch:rows', { batchId: BATCH.id, limit: 200, state: 'ready' }], ['mitbatch:list']]);
  for (const off of offs) off();
});
