/** What the core and its totals thread (search-totals-worker.ts) say to each other. */
import type { SearchFilters, SearchTotals } from './types.ts';

export interface ToTotalsThread {
  readonly id: number;
  readonly filters: SearchFilters;
}

export type FromTotalsThread = { readonly id: number; readonly totals: SearchTotals } | { readonly id: number; readonly error: { readonly name: string; readonly message: string } };
