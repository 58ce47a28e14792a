import { CopyButton } from '../../../components/CopyButton.tsx';
import { CsvFileOptionsFolded, useCsvFileOptions } from '../../../components/CsvFileOptionsFields.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { workspaceStore } from '../../../stores/workspace.ts';
import { useExportProgress } from '../hooks/use-export-progress.ts';
import { paymentsExportStore, usePaymentsExport } from '../stores/payments-export.ts';
import { transactionsStore } from '../stores/transactions.ts';
import { exportRequest } from '../utils/export-request.ts';

/**
 * "Export CSV": every payment the list's filters and query match (not only the rows loaded) goes
 * to a CSV file in the data folder, times in the chosen zone, in the chosen spreadsheet format; a progress bar with a Cancel while
 * it is written, then where the file is.
 */
export function ExportPanel() {
  const t = useT();
  const exporting = usePaymentsExport((state) => state.exporting);
  const error = usePaymentsExport((state) => state.error);
  const [options, change] = useCsvFileOptions();
  const dayLocale = useIntlLocale();
  useExportProgress();

  function start() {
    const knownGatewayIds = workspaceStore.getState().gateways.map((gateway) => gateway.id);
    void paymentsExportStore.getState().start(exportRequest(transactionsStore.getState(), knownGatewayIds, options, dayLocale));
  }

  return (
    <div className="payments-export" data-testid="payments-export-panel">
      <div className="payments-export-controls">
        <button type="button" disabled={exporting} onClick={start} data-testid="payments-export">
          {t('paymentsExport.submit')}
        </button>
        <CsvFileOptionsFolded options={options} onChange={change} disabled={exporting} testId="payments-export" />
      </div>
      <ExportProgress />
      <ErrorNotice error={error} testId="payments-export-error" />
      <ExportResult />
    </div>
  );
}

function ExportProgress() {
  const t = useT();
  const locale = useIntlLocale();
  const exporting = usePaymentsExport((state) => state.exporting);
  const progress = usePaymentsExport((state) => state.progress);
  const cancelling = usePaymentsExport((state) => state.cancelling);
  if (!exporting || progress === null) return null;
  const numbers = new Intl.NumberFormat(locale);
  // How many payments match is not counted first (that would read them twice): the bar runs without an end.
  return (
    <div className="payments-export-progress" data-testid="payments-export-progress" data-rows-written={progress.rowsWritten}>
      <label htmlFor="payments-export-bar">{t('paymentsExport.progress', { rows: numbers.format(progress.rowsWritten), rate: numbers.format(progress.rowsPerSecond) })}</label>
      <progress id="payments-export-bar" />
      <button type="button" onClick={() => void paymentsExportStore.getState().cancel()} disabled={cancelling || progress.exportId === null} data-testid="payments-export-cancel">
        {cancelling ? t('paymentsExport.cancelling') : t('paymentsExport.cancel')}
      </button>
    </div>
  );
}

function ExportResult() {
  const t = useT();
  const locale = useIntlLocale();
  const result = usePaymentsExport((state) => state.result);
  if (result === null) return null;
  const rows = new Intl.NumberFormat(locale).format(result.rows);
  const path = result.path;
  if (path === null) {
    return (
      <p role="status" className="notice" data-testid="payments-export-cancelled">
        {t('paymentsExport.cancelled')}
      </p>
    );
  }
  return (
    <div role="status" className="notice notice-ok" data-testid="payments-export-done">
      <p>
        {t('paymentsExport.done', { rows })} <code data-testid="payments-export-path">{path}</code> <CopyButton text={() => path} />
      </p>
      {result.limitReached && <p data-testid="payments-export-limit">{t('paymentsExport.limitReached', { rows })}</p>}
    </div>
  );
}
