import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../../renderer/src/features/transactions/utils/query-syntax.ts';
import { buildSearchInput, EMPTY_FILTERS, MAX_SEARCH_TEXT } from '../../../renderer/src/features/transactions/utils/search-input.ts';
import { endOfLocalDay, startOfLocalDay } from '../../../renderer/src/format/date-format.ts';

test('an empty bar and query ask only for a page', () => {
  assert.deepEqual(buildSearchInput(EMPTY_FILTERS, parseQuery(''), 100), { input: { limit: 100 }, problems: [] });
});

test('makes > and < exact by one minor unit when the currency is known', () => {
  const { input, problems } = buildSearchInput(EMPTY_FILTERS, parseQuery('amount>50 amount<100 currency:EUR'), 100);
  assert.equal(input.amountMin, '50.01');
  assert.equal(input.amountMax, '99.99');
  assert.equal(input.currency, 'EUR');
  assert.deepEqual(problems, []);
  const yen = buildSearchInput({ ...EMPTY_FILTERS, currency: 'JPY' }, parseQuery('amount>50'), 100).input;
  assert.equal(yen.amountMin, '51');
});

test('keeps an exclusive bound inclusive without a currency and says so', () => {
  const { input, problems } = buildSearchInput(EMPTY_FILTERS, parseQuery('amount>50'), 100);
  assert.equal(input.amountMin, '50');
  assert.deepEqual(problems, [{ code: 'exclusive_without_currency', token: 'amount>50' }]);
});

test('refuses an exclusive bound with more decimals than the currency has', () => {
  const { input, problems } = buildSearchInput(EMPTY_FILTERS, parseQuery('amount<0.001 currency:EUR'), 100);
  assert.equal(input.amountMax, undefined);
  assert.equal(problems[0]?.code, 'bad_amount');
});

test('a value typed in the query wins over the same filter in the bar; others combine', () => {
  const filters = { ...EMPTY_FILTERS, statuses: ['captured' as const], gatewayId: 'be2bill' as const, kind: 'sale' as const, profileId: 'sbx-1' };
  const { input } = buildSearchInput(filters, parseQuery('status:pending gateway:sayswitch'), 50, 'cursor-2');
  assert.deepEqual(input, { limit: 50, statuses: ['pending'], gatewayId: 'sayswitch', kind: 'sale', profileId: 'sbx-1', cursor: 'cursor-2' });
});

test('turns bar amounts with a decimal comma into contract decimals and flags junk', () => {
  const ok = buildSearchInput({ ...EMPTY_FILTERS, amountMin: '10,5', amountMax: '20' }, parseQuery(''), 100);
  assert.equal(ok.input.amountMin, '10.5');
  assert.equal(ok.input.amountMax, '20');
  const bad = buildSearchInput({ ...EMPTY_FILTERS, amountMin: '1.000,00' }, parseQuery(''), 100);
  assert.equal(bad.input.amountMin, undefined);
  assert.deepEqual(bad.problems, [{ code: 'bad_amount', token: '1.000,00' }]);
});

test('date filters cover whole days in the operator time zone', () => {
  const { input } = buildSearchInput({ ...EMPTY_FILTERS, fromDate: '2024-03-01' }, parseQuery('to:2024-03-31'), 100);
  assert.equal(input.from, new Date(2024, 2, 1, 0, 0, 0, 0).toISOString());
  assert.equal(input.to, new Date(2024, 2, 31, 23, 59, 59, 999).toISOString());
  assert.equal(startOfLocalDay('2024-03-01'), input.from);
  assert.equal(endOfLocalDay('2024-03-31'), input.to);
});

test('cuts free text to what the contract accepts', () => {
  const { input } = buildSearchInput(EMPTY_FILTERS, parseQuery('x'.repeat(300)), 100);
  assert.equal(input.text?.length, MAX_SEARCH_TEXT);
});
