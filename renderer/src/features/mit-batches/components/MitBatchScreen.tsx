import { useT } from '../../../i18n/locale-store.ts';
import { useMitBatchEvents } from '../hooks/use-mit-batch-events.ts';
import { useMitBatches } from '../stores/mit-batches.ts';
import { BatchList } from './BatchList.tsx';
import { BatchUploadForm } from './BatchUploadForm.tsx';
import { BatchView } from './BatchView.tsx';
import { MissingRightNote } from '../../../components/MissingRightNote.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';

/** Charge many stored cards from a CSV: preview every row, confirm, follow the run, keep the result file. */
export function MitBatchScreen() {
  const t = useT();
  const openBatchId = useMitBatches((state) => state.openBatchId);
  const rights = useOperatorRights();
  useMitBatchEvents();
  return (
    <section className="recon-screen" aria-labelledby="mitbatch-title" data-testid="mitbatch-screen">
      <h1 id="mitbatch-title">{t('mitbatch.title')}</h1>
      <p className="muted">{t('mitbatch.intro')}</p>
      <MissingRightNote rights={rights} right="mit" />
      {rights.may('mit') && <BatchUploadForm />}
      {openBatchId !== null && <BatchView key={openBatchId} batchId={openBatchId} />}
      <BatchList />
    </section>
  );
}
