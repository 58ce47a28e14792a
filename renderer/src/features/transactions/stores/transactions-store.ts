import { createStore, type StateCreator } from 'zustand/vanilla';
import type { ChannelOutput, PaymentSummary } from '../../../../../shared/ipc/contract.ts';
import type { Environment, PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import type { ListColumn, ListSort, ViewContent } from '../../../../../shared/domain/saved-view.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';
import { isOlderSummary } from '../../../domain/summary-order.ts';
import type { ImportRequest } from '../utils/import-lookup.ts';
import { parseQuery, type QueryProblem } from '../utils/query-syntax.ts';
import { LIST_COLUMN_LIST } from '../../../domain/vocabulary.ts';
import { buildSearchInput, EMPTY_FILTERS, filtersOfSearch, type TransactionFilters } from '../utils/search-input.ts';
import { createSavedViewsSlice, type SavedViewsSlice } from './saved-views-slice.ts';

export const PAGE_SIZE = 100;

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

export type ResultsPhase = 'idle' | 'loading' | 'loadingMore' | 'ready' | 'error';

export interface ResultsSlice {
  rows: PaymentSummary[];
  nextCursor: string | null;
  phase: ResultsPhase;
  error: ErrorShape | null;
  problems: QueryProblem[];
  /** Payments on the loaded pages that the core could not show at all (it logs their ids). */
  skipped: number;
  /** Some payment changed that is not on screen and may belong in this result. */
  stale: boolean;
  /** Bumped by every new first-page search so answers to older searches are dropped. */
  generation: number;
  loadFirstPage(): Promise<void>;
  loadNextPage(): Promise<void>;
  retryNextPage(): Promise<void>;
  /** The core announced a change with the payment's summary: a row on screen takes it as is. */
  paymentChanged(summary: PaymentSummary): Promise<void>;
}

export type ListTotals = ChannelOutput<'payments:totals'>;

export interface TotalsSlice {
  /** The count and per-currency sums of the whole result (not the loaded pages), as the core aggregated them. */
  totals: ListTotals | null;
  totalsError: ErrorShape | null;
  totalsGeneration: number;
  loadTotals(): Promise<void>;
}

export interface ImportSlice {
  importing: boolean;
  importError: ErrorShape | null;
  /** Looks a payment made elsewhere up at the gateway and imports it: its id in the ledger, or null. */
  importPayment(request: ImportRequest): Promise<string | null>;
  clearImportError(): void;
}

export type TransactionsState = FiltersSlice & ResultsSlice & TotalsSlice & ImportSlice & SavedViewsSlice;

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

const createResultsSlice =
  (call: CallFn, knownGatewayIds: () => readonly string[]): StateCreator<TransactionsState, [], [], ResultsSlice> =>
  (set, get) => ({
    rows: [],
    nextCursor: null,
    phase: 'idle',
    error: null,
    problems: [],
    skipped: 0,
    stale: false,
    generation: 0,

    async loadFirstPage() {
      const generation = get().generation + 1;
      const { input, problems } = buildSearchInput(get().filters, parseQuery(get().queryText, knownGatewayIds()), PAGE_SIZE, undefined, get().sort);
      set({ generation, phase: 'loading', error: null, problems });
      const result = await call('payments:search', input);
      if (get().generation !== generation) return;
      if (!result.ok) {
        set({ phase: 'error', error: result.error, rows: [], nextCursor: null, skipped: 0 });
        return;
      }
      set({ phase: 'ready', rows: result.value.rows, nextCursor: result.value.nextCursor, skipped: result.value.skipped ?? 0, stale: false });
    },

    async loadNextPage() {
      const { phase, nextCursor, generation } = get();
      if (nextCursor === null || phase !== 'ready') return;
      const { input } = buildSearchInput(get().filters, parseQuery(get().queryText, knownGatewayIds()), PAGE_SIZE, nextCursor, get().sort);
      set({ phase: 'loadingMore' });
      const result = await call('payments:search', input);
      if (get().generation !== generation) return;
      if (!result.ok) {
        set({ phase: 'ready', error: result.error });
        return;
      }
      set({
        phase: 'ready',
        error: null,
        rows: appendPage(get().rows, result.value.rows),
        nextCursor: result.value.nextCursor,
        skipped: get().skipped + (result.value.skipped ?? 0),
      });
    },

    async retryNextPage() {
      set({ error: null });
      await get().loadNextPage();
    },

    async paymentChanged(summary) {
      if (!get().rows.some((row) => row.id === summary.id)) {
        // A search still loading may have been answered before this change: ask again (the newer search wins).
        const phase = get().phase;
        if (get().rows.length <= PAGE_SIZE && (phase === 'ready' || phase === 'loading')) await Promise.all([get().loadFirstPage(), get().loadTotals()]);
        else set({ stale: true });
        return;
      }
      set({ rows: get().rows.map((row) => (row.id === summary.id && !isOlderSummary(summary, row) ? summary : row)) });
    },
  });

const createTotalsSlice =
  (call: CallFn, knownGatewayIds: () => readonly string[]): StateCreator<TransactionsState, [], [], TotalsSlice> =>
  (set, get) => ({
    totals: null,
    totalsError: null,
    totalsGeneration: 0,
    async loadTotals() {
      const totalsGeneration = get().totalsGeneration + 1;
      const { input } = buildSearchInput(get().filters, parseQuery(get().queryText, knownGatewayIds()), PAGE_SIZE);
      set({ totalsGeneration, totalsError: null });
      const result = await call('payments:totals', filtersOfSearch(input));
      if (get().totalsGeneration !== totalsGeneration) return;
      set(result.ok ? { totals: result.value } : { totals: null, totalsError: result.error });
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

/** A payment created while paging can shift the cursor window; never show the same row twice. */
export function appendPage(existing: readonly PaymentSummary[], page: readonly PaymentSummary[]): PaymentSummary[] {
  const seen = new Set(existing.map((row) => row.id));
  return [...existing, ...page.filter((row) => !seen.has(row.id))];
}

/** `knownGatewayIds`: the gateways this console has, for checking a typed `gateway:` filter. */
export function createTransactionsStore(call: CallFn, knownGatewayIds: () => readonly string[] = () => []) {
  return createStore<TransactionsState>()((...args) => ({
    ...createFiltersSlice(...args),
    ...createResultsSlice(call, knownGatewayIds)(...args),
    ...createTotalsSlice(call, knownGatewayIds)(...args),
    ...createImportSlice(call)(...args),
    ...createSavedViewsSlice(call)(...args),
  }));
}

export type TransactionsStore = ReturnType<typeof createTransactionsStore>;

// ---------- selectors ----------

export function selectHasMore(state: Pick<TransactionsState, 'nextCursor'>): boolean {
  return state.nextCursor !== null;
}

export function selectIsSearching(state: Pick<TransactionsState, 'phase'>): boolean {
  return state.phase === 'loading';
}

/** How many filters of the bar are set, for the "Filters (3)" label. */
export function selectActiveFilterCount(state: Pick<TransactionsState, 'filters'>): number {
  const { filters } = state;
  let count = filters.statuses.length > 0 ? 1 : 0;
  for (const value of [filters.gatewayId, filters.environment, filters.method, filters.kind, filters.currency, filters.profileId, filters.amountMin, filters.amountMax, filters.fromDate, filters.toDate, filters.gatewayCode]) {
    if (value !== '') count += 1;
  }
  return count;
}

/** Rows the virtual list draws, plus one loader row while more pages exist. */
export function selectVirtualRowCount(state: Pick<TransactionsState, 'rows' | 'nextCursor'>): number {
  return state.rows.length + (state.nextCursor !== null ? 1 : 0);
}

/** Load the next page once the viewport comes within `threshold` rows of the end. */
export function shouldLoadMore(state: Pick<TransactionsState, 'rows' | 'nextCursor' | 'phase' | 'error'>, lastVisibleIndex: number, threshold = 20): boolean {
  // After a failed page the operator retries by hand; scrolling must not hammer a failing core.
  if (state.error !== null) return false;
  return state.nextCursor !== null && state.phase === 'ready' && lastVisibleIndex >= state.rows.length - threshold;
}
