/**
 * The list's export on the renderer side: it asks for exactly what the list searches (filters and
 * query, no paging), follows only its own export's progress, cancels that export by the id the
 * first progress event named, and ends on the core's answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelOutput } from '../../../shared/ipc/contract.ts';
import type { CallFn } from '../../../renderer/src/api/client.ts';
import { createPaymentsExportStore } from '../../../renderer/src/features/transactions/stores/payments-export-store.ts';
import { defaultCsvFileOptions } from '../../../renderer/src/format/csv-file-options.ts';
import { exportRequest } from '../../../renderer/src/features/transactions/utils/export-request.ts';
import { buildSearchInput, EMPTY_FILTERS } from '../../../renderer/src/features/transactions/utils/search-input.ts';
import { parseQuery } from '../../../renderer/src/features/transactions/utils/query-syntax.ts';

test('the export asks for what the list searches, without its paging, in the chosen time zone and spreadsheet format', () => {
  const list = { filters: { ...EMPTY_FILTERS, statuses: ['captured' as const], currency: 'EUR' }, queryText: 'amount>10 Silva from:04/03/2026' };
  const { input } = buildSearchInput(list.filters, parseQuery(list.queryText, [], 'pt-PT'), 100, 'cursor-of-page-2');
  const { limit: _limit, cursor: _cursor, ...searched } = input;
  const options = defaultCsvFileOptions('pt-PT', 'Europe/Lisbon');
  assert.deepEqual(exportRequest(list, [], options, 'pt-PT'), { ...searched, timeZone: 'Europe/Lisbon', csvConvention: 'semicolon-comma', headerLanguage: 'pt-PT' });
  assert.equal(searched.text, 'Silva');
  assert.equal(searched.amountMin, '10.01');
});

test('follows its own export’s progress, cancels it by the id it was told, and ends on the answer', async () => {
  let answer: (value: ChannelOutput<'payments:export'>) => void = () => undefined;
  const calls: Array<{ channel: string; input: unknown }> = [];
  const call = (async (channel: string, input: unknown) => {
    calls.push({ channel, input });
    if (channel === 'payments:export') return { ok: true, value: await new Promise<ChannelOutput<'payments:export'>>((resolve) => (answer = resolve)) };
    return { ok: true, value: { cancelled: true } };
  }) as unknown as CallFn;
  const store = createPaymentsExportStore(call);

  store.getState().progressReported({ exportId: 'exp_before', rowsWritten: 5, rowsPerSecond: 1, done: false });
  assert.equal(store.getState().progress, null, 'nothing is followed before this screen exports');

  const running = store.getState().start({ timeZone: 'UTC', currency: 'EUR' });
  assert.deepEqual(calls[0], { channel: 'payments:export', input: { timeZone: 'UTC', currency: 'EUR' } });
  await store.getState().cancel();
  assert.equal(calls.length, 1, 'no cancel before the export has named itself');

  store.getState().progressReported({ exportId: 'exp_mine', rowsWritten: 0, rowsPerSecond: 0, done: false });
  store.getState().progressReported({ exportId: 'exp_other', rowsWritten: 900, rowsPerSecond: 9, done: false });
  store.getState().progressReported({ exportId: 'exp_mine', rowsWritten: 2_000, rowsPerSecond: 4_000, done: false });
  assert.deepEqual(store.getState().progress, { exportId: 'exp_mine', rowsWritten: 2_000, rowsPerSecond: 4_000 });

  await store.getState().cancel();
  assert.deepEqual(calls[1], { channel: 'payments:exportCancel', input: { exportId: 'exp_mine' } });
  assert.equal(store.getState().cancelling, true);
  assert.equal(store.getState().exporting, true, 'still exporting until the export itself answers');

  answer({ exportId: 'exp_mine', path: null, rows: 2_000, limitReached: false });
  await running;
  assert.deepEqual([store.getState().exporting, store.getState().cancelling, store.getState().progress, store.getState().result?.path], [false, false, null, null]);
});

test('an export starts in the spreadsheet format the screen’s language suggests: ";" and a decimal comma for Portuguese', () => {
  assert.deepEqual(defaultCsvFileOptions('pt-PT', 'Europe/Lisbon'), { timeZone: 'Europe/Lisbon', csvConvention: 'semicolon-comma', headerLanguage: 'pt-PT' });
  assert.deepEqual(defaultCsvFileOptions('en', 'UTC'), { timeZone: 'UTC', csvConvention: 'comma-point', headerLanguage: 'en' });
});
