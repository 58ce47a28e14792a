import { createStore, type StateCreator } from 'zustand/vanilla';
import type { Environment, PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import type { ListColumn, ListSort, ViewContent } from '../../../../../shared/domain/saved-view.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';
import type { ImportRequest } from '../utils/import-lookup.ts';
import { LIST_COLUMN_LIST } from '../../../domain/vocabulary.ts';
import { EMPTY_FILTERS, type TransactionFilters } from '../utils/search-input.ts';
import { createSavedViewsSlice, type SavedViewsSlice } from './saved-views-slice.ts';

export interface FiltersSlice {
  filters: TransactionFilters;
  queryText: string;
  sort: ListSort;
  columns: ListColumn[];
  /**
   * The environment the list shows when nobody chose one: production rows under a production
   * profile, every environment (each row marked) otherwise.
   */
  defaultEnvironment: Environment | '';
  /** The operator (or a saved view) chose the environment filter; the active profile no longer sets it. */
  environmentChosen: boolean;
  setFilters(patch: Partial<TransactionFilters>): void;
  setQueryText(text: string): void;
  setSort(sort: ListSort): void;
  /** Shows or hides a column; the last visible one stays. */
  toggleColumn(column: ListColumn): void;
  resetFilters(): void;
  /** Everything else cleared: the list of payments in one status (a badge's link). */
  showOnlyStatus(status: PaymentStatus): void;
  /** Everything else cleared: the list as a link asks for it (a badge, a chart's drill-down). */
  showOnly(filters: Partial<TransactionFilters>): void;
  /** The active profile's environment, which decides the default environment filter. */
  followProfileEnvironment(environment: Environment | null): void;
  /** What a saved view holds, taken as the list's filters, query, order and columns. */
  applyContent(content: ViewContent): void;
  /** The list's filters, query, order and columns, as a saved view keeps them. */
  currentContent(): ViewContent;
}

export interface StalenessSlice {
  /**
   * Searches (by their query's hash) that a change may have made incomplete, with when: a search
   * deeper than one page is not read again per change, the operator is offered a refresh instead.
   */
  staleSearches: Readonly<Record<string, number>>;
  markSearchStale(searchKey: string, at: number): void;
}

export interface ImportSlice {
  importing: boolean;
  importError: ErrorShape | null;
  /** Looks a payment made elsewhere up at the gateway and imports it: its id in the ledger, or null. */
  importPayment(request: ImportRequest): Promise<string | null>;
  clearImportError(): void;
}

export type TransactionsState = FiltersSlice & StalenessSlice & ImportSlice & SavedViewsSlice;

const createFiltersSlice: StateCreator<TransactionsState, [], [], FiltersSlice> = (set, get) => ({
  filters: EMPTY_FILTERS,
  queryText: '',
  sort: 'newest',
  columns: [...LIST_COLUMN_LIST],
  defaultEnvironment: '',
  environmentChosen: false,
  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch }, ...(patch.environment !== undefined ? { environmentChosen: true } : {}) });
  },
  setQueryText(text) {
    set({ queryText: text });
  },
  setSort(sort) {
    set({ sort });
  },
  toggleColumn(column) {
    const { columns } = get();
    if (columns.includes(column)) {
      if (columns.length > 1) set({ columns: columns.filter((shown) => shown !== column) });
      return;
    }
    set({ columns: LIST_COLUMN_LIST.filter((shown) => shown === column || columns.includes(shown)) });
  },
  resetFilters() {
    set({ filters: { ...EMPTY_FILTERS, environment: get().defaultEnvironment }, queryText: '', environmentChosen: false });
  },
  showOnlyStatus(status) {
    get().showOnly({ statuses: [status] });
  },
  showOnly(patch) {
    // A link chose what the list shows: the pinned view must not replace it when the views arrive.
    set({
      filters: { ...EMPTY_FILTERS, environment: get().defaultEnvironment, ...patch },
      queryText: '',
      environmentChosen: patch.environment !== undefined,
      pinnedOpened: true,
      activeViewId: null,
    });
  },
  followProfileEnvironment(environment) {
    const defaultEnvironment = environment === 'production' ? 'production' : '';
    set({ defaultEnvironment });
    if (!get().environmentChosen && get().filters.environment !== defaultEnvironment) set({ filters: { ...get().filters, environment: defaultEnvironment } });
  },
  applyContent(content) {
    set({ filters: { ...content.filters }, queryText: content.queryText, sort: content.sort, columns: LIST_COLUMN_LIST.filter((column) => content.columns.includes(column)), environmentChosen: true });
  },
  currentContent() {
    const { filters, queryText, sort, columns } = get();
    return { filters: { ...filters, statuses: [...filters.statuses] }, queryText, sort, columns: [...columns] };
  },
});

const createStalenessSlice: StateCreator<TransactionsState, [], [], StalenessSlice> = (set, get) => ({
  staleSearches: {},
  markSearchStale(searchKey, at) {
    set({ staleSearches: { ...get().staleSearches, [searchKey]: at } });
  },
});

const createImportSlice =
  (call: CallFn): StateCreator<TransactionsState, [], [], ImportSlice> =>
  (set, get) => ({
    importing: false,
    importError: null,
    async importPayment(request) {
      // One lookup at a time, however often the button is pressed.
      if (get().importing) return null;
      set({ importing: true, importError: null });
      const result = await call('payments:import', request);
      if (!result.ok) {
        set({ importing: false, importError: result.error });
        return null;
      }
      set({ importing: false });
      return result.value.payment.id;
    },
    clearImportError() {
      set({ importError: null });
    },
  });

export function createTransactionsStore(call: CallFn) {
  return createStore<TransactionsState>()((...args) => ({
    ...createFiltersSlice(...args),
    ...createStalenessSlice(...args),
    ...createImportSlice(call)(...args),
    ...createSavedViewsSlice(call)(...args),
  }));
}

export type TransactionsStore = ReturnType<typeof createTransactionsStore>;

// ---------- selectors ----------

/** How many filters of the bar are set, for the "Filters (3)" label. */
export function selectActiveFilterCount(state: Pick<TransactionsState, 'filters'>): number {
  const { filters } = state;
  let count = filters.statuses.length > 0 ? 1 : 0;
  for (const value of [filters.gatewayId, filters.environment, filters.method, filters.kind, filters.currency, filters.profileId, filters.amountMin, filters.amountMax, filters.fromDate, filters.toDate, filters.gatewayCode]) {
    if (value !== '') count += 1;
  }
  return count;
}
