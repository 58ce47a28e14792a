import { useT } from '../../../i18n/locale-store.ts';
import { GatewaySelect } from '../../../components/NarrowingSelects.tsx';
import { statusQueueStore, useStatusQueue } from '../stores/status-queue.ts';
import type { QueueStateFilter } from '../stores/status-queue-store.ts';

function asStateFilter(value: string): QueueStateFilter | '' {
  return value === 'waiting' || value === 'backing_off' ? value : '';
}

export function QueueFilters() {
  const t = useT();
  const filters = useStatusQueue((state) => state.filters);
  const setFilters = statusQueueStore.getState().setFilters;

  return (
    <fieldset className="filter-bar">
      <legend>{t('queue.filters')}</legend>
      <GatewaySelect label="queue.filter.gateway" value={filters.gatewayId} onChange={(gatewayId) => setFilters({ gatewayId })} testId="queue-filter-gateway" />
      <label className="field">
        <span>{t('queue.filter.state')}</span>
        <select value={filters.state} onChange={(event) => setFilters({ state: asStateFilter(event.target.value) })} data-testid="queue-filter-state">
          <option value="">{t('common.all')}</option>
          <option value="waiting">{t('queue.state.waiting')}</option>
          <option value="backing_off">{t('queue.state.backing_off')}</option>
        </select>
      </label>
    </fieldset>
  );
}
