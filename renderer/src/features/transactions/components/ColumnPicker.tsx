import { LIST_COLUMN_LIST } from '../../../domain/vocabulary.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { transactionsStore, useTransactions } from '../stores/transactions.ts';
import { COLUMN_LABELS } from '../utils/list-columns.ts';

/** Which columns the list shows; a saved view keeps the choice. The last shown column cannot be hidden. */
export function ColumnPicker() {
  const t = useT();
  const columns = useTransactions((state) => state.columns);
  return (
    <details className="column-picker">
      <summary data-testid="columns-toggle">{t('transactions.columns')}</summary>
      <div className="column-options" role="group" aria-label={t('transactions.columns')}>
        {LIST_COLUMN_LIST.map((column) => {
          const shown = columns.includes(column);
          return (
            <label key={column} className="checkbox">
              <input type="checkbox" checked={shown} disabled={shown && columns.length === 1} data-testid={`column-${column}`} onChange={() => transactionsStore.getState().toggleColumn(column)} />
              {t(COLUMN_LABELS[column])}
            </label>
          );
        })}
      </div>
    </details>
  );
}
