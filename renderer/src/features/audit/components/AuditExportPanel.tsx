import { CsvExportControls } from '../../../components/CsvExportControls.tsx';
import { auditStore, useAudit } from '../stores/audit.ts';

const LABELS = { submit: 'audit.export.submit', running: 'audit.export.running', done: 'audit.export.done' } as const;

/** Writes what the filters select to a CSV in the data folder. */
export function AuditExportPanel() {
  const exporting = useAudit((state) => state.exporting);
  const exported = useAudit((state) => state.exported);
  const error = useAudit((state) => state.exportError);
  return (
    <CsvExportControls
      labels={LABELS}
      exporting={exporting}
      exported={exported}
      error={error}
      onExport={(options) => void auditStore.getState().exportEntries(options)}
      testId="audit-export"
    />
  );
}
