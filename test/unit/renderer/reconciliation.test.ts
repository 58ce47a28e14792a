/** The Reconciliation page's store, queries and helpers, against a call function answering as the core would. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelOutput, ReconRow, ReconSession } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import { scriptedCall } from '../../helpers/scripted-call.ts';
import { InfiniteQueryObserver, QueryObserver } from '@tanstack/react-query';
import type { CallFn } from '../../../renderer/src/api/client.ts';
import { classTotals, createReconciliationStore } from '../../../renderer/src/features/reconciliation/stores/reconciliation-store.ts';
import { reconCacheOf, reconRowsQuery, reconSessionQuery, reconSessionsQuery, rowsOfPages } from '../../../renderer/src/features/reconciliation/queries/recon-queries.ts';
import { virtualRowCount } from '../../../renderer/src/queries/keyset-list.ts';
import { createConsoleQueryClient } from '../../../renderer/src/queries/query-client.ts';
import { countDataLines } from '../../../renderer/src/features/reconciliation/utils/statement-file.ts';
import { toBase64 } from '../../../renderer/src/features/reconciliation/utils/statement-upload.ts';
import { periodOfDays } from '../../../renderer/src/features/reconciliation/utils/import-period.ts';
import { formatChoice } from '../../../renderer/src/features/reconciliation/utils/format-choices.ts';
import { parseRoute, routeHref } from '../../../renderer/src/routing/route.ts';

const ok = <T>(value: T): Promise<Envelope<T>> => Promise.resolve({ ok: true, value });

const SESSION: ReconSession = {
  id: 'rs_1',
  operator: 'agent',
  createdAt: '2026-12-01T10:00:00.000Z',
  profileId: 'sandbox-be2bill',
  source: 'statement.csv',
  mapping: 'exportTransactions',
  periodFrom: '2026-11-01T00:00:00.000Z',
  periodTo: '2026-12-01T00:00:00.000Z',
  status: 'done',
  rowCount: 3,
  finishedAt: '2026-12-01T10:00:01.000Z',
};

function row(id: number, overrides: Partial<ReconRow> = {}): ReconRow {
  return {
    id,
    sessionId: SESSION.id,
    reconClass: 'matched',
    reason: null,
    paymentId: null,
    line: id + 1,
    gatewayTransactionId: `G${id}`,
    merchantReference: `R${id}`,
    kind: 'payment',
    statementStatus: 'succeeded',
    amount: '10.00',
    currency: 'EUR',
    fee: null,
    net: null,
    transactionAt: null,
    settledAt: null,
    merchantAccount: null,
    ledgerAmount: '10.00',
    ledgerStatus: 'captured',
    resolution: null,
    ...overrides,
  };
}

const SUMMARY: ChannelOutput<'recon:session'> = {
  session: SESSION,
  totals: [
    { reconClass: 'matched', currency: 'EUR', count: 2, amount: '20.00' },
    { reconClass: 'matched', currency: 'NGN', count: 1, amount: '1500.00' },
    { reconClass: 'duplicate', currency: 'EUR', count: 1, amount: '10.00' },
  ],
};

test('counts a class over every currency and keeps one sum per currency', () => {
  const totals = classTotals(SUMMARY, ['matched', 'duplicate', 'missing_in_file']);
  assert.deepEqual(totals, [
    { reconClass: 'matched', count: 3, sums: [{ currency: 'EUR', amount: '20.00' }, { currency: 'NGN', amount: '1500.00' }] },
    { reconClass: 'duplicate', count: 1, sums: [{ currency: 'EUR', amount: '10.00' }] },
    { reconClass: 'missing_in_file', count: 0, sums: [] },
  ]);
});

/** The open session's rows as the screen watches them: the store's view, the query cache's pages. */
function watchRows(call: CallFn) {
  const client = createConsoleQueryClient();
  const store = createReconciliationStore(call, reconCacheOf(client));
  const view = () => ({ sessionId: store.getState().openSessionId ?? '', reconClass: store.getState().reconClass, text: store.getState().text });
  store.getState().openSession(SESSION.id);
  const observer = new InfiniteQueryObserver(client, reconRowsQuery(call, view()));
  const off = observer.subscribe(() => undefined);
  const follow = () => observer.setOptions(reconRowsQuery(call, view()));
  const rows = () => rowsOfPages(observer.getCurrentResult().data).map((r) => r.id);
  const answered = async () => {
    while (!observer.getCurrentResult().isSuccess || observer.getCurrentResult().isFetching) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  return { client, store, observer, off, follow, rows, answered };
}

test('pages the rows by cursor, with the class and text chosen, and stops at the last page', async () => {
  const pages: Record<string, ChannelOutput<'recon:rows'>> = {
    first: { rows: [row(1), row(2)], nextCursor: 'c2' },
    c2: { rows: [row(3)], nextCursor: null },
  };
  const { call, calls } = scriptedCall({
    'recon:rows': (input) => ok(pages[input.cursor ?? 'first'] ?? { rows: [], nextCursor: null }),
  });
  const watched = watchRows(call);
  await watched.answered();
  assert.equal(virtualRowCount({ rowCount: watched.rows().length, hasMore: watched.observer.getCurrentResult().hasNextPage }), 3, 'two rows and a loader');
  await watched.observer.fetchNextPage();
  assert.deepEqual(watched.rows(), [1, 2, 3]);
  assert.equal(watched.observer.getCurrentResult().hasNextPage, false);
  assert.equal(calls.filter((c) => c.channel === 'recon:rows').length, 2, 'no page asked for past the last');

  watched.store.getState().setReconClass('duplicate');
  watched.store.getState().setText('  G3 ');
  watched.follow();
  await watched.answered();
  const last = calls.filter((c) => c.channel === 'recon:rows').at(-1)?.input;
  assert.deepEqual(last, { sessionId: SESSION.id, limit: 200, reconClass: 'duplicate', text: 'G3' });
  watched.off();
});

test('never shows the rows of an older filter that answer after a newer one', async () => {
  let releaseSlow: () => void = () => undefined;
  const { call } = scriptedCall({
    'recon:rows': (input) =>
      input.text === 'slow' ? new Promise((resolve) => (releaseSlow = () => resolve({ ok: true, value: { rows: [row(9)], nextCursor: null } }))) : ok({ rows: [row(1)], nextCursor: null }),
  });
  const watched = watchRows(call);
  watched.store.getState().setText('slow');
  watched.follow();
  watched.store.getState().setText('fast');
  watched.follow();
  await watched.answered();
  releaseSlow();
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(watched.rows(), [1]);
  watched.off();
});

const FIELDS = { profileId: 'sandbox-be2bill', mapping: 'm', fileName: 'f.csv', period: { from: SESSION.periodFrom, to: SESSION.periodTo } };
const REPORT: ChannelOutput<'recon:uploadFinish'> = { session: SESSION, rows: 3, skipped: [] };
const UPLOAD_ID = 'upl_abcdefgh12345678';
const decode = (base64: string): string => Buffer.from(base64, 'base64').toString('latin1');

test('sends the file in numbered chunks as its stream reads it, the bar following the bytes the core took', async () => {
  // Two stream parts, so pieces are regrouped across them; an odd chunk size so the last is short.
  const text = 'id;amount\n' + Array.from({ length: 9 }, (_, n) => `${n};1${n}.00\n`).join('');
  const content = new Blob([text.slice(0, 17), text.slice(17)]);
  const sentWhenAsked: number[] = [];
  const chunks: string[] = [];
  const { call, calls } = scriptedCall({
    'recon:uploadBegin': () => ok({ uploadId: UPLOAD_ID, chunkMaxBytes: 16 }),
    'recon:uploadChunk': (input) => {
      sentWhenAsked.push(store.getState().upload?.sentBytes ?? -1);
      chunks.push(decode(input.bytesBase64));
      return ok({ received: input.sequence });
    },
    'recon:uploadFinish': () => ok(REPORT),
    'recon:sessions': () => ok([SESSION]),
    'recon:session': () => ok(SUMMARY),
    'recon:rows': () => ok({ rows: [], nextCursor: null }),
  });
  const store = createReconciliationStore(call, reconCacheOf(createConsoleQueryClient()));
  await store.getState().runImport({ ...FIELDS, content });
  assert.deepEqual(calls.find((c) => c.channel === 'recon:uploadBegin')?.input, FIELDS, 'the file itself is not in the first message');
  assert.equal(chunks.join(''), text);
  assert.ok(chunks.slice(0, -1).every((chunk) => chunk.length === 16), 'every chunk but the last is full');
  assert.deepEqual(calls.filter((c) => c.channel === 'recon:uploadChunk').map((c) => (c.input as { sequence: number }).sequence), chunks.map((_, n) => n));
  assert.deepEqual(sentWhenAsked, chunks.map((_, n) => n * 16), 'the bar moved by the bytes taken before each chunk');
  assert.deepEqual(calls.find((c) => c.channel === 'recon:uploadFinish')?.input, { uploadId: UPLOAD_ID, chunks: chunks.length });
  assert.deepEqual(store.getState().importReport, REPORT);
  assert.equal(store.getState().upload, null);
});

test('follows only its own import’s progress, and a cancel gives the upload up with no chunk after it', async () => {
  let releaseSecond: () => void = () => undefined;
  const { call, calls } = scriptedCall({
    'recon:uploadBegin': () => ok({ uploadId: UPLOAD_ID, chunkMaxBytes: 4 }),
    'recon:uploadChunk': (input) => (input.sequence === 1 ? new Promise((resolve) => (releaseSecond = () => resolve({ ok: true, value: { received: 1 } }))) : ok({ received: input.sequence })),
    'recon:uploadAbort': () => ok({ aborted: true }),
    'recon:sessions': () => ok([{ ...SESSION, status: 'cancelled' as const }]),
  });
  const client = createConsoleQueryClient();
  const sessions = new QueryObserver(client, reconSessionsQuery(call));
  const offSessions = sessions.subscribe(() => undefined);
  const store = createReconciliationStore(call, reconCacheOf(client));
  store.getState().progressReported({ sessionId: 'rs_other', rowsRead: 5, rowsPerSecond: 5, done: false });
  assert.equal(store.getState().progress, null, 'nothing counted before an import starts');
  const running = store.getState().runImport({ ...FIELDS, content: new Blob(['id;amount\n1;2\n3;4\n']) });
  await eventuallyTrue(() => calls.some((c) => c.channel === 'recon:uploadChunk' && (c.input as { sequence: number }).sequence === 1));
  store.getState().progressReported({ sessionId: 'rs_mine', rowsRead: 1000, rowsPerSecond: 50000, done: false });
  store.getState().progressReported({ sessionId: 'rs_other', rowsRead: 7, rowsPerSecond: 1, done: false });
  assert.deepEqual(store.getState().progress, { sessionId: 'rs_mine', rowsRead: 1000, rowsPerSecond: 50000 });
  assert.deepEqual(store.getState().upload, { uploadId: UPLOAD_ID, sentBytes: 4, totalBytes: 18 });
  await store.getState().cancelImport();
  assert.deepEqual(calls.find((c) => c.channel === 'recon:uploadAbort')?.input, { uploadId: UPLOAD_ID });
  releaseSecond();
  await running;
  assert.equal(calls.filter((c) => c.channel === 'recon:uploadChunk').length, 2, 'no chunk sent after the cancel');
  assert.equal(calls.some((c) => c.channel === 'recon:uploadFinish'), false);
  assert.equal(store.getState().importing, false);
  assert.equal(store.getState().importError, null);
  await eventuallyTrue(() => sessions.getCurrentResult().data?.[0]?.status === 'cancelled');
  offSessions();
});

test('a chunk the core refuses gives the upload up and shows why', async () => {
  const { call, calls } = scriptedCall({
    'recon:uploadBegin': () => ok({ uploadId: UPLOAD_ID, chunkMaxBytes: 4 }),
    'recon:uploadChunk': () => Promise.resolve({ ok: false, error: { kind: 'validation', message: 'Chunk 0 was expected' } }),
    'recon:uploadAbort': () => ok({ aborted: true }),
    'recon:sessions': () => ok([]),
  });
  const store = createReconciliationStore(call, reconCacheOf(createConsoleQueryClient()));
  await store.getState().runImport({ ...FIELDS, content: new Blob(['id;amount\n1;2\n']) });
  assert.deepEqual(calls.find((c) => c.channel === 'recon:uploadAbort')?.input, { uploadId: UPLOAD_ID });
  assert.equal(store.getState().importError?.message, 'Chunk 0 was expected');
});

test('an import that ended before the file did answers with its own error', async () => {
  const { call, calls } = scriptedCall({
    'recon:uploadBegin': () => ok({ uploadId: UPLOAD_ID, chunkMaxBytes: 4 }),
    'recon:uploadChunk': (input) => (input.sequence === 0 ? ok({ received: 0 }) : Promise.resolve({ ok: false, error: { kind: 'conflict', message: 'Statement upload has ended' } })),
    'recon:uploadFinish': () => Promise.resolve({ ok: false, error: { kind: 'validation', message: 'The file has no column “amount”' } }),
    'recon:sessions': () => ok([]),
  });
  const store = createReconciliationStore(call, reconCacheOf(createConsoleQueryClient()));
  await store.getState().runImport({ ...FIELDS, content: new Blob(['id;total\n1;2\n']) });
  assert.deepEqual(calls.find((c) => c.channel === 'recon:uploadFinish')?.input, { uploadId: UPLOAD_ID, chunks: 1 });
  assert.equal(store.getState().importError?.message, 'The file has no column “amount”');
});

test('a chunk of the largest size crosses as base64 byte for byte', () => {
  const bytes = new Uint8Array(512 * 1024).map((_, n) => (n * 7919) % 256);
  assert.deepEqual(new Uint8Array(Buffer.from(toBase64(bytes), 'base64')), bytes);
});

async function eventuallyTrue(probe: () => boolean): Promise<void> {
  for (let tries = 0; !probe(); tries += 1) {
    if (tries > 200) assert.fail('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('a resolved row replaces the one on screen and the totals are read again', async () => {
  const resolved = row(2, { resolution: { kind: 'accepted', note: 'agreed', followUp: null, by: 'agent', at: '2026-12-01T11:00:00.000Z' } });
  let summaries = 0;
  const { call, calls } = scriptedCall({
    'recon:session': () => {
      summaries += 1;
      return ok(SUMMARY);
    },
    'recon:rows': () => ok({ rows: [row(1), row(2)], nextCursor: null }),
    'recon:resolve': () => ok(resolved),
  });
  const watched = watchRows(call);
  const summary = new QueryObserver(watched.client, reconSessionQuery(call, SESSION.id));
  const offSummary = summary.subscribe(() => undefined);
  await watched.answered();
  await eventuallyTrue(() => summary.getCurrentResult().isSuccess);
  const answer = await watched.store.getState().resolveRow(2, { action: 'accept', note: 'agreed' });
  assert.equal(answer, resolved);
  assert.equal(rowsOfPages(watched.observer.getCurrentResult().data)[1]?.resolution?.kind, 'accepted');
  assert.deepEqual(calls.find((c) => c.channel === 'recon:resolve')?.input, { action: 'accept', note: 'agreed', sessionId: SESSION.id, rowId: 2 });
  await eventuallyTrue(() => summaries === 2);
  assert.equal(calls.filter((c) => c.channel === 'recon:rows').length, 1, 'the rows were not read again');
  offSummary();
  watched.off();
});

test('estimates the data rows of a file from its line feeds, header excluded', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  assert.equal(countDataLines(bytes('id;amount\n1;2\n3;4\n')), 2);
  assert.equal(countDataLines(bytes('id;amount\n1;2\n3;4')), 2);
  assert.equal(countDataLines(bytes('id;amount')), 0);
  assert.equal(countDataLines(bytes('')), 0);
});

test('a period of calendar days includes its last day and refuses to run backwards', () => {
  assert.deepEqual(periodOfDays('2026-11-01', '2026-11-30'), { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
  assert.equal(periodOfDays('2026-11-02', '2026-11-01'), null);
  assert.equal(periodOfDays('', '2026-11-01'), null);
});

test('sends only the format choices made, leaving the rest to detection', () => {
  assert.equal(formatChoice({ delimiter: '', decimalSeparator: '', timeZone: '' }), undefined);
  assert.deepEqual(formatChoice({ delimiter: ';', decimalSeparator: '', timeZone: 'Europe/Lisbon' }), { delimiter: ';', timeZone: 'Europe/Lisbon' });
});

test('the Reconciliation page has its own route', () => {
  assert.deepEqual(parseRoute('#/reconciliation'), { name: 'reconciliation' });
  assert.equal(routeHref({ name: 'reconciliation' }), '#/reconciliation');
});
