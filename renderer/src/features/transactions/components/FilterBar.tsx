import { useId, useState } from 'react';
import { DayInput } from '../../../components/DayInput.tsx';
import { CurrencySelect, GatewaySelect, ProfileSelect } from '../../../components/NarrowingSelects.tsx';
import type { PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import { ENVIRONMENT_LIST, PAYMENT_KIND_LIST, PAYMENT_STATUS_LIST, isEnvironment, isPaymentKind } from '../../../domain/vocabulary.ts';
import { operatorTimeZone } from '../../../format/date-format.ts';
import { methodLabel, PAYMENT_METHOD_CODES } from '../../../format/method-label.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { selectActiveFilterCount } from '../stores/transactions-store.ts';
import { transactionsStore, useTransactions } from '../stores/transactions.ts';
import { FilterChips } from './FilterChips.tsx';

/**
 * The filters, folded to one line by default (a button and the filters in force as removable
 * chips) so the rows get the screen; unfolded, every filter of the list.
 */
export function FilterBar() {
  const t = useT();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const activeCount = useTransactions(selectActiveFilterCount);
  return (
    <div className="filter-area">
      <div className="filter-line">
        <button type="button" className="filter-toggle" aria-expanded={open} aria-controls={open ? panelId : undefined} data-testid="filters-toggle" onClick={() => setOpen(!open)}>
          {t(open ? 'transactions.filters.hide' : 'transactions.filters.show')}
          {activeCount > 0 ? ` (${activeCount})` : ''}
        </button>
        <FilterChips />
      </div>
      {open && <FilterPanel id={panelId} />}
    </div>
  );
}

function FilterPanel({ id }: { id: string }) {
  const t = useT();
  const filters = useTransactions((state) => state.filters);
  const activeCount = useTransactions(selectActiveFilterCount);
  const setFilters = transactionsStore.getState().setFilters;

  function toggleStatus(status: PaymentStatus, on: boolean) {
    const next = on ? [...filters.statuses, status] : filters.statuses.filter((item) => item !== status);
    setFilters({ statuses: next });
  }

  return (
    <fieldset className="filter-bar" id={id} data-testid="filter-panel">
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

      <GatewaySelect label="transactions.filter.gateway" value={filters.gatewayId} onChange={(gatewayId) => setFilters({ gatewayId })} />
      <ProfileSelect label="transactions.filter.profile" value={filters.profileId} onChange={(profileId) => setFilters({ profileId })} />

      <label className="field">
        <span>{t('transactions.filter.environment')}</span>
        <select data-testid="filter-environment" value={filters.environment} onChange={(event) => setFilters({ environment: isEnvironment(event.target.value) ? event.target.value : '' })}>
          <option value="">{t('transactions.filter.allEnvironments')}</option>
          {ENVIRONMENT_LIST.map((environment) => (
            <option key={environment} value={environment}>
              {t(`environment.${environment}`)}
            </option>
          ))}
        </select>
      </label>

      <label className="field">
        <span>{t('transactions.filter.method')}</span>
        <select data-testid="filter-method" value={filters.method} onChange={(event) => setFilters({ method: event.target.value })}>
          <option value="">{t('common.all')}</option>
          {PAYMENT_METHOD_CODES.map((method) => (
            <option key={method} value={method}>
              {methodLabel(t, method)}
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

      <CurrencySelect label="transactions.filter.currency" value={filters.currency} onChange={(currency) => setFilters({ currency })} />

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
        <DayInput value={filters.fromDate} onDayChange={(fromDate) => setFilters({ fromDate })} aria-describedby="filter-time-zone" data-testid="filter-from" />
      </label>
      <label className="field">
        <span>{t('transactions.filter.to')}</span>
        <DayInput value={filters.toDate} onDayChange={(toDate) => setFilters({ toDate })} aria-describedby="filter-time-zone" data-testid="filter-to" />
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
