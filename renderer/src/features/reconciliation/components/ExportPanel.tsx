import { CsvExportControls } from '../../../components/CsvExportControls.tsx';
import { reconciliationStore, useReconciliation } from '../stores/reconciliation.ts';

const LABELS = { submit: 'recon.export.submit', running: 'action.inFlight', done: 'recon.export.done' } as const;

/** Writes the session to a CSV in the data folder. */
export function ExportPanel() {
  const exporting = useReconciliation((state) => state.exporting);
  const exported = useReconciliation((state) => state.exported);
  const error = useReconciliation((state) => state.exportError);
  return (
    <CsvExportControls
      labels={LABELS}
      exporting={exporting}
      exported={exported}
      error={error}
      onExport={(options) => void reconciliationStore.getState().exportSession(options)}
      testId="recon-export"
    />
  );
}
