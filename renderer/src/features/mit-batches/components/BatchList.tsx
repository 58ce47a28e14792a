import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { useMitBatchList } from '../hooks/use-mit-batch.ts';
import { mitBatchStore, useMitBatches } from '../stores/mit-batches.ts';

/** Earlier batches, newest first: which file, whose cards, who and when, where it stands; one opens above. */
export function BatchList() {
  const t = useT();
  const numbers = new Intl.NumberFormat(useIntlLocale());
  const { batches, error } = useMitBatchList();
  const profiles = useWorkspace((state) => state.profiles);
  const openBatchId = useMitBatches((state) => state.openBatchId);
  return (
    <section className="panel" aria-labelledby="mitbatch-list-title">
      <h2 id="mitbatch-list-title">{t('mitbatch.list.title')}</h2>
      <ErrorNotice error={error} testId="mitbatch-list-error" />
      {batches.length === 0 ? (
        <p className="muted">{t('mitbatch.list.empty')}</p>
      ) : (
        <table className="recon-sessions" data-testid="mitbatch-list">
          <thead>
            <tr>
              <th scope="col">{t('mitbatch.list.created')}</th>
              <th scope="col">{t('mitbatch.list.file')}</th>
              <th scope="col">{t('mitbatch.list.profile')}</th>
              <th scope="col">{t('mitbatch.list.status')}</th>
              <th scope="col" className="numeric">
                {t('mitbatch.list.rows')}
              </th>
              <th scope="col" className="numeric">
                {t('mitbatch.list.succeeded')}
              </th>
              <th scope="col" className="numeric">
                {t('mitbatch.list.notCharged')}
              </th>
              <th scope="col">{t('mitbatch.list.operator')}</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((batch) => (
              <tr key={batch.id} data-testid="mitbatch-item" data-batch-id={batch.id} data-status={batch.status} aria-current={batch.id === openBatchId ? 'true' : undefined}>
                <td>
                  <button type="button" className="link-button" onClick={() => mitBatchStore.getState().openBatch(batch.id)} data-testid="mitbatch-open">
                    <DateTime iso={batch.createdAt} />
                  </button>
                </td>
                <td className="truncate" title={batch.fileName}>
                  {batch.fileName}
                </td>
                <td>{profiles.find((profile) => profile.id === batch.profileId)?.name ?? batch.profileId}</td>
                <td>{t(`mitbatch.status.${batch.status}`)}</td>
                <td className="numeric">{numbers.format(batch.counts.rows)}</td>
                <td className="numeric">{numbers.format(batch.counts.succeeded)}</td>
                <td className="numeric">{numbers.format(batch.counts.invalid + batch.counts.declined + batch.counts.failed + batch.counts.skipped)}</td>
                <td>{batch.operator}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
