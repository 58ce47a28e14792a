import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { CsvExportControls } from '../../../components/CsvExportControls.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { useOpenBatch } from '../hooks/use-mit-batch.ts';
import { mitBatchStore, useMitBatches } from '../stores/mit-batches.ts';
import { BatchRowsTable } from './BatchRowsTable.tsx';
import { BatchTotals } from './BatchTotals.tsx';
import { ConfirmStart } from './ConfirmStart.tsx';
import { OutcomeFilters } from './OutcomeFilters.tsx';
import { RunProgress } from './RunProgress.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';

const EXPORT_LABELS = { submit: 'mitbatch.export.submit', running: 'action.inFlight', done: 'mitbatch.export.done' } as const;

/** One batch: what it holds, its confirmation or its run, its rows by outcome, and its result file. */
export function BatchView({ batchId }: { batchId: string }) {
  const t = useT();
  const { batch, error } = useOpenBatch();
  const rights = useOperatorRights();
  const profiles = useWorkspace((state) => state.profiles);
  const actionError = useMitBatches((state) => state.actionError);
  const exporting = useMitBatches((state) => state.exporting);
  const exported = useMitBatches((state) => state.exported);
  const exportError = useMitBatches((state) => state.exportError);
  const profileName = profiles.find((profile) => profile.id === batch?.profileId)?.name ?? batch?.profileId ?? '';
  return (
    <section className="panel recon-session" aria-labelledby="mitbatch-view-title" data-testid="mitbatch-view" data-batch-id={batchId} data-status={batch?.status ?? ''}>
      <div className="recon-toolbar">
        <h2 id="mitbatch-view-title">{batch ? t('mitbatch.view.title', { name: batch.fileName }) : t('common.loading')}</h2>
        <button type="button" className="link-button" onClick={() => mitBatchStore.getState().closeBatch()} data-testid="mitbatch-close">
          {t('mitbatch.view.close')}
        </button>
      </div>
      <ErrorNotice error={error} testId="mitbatch-view-error" />
      {batch && (
        <>
          <p className="muted">
            {t('mitbatch.view.meta', { profile: profileName, operator: batch.operator, status: t(`mitbatch.status.${batch.status}`) })} <DateTime iso={batch.createdAt} />
          </p>
          <BatchTotals batch={batch} />
          {batch.status === 'previewed' && rights.may('mit') && <ConfirmStart batch={batch} profileName={profileName} />}
          {batch.status !== 'previewed' && <RunProgress batch={batch} mayAct={rights.may('mit')} />}
          <ErrorNotice error={actionError} testId="mitbatch-action-error" />
          <OutcomeFilters batch={batch} />
          <BatchRowsTable />
          <CsvExportControls
            labels={EXPORT_LABELS}
            exporting={exporting}
            exported={exported}
            error={exportError}
            onExport={(options) => void mitBatchStore.getState().exportResult(options)}
            testId="mitbatch-export"
          />
        </>
      )}
    </section>
  );
}
