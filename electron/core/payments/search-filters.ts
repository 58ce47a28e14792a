/** The list's filters as the contract takes them, turned into the ledger's: for the list and its export alike. */
import type { ChosenPaymentFilters } from '../../../shared/ipc/contract.ts';
import { parseDecimal } from '../../../shared/money/money.ts';
import { ValidationError } from '../errors.ts';
import type { SearchFilters } from '../ledger/types.ts';

/** The list's filters, as every channel that works on the current result takes them (a page, the totals, the export). */
export type SearchFilterInput = ChosenPaymentFilters;

/** Amount filters have no currency of their own: the selected currency's exponent, else two decimals. */
function amountFilter(value: string | undefined, currency: string | undefined, field: string): bigint | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDecimal(value, currency ?? 'EUR');
  } catch (error) {
    throw new ValidationError('The amount filter is not valid', { [field]: error instanceof Error ? error.message : 'Invalid amount' });
  }
}

/** Throws ValidationError for an amount the currency cannot hold. */
export function searchFiltersOf(input: SearchFilterInput): SearchFilters {
  return {
    text: input.text?.trim() || undefined,
    statuses: input.statuses,
    gatewayId: input.gatewayId,
    profileId: input.profileId,
    environment: input.environment,
    method: input.method,
    kind: input.kind,
    currency: input.currency,
    gatewayCode: input.gatewayCode,
    amountMinMinor: amountFilter(input.amountMin, input.currency, 'amountMin'),
    amountMaxMinor: amountFilter(input.amountMax, input.currency, 'amountMax'),
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
  };
}
