import type { PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import type { TransactionFilters } from './search-input.ts';

/** One filter in force, as a removable chip: which filter, its value as stored, and what removing it changes. */
export type FilterChip =
  | { readonly field: 'statuses'; readonly value: PaymentStatus; readonly remove: Partial<TransactionFilters> }
  | { readonly field: Exclude<keyof TransactionFilters, 'statuses'>; readonly value: string; readonly remove: Partial<TransactionFilters> };

const SINGLE_FIELDS = ['environment', 'profileId', 'gatewayId', 'method', 'kind', 'currency', 'amountMin', 'amountMax', 'fromDate', 'toDate', 'gatewayCode'] as const;

/** The filter bar's filters in force, one chip per status and one per other filter, in the bar's order. */
export function filterChips(filters: TransactionFilters): FilterChip[] {
  const chips: FilterChip[] = filters.statuses.map((status) => ({ field: 'statuses', value: status, remove: { statuses: filters.statuses.filter((other) => other !== status) } }));
  for (const field of SINGLE_FIELDS) {
    const value = filters[field];
    if (value !== '') chips.push({ field, value, remove: { [field]: '' } });
  }
  return chips;
}
