import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { useQueue, useStatusQueueSync } from '../hooks/use-status-queue.ts';
import { statusQueueStore, useStatusQueue } from '../stores/status-queue.ts';
import { QueueFilters } from './QueueFilters.tsx';
import { QueueTable } from './QueueTable.tsx';
import { SyncProgress } from './SyncProgress.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';

export function StatusQueueScreen() {
  const t = useT();
  const rights = useOperatorRights();
  useStatusQueueSync();
  const queue = useQueue();
  const { loading, error, total } = queue;
  const shown = queue.entries.length;
  const selectedCount = useStatusQueue((state) => state.selected.length);
  const running = useStatusQueue((state) => state.running);

  return (
    <section className="status-queue" aria-labelledby="queue-title" data-testid="status-queue">
      <h1 id="queue-title">{t('queue.title')}</h1>
      <p className="muted">{t('queue.intro')}</p>
      {queue.polledBy !== null && (
        <p className="muted" data-testid="queue-polled-by">
          {queue.polledBy.here ? t('queue.polledHere') : queue.polledBy.by === null ? t('queue.polledByNobody') : t('queue.polledBy', { name: queue.polledBy.by })}
        </p>
      )}
      <QueueFilters />
      <ErrorNotice error={error} testId="queue-error" />
      <div className="queue-toolbar">
        <div className="list-status" role="status" aria-live="polite" data-testid="queue-count">
          {loading ? t('common.loading') : shown < total ? t('queue.countMore', { shown, total }) : t('queue.count', { count: total })}
        </div>
        <div className="button-row">
          <button type="button" onClick={queue.refresh} data-testid="queue-refresh">
            {t('transactions.refresh')}
          </button>
          {rights.writes && (
            <button
              type="button"
              className="primary"
              disabled={selectedCount === 0 || running !== null}
              onClick={() => void statusQueueStore.getState().syncSelected()}
              data-testid="queue-sync-selected"
            >
              {running !== null ? t('queue.sync.running') : t('queue.syncSelected', { count: selectedCount })}
            </button>
          )}
        </div>
      </div>
      <SyncProgress />
      <QueueTable />
    </section>
  );
}
