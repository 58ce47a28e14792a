import type { MitBatch } from '../../../../../shared/domain/mit-batch.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { mitBatchStore, useMitBatches } from '../stores/mit-batches.ts';
import { countOfFilter, filtersFor } from '../utils/outcome-filter.ts';

export const ROWS_PANEL_ID = 'mitbatch-rows-panel';

/** One button per outcome with its count: the rows table shows the chosen one. */
export function OutcomeFilters({ batch }: { batch: MitBatch }) {
  const t = useT();
  const numbers = new Intl.NumberFormat(useIntlLocale());
  const chosen = useMitBatches((state) => state.filter);
  return (
    <div role="group" aria-label={t('mitbatch.filter.label')} aria-controls={ROWS_PANEL_ID} className="recon-tabs">
      {filtersFor(batch.status).map((filter) => {
        const count = countOfFilter(filter, batch.counts);
        return (
          <button
            key={filter}
            type="button"
            className="recon-tab"
            aria-pressed={filter === chosen}
            onClick={() => mitBatchStore.getState().setFilter(filter)}
            data-testid={`mitbatch-filter-${filter}`}
            data-count={count}
          >
            <span>{filter === 'all' ? t('common.all') : t(`mitbatch.state.${filter}`)}</span> <span className="recon-tab-count">{numbers.format(count)}</span>
          </button>
        );
      })}
    </div>
  );
}
