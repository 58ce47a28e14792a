import type { DashboardSummary } from '../../../../../shared/domain/dashboard.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { currencyHref, type DashboardNarrowing } from '../utils/drill-down.ts';
import type { BarWords } from '../utils/chart-bars.ts';

/** One line per currency: counts, and the approved amount in that currency alone. */
export function CurrencyTotals({ summary, narrowing, words }: { summary: DashboardSummary; narrowing: DashboardNarrowing; words: BarWords }) {
  const t = useT();
  return (
    <section className="dashboard-totals" aria-labelledby="dashboard-totals-title">
      <h2 id="dashboard-totals-title">{t('dashboard.totals')}</h2>
      <ul>
        {summary.currencies.map((line) => (
          <li key={line.currency} data-testid={`dashboard-total-${line.currency}`}>
            <strong>{line.currency}</strong>{' '}
            {t('dashboard.total.line', {
              count: words.count(line.count),
              approvedCount: words.count(line.approvedCount),
              approvedAmount: words.amount(line.approvedAmount, line.currency),
              declinedCount: words.count(line.declinedCount),
            })}{' '}
            <a href={currencyHref(summary.period, narrowing, line.currency)}>{t('dashboard.openList')}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
