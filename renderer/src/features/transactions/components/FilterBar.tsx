import { CURRENCY_CODES } from '../../../../../shared/money/currencies.ts';
import type { PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import { PAYMENT_KIND_LIST, PAYMENT_STATUS_LIST, isPaymentKind } from '../../../domain/vocabulary.ts';
import { operatorTimeZone } from '../../../format/date-format.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { selectActiveFilterCount } from '../stores/transactions-store.ts';
import { transactionsStore, useTransactions } from '../stores/transactions.ts';

export function FilterBar() {
  const t = useT();
  const filters = useTransactions((state) => state.filters);
  const activeCount = useTransactions(selectActiveFilterCount);
  const profiles = useWorkspace((state) => state.profiles);
  const gateways = useWorkspace((state) => state.gateways);
  const setFilters = transactionsStore.getState().setFilters;

  function toggleStatus(status: PaymentStatus, on: boolean) {
    const next = on ? [...filters.statuses, status] : filters.statuses.filter((item) => item !== status);
    setFilters({ statuses: next });
  }

  return (
    <fieldset className="filter-bar">
      <legend>
        {t('transactions.filters')}
        {activeCount > 0 ? ` (${activeCount})` : ''}
      </legend>

      <details className="status-filter">
        <summary>
          {t('transactions.filter.status')}
          {filters.statuses.length > 0 ? `: ${filters.statuses.map((status) => t(`status.${status}`)).join(', ')}` : `: ${t('common.all')}`}
        </summary>
        <div className="status-options" role="group" aria-label={t('transactions.filter.status')}>
          {PAYMENT_STATUS_LIST.map((status) => (
            <label key={status} className="checkbox">
              <input
                type="checkbox"
                checked={filters.statuses.includes(status)}
                onChange={(event) => toggleStatus(status, event.target.checked)}
                data-testid={`filter-status-${status}`}
              />
              {t(`status.${status}`)}
            </label>
          ))}
        </div>
      </details>

      <label className="field">
        <span>{t('transactions.filter.gateway')}</span>
        <select value={filters.gatewayId} onChange={(event) => setFilters({ gatewayId: selectGateway({ gateways }, event.target.value)?.id ?? '' })}>
          <option value="">{t('common.all')}</option>
          {gateways.map((gateway) => (
            <option key={gateway.id} value={gateway.id}>
              {gateway.displayName}
            </option>
          ))}
        </select>
      </label>

      <label className="field">
        <span>{t('transactions.filter.profile')}</span>
        <select value={filters.profileId} onChange={(event) => setFilters({ profileId: event.target.value })}>
          <option value="">{t('common.all')}</option>
          {profiles.map((profile) => (
            <option key={profile.id} value={profile.id}>
              {`${profile.name} (${t(`environment.${profile.environment}`)})`}
            </option>
          ))}
        </select>
      </label>

      <label className="field">
        <span>{t('transactions.filter.kind')}</span>
        <select value={filters.kind} onChange={(event) => setFilters({ kind: isPaymentKind(event.target.value) ? event.target.value : '' })}>
          <option value="">{t('common.all')}</option>
          {PAYMENT_KIND_LIST.map((kind) => (
            <option key={kind} value={kind}>
              {t(`kind.${kind}`)}
            </option>
          ))}
        </select>
      </label>

      <label className="field field-narrow">
        <span>{t('transactions.filter.currency')}</span>
        <select value={filters.currency} onChange={(event) => setFilters({ currency: event.target.value })}>
          <option value="">{t('common.all')}</option>
          {CURRENCY_CODES.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </label>

      <label className="field field-narrow">
        <span>{t('transactions.filter.amountMin')}</span>
        <input type="text" inputMode="decimal" value={filters.amountMin} onChange={(event) => setFilters({ amountMin: event.target.value })} />
      </label>
      <label className="field field-narrow">
        <span>{t('transactions.filter.amountMax')}</span>
        <input type="text" inputMode="decimal" value={filters.amountMax} onChange={(event) => setFilters({ amountMax: event.target.value })} />
      </label>

      <label className="field">
        <span>{t('transactions.filter.from')}</span>
        <input type="date" value={filters.fromDate} onChange={(event) => setFilters({ fromDate: event.target.value })} aria-describedby="filter-time-zone" />
      </label>
      <label className="field">
        <span>{t('transactions.filter.to')}</span>
        <input type="date" value={filters.toDate} onChange={(event) => setFilters({ toDate: event.target.value })} aria-describedby="filter-time-zone" />
      </label>

      <label className="field field-narrow">
        <span>{t('transactions.filter.gatewayCode')}</span>
        <input type="text" value={filters.gatewayCode} onChange={(event) => setFilters({ gatewayCode: event.target.value })} data-testid="filter-gateway-code" />
      </label>

      <p id="filter-time-zone" className="hint time-zone" data-testid="filter-time-zone">
        {t('transactions.filter.timeZone', { timeZone: operatorTimeZone() })}
      </p>

      <button type="button" onClick={() => transactionsStore.getState().resetFilters()} disabled={activeCount === 0}>
        {t('transactions.filter.reset')}
      </button>
    </fieldset>
  );
}
