import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterChips } from '../../../renderer/src/features/transactions/utils/filter-chips.ts';
import { EMPTY_FILTERS } from '../../../renderer/src/features/transactions/utils/search-input.ts';

test('shows no chip without filters, one per status and one per other filter, in the bar’s order', () => {
  assert.deepEqual(filterChips(EMPTY_FILTERS), []);
  const chips = filterChips({ ...EMPTY_FILTERS, statuses: ['captured', 'refunded'], method: 'mbway', environment: 'production', amountMin: '10' });
  assert.deepEqual(
    chips.map((chip) => `${chip.field}=${chip.value}`),
    ['statuses=captured', 'statuses=refunded', 'environment=production', 'method=mbway', 'amountMin=10'],
  );
});

test('removing a chip clears that filter alone, and one status leaves the others', () => {
  const filters = { ...EMPTY_FILTERS, statuses: ['captured' as const, 'refunded' as const], currency: 'EUR' };
  const [captured, , currency] = filterChips(filters);
  assert.deepEqual({ ...filters, ...captured?.remove }, { ...filters, statuses: ['refunded'] });
  assert.deepEqual({ ...filters, ...currency?.remove }, { ...filters, currency: '' });
});
