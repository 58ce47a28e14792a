import { useId, useState } from 'react';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { operatorTimeZone, timeZoneChoices } from '../../../format/date-format.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { auditStore, useAudit } from '../stores/audit.ts';

/** Writes what the filters select to a CSV in the data folder, times in the chosen zone; shows where it went. */
export function AuditExportPanel() {
  const t = useT();
  const locale = useIntlLocale();
  const id = useId();
  const exporting = useAudit((state) => state.exporting);
  const exported = useAudit((state) => state.exported);
  const error = useAudit((state) => state.exportError);
  const [timeZone, setTimeZone] = useState(operatorTimeZone);

  return (
    <div className="audit-export" data-testid="audit-export-panel">
      <label htmlFor={`${id}-zone`}>{t('audit.export.timeZone')}</label>{' '}
      <select id={`${id}-zone`} value={timeZone} onChange={(event) => setTimeZone(event.target.value)} data-testid="audit-export-timezone">
        {timeZoneChoices(operatorTimeZone()).map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </select>{' '}
      <button type="button" disabled={exporting} onClick={() => void auditStore.getState().exportEntries(timeZone)} data-testid="audit-export">
        {exporting ? t('audit.export.running') : t('audit.export.submit')}
      </button>
      <ErrorNotice error={error} testId="audit-export-error" />
      {exported && (
        <p role="status" className="notice notice-ok" data-testid="audit-export-done" data-rows={exported.rows}>
          {t('audit.export.done', { rows: new Intl.NumberFormat(locale).format(exported.rows) })}{' '}
          <code data-testid="audit-export-path">{exported.path}</code> <CopyButton text={() => exported.path} />
        </p>
      )}
    </div>
  );
}
