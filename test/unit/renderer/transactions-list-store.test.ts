/**
 * The list's store against a scripted core: order and the new filters on the wire, totals asked
 * over the filters alone, the production default, saved views opened and saved.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SavedView } from '../../../shared/domain/saved-view.ts';
import { PAGE_SIZE, paymentsSearchQuery, paymentsTotalsQuery } from '../../../renderer/src/features/transactions/queries/payments-list-queries.ts';
import { createTransactionsStore } from '../../../renderer/src/features/transactions/stores/transactions-store.ts';
import { parseQuery } from '../../../renderer/src/features/transactions/utils/query-syntax.ts';
import { buildSearchInput, EMPTY_FILTERS, filtersOfSearch } from '../../../renderer/src/features/transactions/utils/search-input.ts';
import { createConsoleQueryClient } from '../../../renderer/src/queries/query-client.ts';
import { paymentSummaryFixture as summary } from '../../helpers/payment-summary.ts';
import { scriptedCall } from '../../helpers/scripted-call.ts';

const page = async () => ({ ok: true as const, value: { rows: [summary('a'), summary('b')], nextCursor: null } });

function view(id: string, name: string, pinned: boolean): SavedView {
  return {
    id,
    name,
    pinned,
    savedAt: '2026-05-01T10:00:00.000Z',
    savedBy: 'ana',
    content: { filters: { ...EMPTY_FILTERS, statuses: ['needs_review'], method: 'mbway' }, queryText: 'Joana', sort: 'amount_desc', columns: ['date', 'amount', 'customer'] },
  };
}

test('asks for the order, environment and method, and the totals over the same filters without page or order', async () => {
  const { call, calls } = scriptedCall({
    'payments:search': page,
    'payments:totals': async () => ({ ok: true, value: { count: 2, currencies: [{ currency: 'EUR', count: 2, amount: '20.00' }] } }),
  });
  const store = createTransactionsStore(call);
  store.getState().setFilters({ environment: 'production', method: 'multibanco' });
  store.getState().setQueryText('status:captured Joana');
  store.getState().setSort('amount_asc');
  const { filters: chosen, queryText, sort } = store.getState();
  const { input } = buildSearchInput(chosen, parseQuery(queryText, []), PAGE_SIZE, undefined, sort);
  const client = createConsoleQueryClient();
  await client.fetchInfiniteQuery(paymentsSearchQuery(call, input));
  const totals = await client.fetchQuery(paymentsTotalsQuery(call, filtersOfSearch(input)));
  const filters = { text: 'Joana', statuses: ['captured'], environment: 'production', method: 'multibanco' };
  assert.deepEqual(calls.map((entry) => [entry.channel, entry.input]), [
    ['payments:search', { limit: PAGE_SIZE, sort: 'amount_asc', ...filters }],
    ['payments:totals', filters],
  ]);
  assert.deepEqual(totals, { count: 2, currencies: [{ currency: 'EUR', count: 2, amount: '20.00' }] });
});

test('shows production under a production profile until the operator chooses, and clearing the filters goes back to it', () => {
  const { call } = scriptedCall({});
  const store = createTransactionsStore(call);
  store.getState().followProfileEnvironment('production');
  assert.equal(store.getState().filters.environment, 'production');
  store.getState().followProfileEnvironment('sandbox');
  assert.equal(store.getState().filters.environment, '', 'a sandbox profile shows every environment, each row marked');
  store.getState().followProfileEnvironment('production');
  store.getState().setFilters({ environment: '' });
  store.getState().followProfileEnvironment('test');
  store.getState().followProfileEnvironment('production');
  assert.equal(store.getState().filters.environment, '', 'the operator asked for all');
  store.getState().resetFilters();
  assert.equal(store.getState().filters.environment, 'production');
});

test('opens the pinned view once when the views first load, and a status link wins over it', async () => {
  const views = [view('view_pinned', 'Review', true), view('view_other', 'Other', false)];
  const { call } = scriptedCall({ 'views:list': async () => ({ ok: true, value: views }) });
  const store = createTransactionsStore(call);
  await store.getState().loadViews();
  assert.equal(store.getState().activeViewId, 'view_pinned');
  assert.deepEqual([store.getState().filters.method, store.getState().queryText, store.getState().sort, store.getState().columns], ['mbway', 'Joana', 'amount_desc', ['date', 'customer', 'amount']]);
  store.getState().resetFilters();
  await store.getState().loadViews();
  assert.deepEqual(store.getState().filters, EMPTY_FILTERS, 'not again over the operator’s own filters');

  const linked = createTransactionsStore(call);
  linked.getState().showOnlyStatus('captured');
  await linked.getState().loadViews();
  assert.deepEqual(linked.getState().filters.statuses, ['captured']);
  assert.equal(linked.getState().activeViewId, null);
});

test('saves the list as it is under a name and reads the views again', async () => {
  const saved: unknown[] = [];
  const { call } = scriptedCall({
    'views:save': async (input) => {
      saved.push(input);
      return { ok: true, value: view('view_new', input.name, input.pinned ?? false) };
    },
    'views:list': async () => ({ ok: true, value: [view('view_new', 'Mine', true)] }),
  });
  const store = createTransactionsStore(call);
  store.getState().setFilters({ currency: 'EUR' });
  store.getState().toggleColumn('gatewayId');
  assert.equal(await store.getState().saveView('Mine', true), true);
  assert.deepEqual(saved, [{ name: 'Mine', pinned: true, content: { filters: { ...EMPTY_FILTERS, currency: 'EUR' }, queryText: '', sort: 'newest', columns: store.getState().columns } }]);
  assert.ok(!store.getState().columns.includes('gatewayId'));
  assert.equal(store.getState().activeViewId, 'view_new');
  assert.deepEqual(store.getState().views.map((entry) => entry.name), ['Mine']);
});
