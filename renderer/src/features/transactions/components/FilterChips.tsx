import { isEnvironment, isPaymentKind } from '../../../domain/vocabulary.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import { formatCalendarDay } from '../../../format/date-format.ts';
import { methodLabel } from '../../../format/method-label.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { selectGatewayName } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { transactionsStore, useTransactions } from '../stores/transactions.ts';
import { filterChips, type FilterChip } from '../utils/filter-chips.ts';

const FILTER_NAMES: Readonly<Record<FilterChip['field'], MessageKey>> = {
  statuses: 'transactions.filter.status',
  environment: 'transactions.filter.environment',
  profileId: 'transactions.filter.profile',
  gatewayId: 'transactions.filter.gateway',
  method: 'transactions.filter.method',
  kind: 'transactions.filter.kind',
  currency: 'transactions.filter.currency',
  amountMin: 'transactions.filter.amountMin',
  amountMax: 'transactions.filter.amountMax',
  fromDate: 'transactions.filter.from',
  toDate: 'transactions.filter.to',
  gatewayCode: 'transactions.filter.gatewayCode',
};

/** The filters in force, each a chip whose button removes it. */
export function FilterChips() {
  const t = useT();
  const locale = useIntlLocale();
  const filters = useTransactions((state) => state.filters);
  const profiles = useWorkspace((state) => state.profiles);
  const gateways = useWorkspace((state) => state.gateways);
  const chips = filterChips(filters);
  if (chips.length === 0) return null;

  function valueOf(chip: FilterChip): string {
    switch (chip.field) {
      case 'statuses':
        return t(`status.${chip.value}`);
      case 'environment':
        return isEnvironment(chip.value) ? t(`environment.${chip.value}`) : chip.value;
      case 'profileId':
        return profiles.find((profile) => profile.id === chip.value)?.name ?? chip.value;
      case 'gatewayId':
        return selectGatewayName({ gateways }, chip.value);
      case 'method':
        return methodLabel(t, chip.value);
      case 'kind':
        return isPaymentKind(chip.value) ? t(`kind.${chip.value}`) : chip.value;
      case 'fromDate':
      case 'toDate':
        return formatCalendarDay(chip.value, locale);
      default:
        return chip.value;
    }
  }

  return (
    <ul className="filter-chips" aria-label={t('transactions.filters.active')} data-testid="filter-chips">
      {chips.map((chip) => {
        const text = `${t(FILTER_NAMES[chip.field])}: ${valueOf(chip)}`;
        return (
          <li key={`${chip.field}-${chip.value}`} className="chip" data-testid="filter-chip" data-field={chip.field} data-value={chip.value}>
            <span>{text}</span>
            <button type="button" className="chip-remove" aria-label={t('transactions.filters.remove', { filter: text })} onClick={() => transactionsStore.getState().setFilters(chip.remove)}>
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
