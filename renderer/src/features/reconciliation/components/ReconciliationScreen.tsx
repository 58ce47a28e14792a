import { useT } from '../../../i18n/locale-store.ts';
import { useReconProgress } from '../hooks/use-recon-progress.ts';
import { useReconciliation } from '../stores/reconciliation.ts';
import { FetchReportForm } from './FetchReportForm.tsx';
import { ImportForm } from './ImportForm.tsx';
import { SessionList } from './SessionList.tsx';
import { SessionView } from './SessionView.tsx';
import { SkippedRowsReport } from './SkippedRowsReport.tsx';
import { MissingRightNote } from '../../../components/MissingRightNote.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';

/** Compare a gateway's statement with the ledger: import it, then work the differences session by session. */
export function ReconciliationScreen() {
  const t = useT();
  const openSessionId = useReconciliation((state) => state.openSessionId);
  const rights = useOperatorRights();
  useReconProgress();
  return (
    <section className="recon-screen" aria-labelledby="recon-title" data-testid="reconciliation-screen">
      <h1 id="recon-title">{t('recon.title')}</h1>
      <p className="muted">{t('recon.intro')}</p>
      <MissingRightNote rights={rights} right="recon" />
      {rights.may('recon') && (
        <>
          <ImportForm />
          <FetchReportForm />
        </>
      )}
      <SkippedRowsReport />
      <SessionList />
      {openSessionId !== null && <SessionView />}
    </section>
  );
}
