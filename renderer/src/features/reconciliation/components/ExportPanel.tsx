import { useId, useState } from 'react';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { operatorTimeZone, timeZoneChoices } from '../../../format/date-format.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { reconciliationStore, useReconciliation } from '../stores/reconciliation.ts';

/** Writes the session to a CSV in the data folder, times in the chosen zone; shows where it went. */
export function ExportPanel() {
  const t = useT();
  const locale = useIntlLocale();
  const id = useId();
  const exporting = useReconciliation((state) => state.exporting);
  const exported = useReconciliation((state) => state.exported);
  const error = useReconciliation((state) => state.exportError);
  const [timeZone, setTimeZone] = useState(operatorTimeZone);

  return (
    <div className="recon-export" data-testid="recon-export-panel">
      <label htmlFor={`${id}-zone`}>{t('recon.export.timeZone')}</label>{' '}
      <select id={`${id}-zone`} value={timeZone} onChange={(event) => setTimeZone(event.target.value)} data-testid="recon-export-timezone">
        {timeZoneChoices(operatorTimeZone()).map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </select>{' '}
      <button type="button" disabled={exporting} onClick={() => void reconciliationStore.getState().exportSession(timeZone)} data-testid="recon-export">
        {exporting ? t('action.inFlight') : t('recon.export.submit')}
      </button>
      <ErrorNotice error={error} testId="recon-export-error" />
      {exported && (
        <p role="status" className="notice notice-ok">
          {t('recon.export.done', { rows: new Intl.NumberFormat(locale).format(exported.rows) })}{' '}
          <code data-testid="recon-export-path">{exported.path}</code> <CopyButton text={() => exported.path} />
        </p>
      )}
    </div>
  );
}
