import type { SearchInput } from '../../../../../shared/ipc/contract.ts';
import { paymentFiltersShape, type PaymentFilters } from '../../../../../shared/ipc/payment-filters.ts';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import type { ListSort, ViewFilters } from '../../../../../shared/domain/saved-view.ts';
import { isCurrencyCode } from '../../../../../shared/money/currencies.ts';
import { formatDecimal, parseDecimal } from '../../../../../shared/money/money.ts';
import { normaliseAmountInput } from '../../../format/amount-input.ts';
import { endOfLocalDay, startOfLocalDay } from '../../../format/date-format.ts';
import type { ListLink } from '../../../routing/route.ts';
import { isCalendarDay, type AmountBound, type ParsedQuery, type QueryProblem } from './query-syntax.ts';

/**
 * What the filter bar holds; empty string = not filtered. The same shape a saved view keeps, so a
 * view is the bar as it was. Calendar days (YYYY-MM-DD) are in the operator's time zone, as
 * <input type="date"> gives them.
 */
export type TransactionFilters = Readonly<ViewFilters>;

export const EMPTY_FILTERS: TransactionFilters = {
  statuses: [],
  gatewayId: '',
  kind: '',
  currency: '',
  profileId: '',
  environment: '',
  method: '',
  amountMin: '',
  amountMax: '',
  fromDate: '',
  toDate: '',
  gatewayCode: '',
};

/** The filter bar as a link sets it: the link's filters, nothing else. */
export function filtersOfLink(link: ListLink): TransactionFilters {
  return {
    ...EMPTY_FILTERS,
    statuses: [...(link.statuses ?? [])],
    gatewayId: link.gatewayId ?? '',
    profileId: link.profileId ?? '',
    currency: link.currency ?? '',
    fromDate: link.fromDate ?? '',
    toDate: link.toDate ?? '',
    gatewayCode: link.gatewayCode ?? '',
  };
}

/** Longer free text is cut to what the contract takes, not sent to be refused. */
export const MAX_SEARCH_TEXT = maxLengthOf(paymentFiltersShape.text);

export interface BuiltSearch {
  readonly input: SearchInput;
  readonly problems: QueryProblem[];
}

/**
 * The search contract's bounds are inclusive. With a currency known, `>`/`<` become exact by
 * moving one minor unit; without one the step is unknown, so the bound stays inclusive and the
 * operator is told.
 */
function resolveBound(bound: AmountBound, direction: 1n | -1n, currency: string | undefined, problems: QueryProblem[], token: string): string | undefined {
  if (!bound.exclusive) return bound.value;
  if (!currency) {
    problems.push({ code: 'exclusive_without_currency', token });
    return bound.value;
  }
  let minor: bigint;
  try {
    minor = parseDecimal(bound.value, currency);
  } catch {
    problems.push({ code: 'bad_amount', token });
    return undefined;
  }
  const moved = minor + direction;
  if (moved < 0n) {
    problems.push({ code: 'bad_amount', token });
    return undefined;
  }
  return formatDecimal(moved, currency);
}

function panelBound(text: string, problems: QueryProblem[], token: string): AmountBound | undefined {
  if (text.trim() === '') return undefined;
  const value = normaliseAmountInput(text);
  if (value === null) {
    problems.push({ code: 'bad_amount', token });
    return undefined;
  }
  return { value, exclusive: false };
}

/**
 * Filter bar + parsed query → one `payments:search` input. A value typed in the query wins over
 * the same filter in the bar, because it is the more recent and more specific intent.
 */
export function buildSearchInput(filters: TransactionFilters, query: ParsedQuery, limit: number, cursor?: string, sort: ListSort = 'newest'): BuiltSearch {
  const problems: QueryProblem[] = [...query.problems];
  const fromQuery = query.filters;
  const input: SearchInput = { limit };

  const text = query.text.trim().slice(0, MAX_SEARCH_TEXT);
  if (text !== '') input.text = text;

  const statuses = fromQuery.statuses ?? filters.statuses;
  if (statuses.length > 0) input.statuses = [...statuses];

  const gatewayId = fromQuery.gatewayId ?? (filters.gatewayId || undefined);
  if (gatewayId) input.gatewayId = gatewayId;

  const environment = fromQuery.environment ?? (filters.environment || undefined);
  if (environment) input.environment = environment;

  const method = fromQuery.method ?? (filters.method || undefined);
  if (method) input.method = method;

  const kind = fromQuery.kind ?? (filters.kind || undefined);
  if (kind) input.kind = kind;

  const profileId = fromQuery.profileId ?? (filters.profileId || undefined);
  if (profileId) input.profileId = profileId;

  const currency = fromQuery.currency ?? (isCurrencyCode(filters.currency) ? filters.currency : undefined);
  if (currency) input.currency = currency;

  const minBound = fromQuery.amountMin ?? panelBound(filters.amountMin, problems, filters.amountMin);
  if (minBound) {
    const amountMin = resolveBound(minBound, 1n, currency, problems, `amount>${minBound.value}`);
    if (amountMin !== undefined) input.amountMin = amountMin;
  }
  const maxBound = fromQuery.amountMax ?? panelBound(filters.amountMax, problems, filters.amountMax);
  if (maxBound) {
    const amountMax = resolveBound(maxBound, -1n, currency, problems, `amount<${maxBound.value}`);
    if (amountMax !== undefined) input.amountMax = amountMax;
  }

  const gatewayCode = filters.gatewayCode.trim();
  if (gatewayCode !== '') input.gatewayCode = gatewayCode;

  const fromDay = fromQuery.fromDate ?? (isCalendarDay(filters.fromDate) ? filters.fromDate : undefined);
  if (fromDay) input.from = startOfLocalDay(fromDay);
  const toDay = fromQuery.toDate ?? (isCalendarDay(filters.toDate) ? filters.toDate : undefined);
  if (toDay) input.to = endOfLocalDay(toDay);

  if (cursor !== undefined) input.cursor = cursor;
  if (sort !== 'newest') input.sort = sort;
  return { input, problems };
}

/** The filters of a search, without its page and order: what the totals (and anything else over the whole result) take. */
export function filtersOfSearch(input: SearchInput): PaymentFilters {
  const { limit: _limit, cursor: _cursor, sort: _sort, ...filters } = input;
  return filters;
}
