import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { useReconciliation } from '../stores/reconciliation.ts';

/** What the last import read, and every row it could not (line and why), so the file can be fixed. */
export function SkippedRowsReport() {
  const t = useT();
  const locale = useIntlLocale();
  const report = useReconciliation((state) => state.importReport);
  if (!report) return null;
  const numbers = new Intl.NumberFormat(locale);
  return (
    <section className="panel" aria-labelledby="recon-report-title" data-testid="recon-import-report">
      <h2 id="recon-report-title">{t('recon.report.title')}</h2>
      <p role="status" data-testid="recon-import-result" data-rows={report.rows} data-skipped={report.skipped.length}>
        {t('recon.report.summary', { source: report.session.source, rows: numbers.format(report.rows), skipped: numbers.format(report.skipped.length) })}
      </p>
      {report.skipped.length > 0 && (
        <table className="recon-skipped" data-testid="recon-skipped">
          <caption>{t('recon.report.skipped')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('recon.report.line')}</th>
              <th scope="col">{t('recon.report.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {report.skipped.map((row) => (
              <tr key={`${row.line}-${row.reason}`} data-testid="recon-skipped-row">
                <td className="numeric">{numbers.format(row.line)}</td>
                <td>{row.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
