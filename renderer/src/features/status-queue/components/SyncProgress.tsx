import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { paymentHref } from '../../../routing/route.ts';
import { selectProgressPercent, selectRunSummary } from '../stores/status-queue-store.ts';
import { useStatusQueue } from '../stores/status-queue.ts';

/** The bar while a sync now runs, then what each payment's gateway answered. */
export function SyncProgress() {
  const t = useT();
  const running = useStatusQueue((state) => state.running);
  const percent = useStatusQueue(selectProgressPercent);
  const results = useStatusQueue((state) => state.results);
  const lastRunIds = useStatusQueue((state) => state.lastRunIds);
  // Derived here, not in a store selector: a selector returning a new object re-renders forever.
  const summary = selectRunSummary({ results, lastRunIds, running });
  const syncError = useStatusQueue((state) => state.syncError);

  return (
    <div className="sync-progress">
      {running && (
        <div className="progress-line">
          <label htmlFor="queue-progress">{t('queue.sync.progress', { done: running.done, total: running.total })}</label>
          <progress
            id="queue-progress"
            data-testid="queue-progress"
            max={running.total}
            value={running.done}
            aria-valuetext={t('queue.sync.percent', { percent })}
            data-done={running.done}
            data-total={running.total}
          />
        </div>
      )}
      <ErrorNotice error={syncError} testId="queue-sync-error" />
      {summary && (
        <details className="sync-results" data-testid="queue-sync-results" open={summary.failed > 0}>
          <summary role="status">
            {summary.failed > 0 ? t('queue.sync.summaryFailed', { checked: summary.checked, failed: summary.failed }) : t('queue.sync.summary', { checked: summary.checked })}
          </summary>
          <ul>
            {lastRunIds.map((paymentId) => {
              const result = results[paymentId];
              return (
                <li key={paymentId} data-testid="queue-sync-result" data-payment-id={paymentId} data-ok={result?.ok ?? false}>
                  <a href={paymentHref(paymentId)} className="mono">
                    {paymentId}
                  </a>{' '}
                  {result ? (
                    <>
                      {result.status && <StatusBadge status={result.status} />} <span className={result.ok ? '' : 'field-error'}>{result.message}</span>
                    </>
                  ) : (
                    <span className="muted">{t('queue.sync.notReached')}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </div>
  );
}
