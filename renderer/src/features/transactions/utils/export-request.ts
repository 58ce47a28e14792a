import type { ChannelInput } from '../../../../../shared/ipc/contract.ts';
import type { CsvFileOptions } from '../../../format/csv-file-options.ts';
import { parseQuery } from './query-syntax.ts';
import { buildSearchInput, type TransactionFilters } from './search-input.ts';

/** The list's own search (its filters and query, read as the list reads them in `dayLocale`) without paging, written as `options` say. */
export function exportRequest(list: { readonly filters: TransactionFilters; readonly queryText: string }, knownGatewayIds: readonly string[], options: CsvFileOptions, dayLocale: string): ChannelInput<'payments:export'> {
  const { input } = buildSearchInput(list.filters, parseQuery(list.queryText, knownGatewayIds, dayLocale), 1);
  const { limit: _limit, cursor: _cursor, ...filters } = input;
  return { ...filters, ...options };
}
