/** The column picker's choices, what they become for the core, and its store against a call answering as the core would. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelInput } from '../../../shared/ipc/contract.ts';
import { PREVIEW_MAX_BASE64, PREVIEW_MAX_BYTES, type MappingListEntry, type StatementPreviewView } from '../../../shared/domain/recon-mapping.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import { scriptedCall } from '../../helpers/scripted-call.ts';
import { QueryObserver } from '@tanstack/react-query';
import { createMappingStore } from '../../../renderer/src/features/reconciliation/stores/mapping-store.ts';
import { previewInput, reconMappingsQuery, reconPreviewQuery } from '../../../renderer/src/features/reconciliation/queries/mapping-queries.ts';
import { createConsoleQueryClient } from '../../../renderer/src/queries/query-client.ts';
import { eventually } from '../../helpers/eventually.ts';
import { choicesOf, distinctValues, draftOf, EMPTY_CHOICES, mappingKindOf, previewHead, tableFor, type MappingChoices } from '../../../renderer/src/features/reconciliation/utils/mapping-draft.ts';

const ok = <T>(value: T): Promise<Envelope<T>> => Promise.resolve({ ok: true, value });

const PREVIEW: StatementPreviewView = {
  format: { encoding: 'utf-8', delimiter: ';', decimalSeparator: ',', dateFormat: 'DD/MM/YYYY', timeZone: 'UTC', detected: ['encoding', 'delimiter', 'decimalSeparator', 'dateFormat'] },
  headers: ['Data', 'Montante', 'Estado'],
  rows: [
    { line: 2, raw: ['03/12/2026', '12,00', 'Liquidado'], row: null, problem: null },
    { line: 3, raw: ['03/12/2026', '5,00', ' Anulado '], row: null, problem: null },
    { line: 4, raw: ['04/12/2026', '7,00', 'Liquidado'], row: null, problem: null },
    { line: 5, raw: [], row: null, problem: 'a cell holds a card number; the row is left out' },
  ],
  problems: [],
};

function choices(change: Partial<MappingChoices>): MappingChoices {
  return { ...EMPTY_CHOICES, ...change, columns: { ...EMPTY_CHOICES.columns, ...change.columns } };
}

test('a draft carries only what was chosen: columns picked, a fixed currency without a currency column, formats not left to detection', () => {
  const draft = draftOf(choices({ name: ' Bank ', columns: { ...EMPTY_CHOICES.columns, amount: 'Montante' }, fixedCurrency: 'eur', decimalSeparator: ',', dateFormat: 'DD/MM/YYYY' }));
  assert.deepEqual(draft, {
    name: 'Bank',
    columns: { amount: 'Montante' },
    fixedCurrency: 'EUR',
    amountUnit: 'major',
    defaultStatus: 'succeeded',
    defaultKind: 'payment',
    format: { decimalSeparator: ',', dateFormat: 'DD/MM/YYYY' },
  });
});

test('a status column sends its value table (the values left unmapped are left out) instead of a default status', () => {
  const draft = draftOf(
    choices({
      columns: { ...EMPTY_CHOICES.columns, amount: 'Montante', currency: 'Moeda', status: 'Estado' },
      fixedCurrency: 'EUR',
      statusValues: { Liquidado: 'succeeded', Anulado: '' },
    }),
  );
  assert.deepEqual(draft.statusValues, { Liquidado: 'succeeded' });
  assert.equal(draft.defaultStatus, undefined);
  assert.equal(draft.fixedCurrency, undefined, 'a currency column wins over a fixed currency');
  const noStatusColumn = draftOf(choices({ columns: { ...EMPTY_CHOICES.columns, amount: 'Montante' }, statusValues: { Liquidado: 'succeeded' } }));
  assert.equal(noStatusColumn.statusValues, undefined, 'a table without its column is not sent');
});

test('offers a line for each distinct value the previewed rows show, keeping what was already chosen', () => {
  const values = distinctValues(PREVIEW, 'Estado');
  assert.deepEqual(values, ['Liquidado', 'Anulado']);
  assert.deepEqual(tableFor(values, { Anulado: 'voided', Devolvido: 'refunded', Old: '' }), { Liquidado: '', Anulado: 'voided', Devolvido: 'refunded' });
  assert.deepEqual(distinctValues(PREVIEW, 'No such column'), []);
  assert.deepEqual(distinctValues(null, 'Estado'), []);
});

test('sends at most the preview’s share of a file, cut on whole bytes', () => {
  const big = Buffer.alloc(PREVIEW_MAX_BYTES + 10_000, 'a;b\n').toString('base64');
  const head = previewHead(big);
  assert.ok(head.length <= PREVIEW_MAX_BASE64);
  assert.equal(head.length % 4, 0);
  assert.ok(Buffer.from(head, 'base64').equals(Buffer.from(big, 'base64').subarray(0, Buffer.from(head, 'base64').length)));
  assert.equal(previewHead('YWI7Yg=='), 'YWI7Yg==', 'a small file is sent whole');
});

const SAVED: MappingListEntry = {
  name: 'Bank',
  kind: 'saved',
  savedAt: '2026-12-06T10:00:00.000Z',
  mapping: {
    name: 'Bank',
    columns: { amount: 'Montante', status: 'Estado', currency: 'Moeda' },
    amountUnit: 'major',
    subMinorFees: 'reject',
    statusValues: { liquidado: 'succeeded' },
    defaultKind: 'payment',
    format: { delimiter: ';', dateFormat: 'DD/MM/YYYY' },
    notes: [],
  },
};

test('a listed mapping becomes choices that give the same mapping back', () => {
  const draft = draftOf(choicesOf(SAVED));
  assert.deepEqual(draft, { name: 'Bank', columns: SAVED.mapping.columns, amountUnit: 'major', statusValues: { liquidado: 'succeeded' }, defaultKind: 'payment', format: { delimiter: ';', dateFormat: 'DD/MM/YYYY' } });
  assert.equal(choicesOf({ ...SAVED, kind: 'shipped', savedAt: null }).name, '', 'starting from a shipped mapping asks for a new name');
});

test('the import form sends which list its mapping is from, a shipped one first', () => {
  const shipped: MappingListEntry = { ...SAVED, name: 'exportTransactions', kind: 'shipped', savedAt: null };
  assert.equal(mappingKindOf([shipped, SAVED], 'Bank'), 'saved');
  assert.equal(mappingKindOf([{ ...SAVED, name: 'exportTransactions' }, shipped], 'exportTransactions'), 'shipped');
  assert.equal(mappingKindOf([shipped], 'Nobody'), undefined);
});

test('shows only the newest preview when answers arrive out of order', async () => {
  const pending: Array<{ input: ChannelInput<'recon:preview'>; resolve: (value: Envelope<StatementPreviewView>) => void }> = [];
  const { call } = scriptedCall({ 'recon:preview': (input) => new Promise((resolve) => pending.push({ input, resolve })) });
  const preview = new QueryObserver(createConsoleQueryClient(), reconPreviewQuery(call, previewInput('YQ==', null)));
  const off = preview.subscribe(() => undefined);
  await eventually(() => (pending.length === 1 ? true : undefined), 'the first preview asked', 2_000);
  preview.setOptions(reconPreviewQuery(call, previewInput('YQ==', { columns: { amount: 'Montante' }, format: { decimalSeparator: ',' } })));
  await eventually(() => (pending.length === 2 ? true : undefined), 'the second preview asked', 2_000);
  assert.deepEqual(pending[1]?.input.format, { decimalSeparator: ',' }, 'the draft’s format is the preview’s choice too');
  pending[1]?.resolve({ ok: true, value: { ...PREVIEW, headers: ['newest'] } });
  pending[0]?.resolve({ ok: true, value: { ...PREVIEW, headers: ['older'] } });
  await eventually(() => (preview.getCurrentResult().isSuccess ? true : undefined), 'the answer', 2_000);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(preview.getCurrentResult().data?.headers, ['newest']);
  off();
});

test('a saved mapping reads the list again; a refused one keeps the core’s error and the list as it was', async () => {
  let listed: MappingListEntry[] = [];
  const { call, calls } = scriptedCall({
    'recon:mappings': () => ok(listed),
    'recon:saveMapping': (input) => {
      if (input.mapping.name === 'Taken') return Promise.resolve({ ok: false, error: { kind: 'conflict', message: 'A mapping named “Taken” is already saved', fields: { name: 'Choose another name' } } });
      listed = [SAVED];
      return ok(SAVED);
    },
  });
  const client = createConsoleQueryClient();
  const mappings = new QueryObserver(client, reconMappingsQuery(call, 'sandbox-be2bill'));
  const off = mappings.subscribe(() => undefined);
  const store = createMappingStore(call, () => client.invalidateQueries({ queryKey: ['recon:mappings'] }));
  await eventually(() => (mappings.getCurrentResult().isSuccess ? true : undefined), 'the list', 2_000);
  const refused = await store.getState().saveMapping({ name: 'Taken', columns: { amount: 'Montante' } }, false);
  assert.equal(refused, null);
  assert.equal(store.getState().saveError?.kind, 'conflict');
  assert.deepEqual(mappings.getCurrentResult().data, []);
  const saved = await store.getState().saveMapping({ name: 'Bank', columns: { amount: 'Montante' } }, false);
  assert.equal(saved?.name, 'Bank');
  assert.equal(store.getState().saveError, null);
  assert.deepEqual(mappings.getCurrentResult().data, [SAVED]);
  assert.deepEqual(
    calls.map((entry) => entry.channel),
    ['recon:mappings', 'recon:saveMapping', 'recon:saveMapping', 'recon:mappings'],
  );
  off();
});

test('a list answered for another profile than the one now shown is not shown', async () => {
  const answers: Array<(value: Envelope<MappingListEntry[]>) => void> = [];
  const { call } = scriptedCall({ 'recon:mappings': () => new Promise((resolve) => answers.push(resolve)) });
  const mappings = new QueryObserver(createConsoleQueryClient(), reconMappingsQuery(call, 'sandbox-be2bill'));
  const off = mappings.subscribe(() => undefined);
  await eventually(() => (answers.length === 1 ? true : undefined), 'the first list asked', 2_000);
  mappings.setOptions(reconMappingsQuery(call, 'sandbox-sibs-spg'));
  await eventually(() => (answers.length === 2 ? true : undefined), 'the second list asked', 2_000);
  answers[1]?.({ ok: true, value: [] });
  answers[0]?.({ ok: true, value: [SAVED] });
  await eventually(() => (mappings.getCurrentResult().isSuccess ? true : undefined), 'the answer', 2_000);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(mappings.getCurrentResult().data, []);
  off();
});
