import { useMemo } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { formatCalendarDay } from '../../../format/date-format.ts';
import { formatAmount } from '../../../format/money-format.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import type { DashboardSummary } from '../../../../../shared/domain/dashboard.ts';
import { useDashboardRefresh, useDashboardSummary } from '../hooks/use-dashboard-summary.ts';
import { hasPayments, volumeCurrencyOf } from '../stores/dashboard-store.ts';
import { dashboardStore, useDashboard } from '../stores/dashboard.ts';
import { declineBars, gatewayBars, paymentsPerDayBars, pendingAgeBars, statusBars, volumePerDayBars, type BarWords } from '../utils/chart-bars.ts';
import { BarChart } from './BarChart.tsx';
import { CurrencyTotals } from './CurrencyTotals.tsx';
import { PeriodPicker } from './PeriodPicker.tsx';

export function DashboardScreen() {
  const t = useT();
  useDashboardRefresh();
  const { summary, loading, error } = useDashboardSummary();

  return (
    <section className="dashboard-screen" aria-labelledby="dashboard-title" aria-busy={loading}>
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      <PeriodPicker />
      <ErrorNotice error={error} testId="dashboard-error" />
      {summary === null && loading && <p>{t('dashboard.loading')}</p>}
      {summary !== null && !hasPayments(summary) && <p data-testid="dashboard-empty">{t('dashboard.empty')}</p>}
      {summary !== null && hasPayments(summary) && <DashboardCharts summary={summary} />}
    </section>
  );
}

function useBarWords(): BarWords {
  const t = useT();
  const locale = useIntlLocale();
  const gateways = useWorkspace((state) => state.gateways);
  return useMemo(() => {
    const counts = new Intl.NumberFormat(locale);
    const names = new Map(gateways.map((gateway) => [gateway.id, gateway.displayName]));
    return {
      t,
      day: (day) => formatCalendarDay(day, locale),
      count: (count) => counts.format(count),
      amount: (amount, currency) => formatAmount(amount, currency, locale),
      gateway: (gatewayId) => names.get(gatewayId) ?? gatewayId,
    };
  }, [t, locale, gateways]);
}

function DashboardCharts({ summary }: { summary: DashboardSummary }) {
  const t = useT();
  const words = useBarWords();
  const narrowing = useDashboard((state) => state.narrowing);
  const volumeCurrency = volumeCurrencyOf(summary, useDashboard((state) => state.volumeCurrency));
  const charts = useMemo(
    () => ({
      perDay: paymentsPerDayBars(summary, narrowing, words),
      volume: volumeCurrency === null ? [] : volumePerDayBars(summary, volumeCurrency, narrowing, words),
      statuses: statusBars(summary, narrowing, words),
      declines: declineBars(summary, narrowing, words),
      pending: pendingAgeBars(summary, narrowing, words),
      gateways: gatewayBars(summary, narrowing, words),
    }),
    [summary, narrowing, words, volumeCurrency],
  );

  return (
    <>
      <CurrencyTotals summary={summary} narrowing={narrowing} words={words} />
      <div className="dashboard-grid">
        <BarChart title={t('dashboard.perDay.title')} bars={charts.perDay} labelHeading={t('dashboard.perDay.heading')} valueHeading={t('dashboard.perDay.value')} testId="chart-per-day" />
        <BarChart title={t('dashboard.volume.title')} bars={charts.volume} labelHeading={t('dashboard.perDay.heading')} valueHeading={t('dashboard.volume.value')} amounts testId="chart-volume">
          <label className="field field-narrow">
            <span>{t('dashboard.volume.currency')}</span>
            <select value={volumeCurrency ?? ''} onChange={(event) => dashboardStore.getState().chooseVolumeCurrency(event.target.value)} data-testid="chart-volume-currency">
              {summary.currencies.map((line) => (
                <option key={line.currency} value={line.currency}>
                  {line.currency}
                </option>
              ))}
            </select>
          </label>
        </BarChart>
        <BarChart title={t('dashboard.status.title')} bars={charts.statuses} labelHeading={t('dashboard.status.heading')} valueHeading={t('dashboard.status.value')} horizontal testId="chart-status" />
        <BarChart
          title={t('dashboard.decline.title')}
          bars={charts.declines}
          labelHeading={t('dashboard.decline.heading')}
          valueHeading={t('dashboard.decline.value')}
          horizontal
          emptyText={t('dashboard.decline.none')}
          testId="chart-declines"
        />
        <BarChart title={t('dashboard.pending.title')} bars={charts.pending} labelHeading={t('dashboard.pending.heading')} valueHeading={t('dashboard.pending.value')} testId="chart-pending" />
        <BarChart title={t('dashboard.gateway.title')} bars={charts.gateways} labelHeading={t('dashboard.gateway.heading')} valueHeading={t('dashboard.gateway.value')} horizontal testId="chart-gateways" />
      </div>
    </>
  );
}
