/**
 * Each chart's bars, worked out from the summary: what a bar is called, its size, its figure as
 * the table writes it, and where it leads. The chart and its table read the same bars, so what
 * a screen reader hears is what the chart shows.
 */
import type { DashboardSummary } from '../../../../../shared/domain/dashboard.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import type { TranslateVars } from '../../../i18n/translate.ts';
import { CHART_COLOURS, statusColour } from './chart-colours.ts';
import { approvedDayHref, dayHref, declineHref, gatewayHref, pendingAgeHref, statusHref, type DashboardNarrowing } from './drill-down.ts';
import { periodDays } from './period.ts';

export interface ChartBar {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  /** The figure as people read it (an amount with its currency, a count). */
  readonly valueText: string;
  readonly href: string | null;
  readonly colour: string;
}

export interface BarWords {
  readonly t: (key: MessageKey, vars?: TranslateVars) => string;
  readonly day: (day: string) => string;
  readonly count: (count: number) => string;
  readonly amount: (amount: string, currency: string) => string;
  readonly gateway: (gatewayId: string) => string;
}

/** Every day of the period, days without payments at zero, all currencies' payments counted together. */
export function paymentsPerDayBars(summary: DashboardSummary, narrowing: DashboardNarrowing, words: BarWords): ChartBar[] {
  const counts = new Map<string, number>();
  for (const line of summary.days) counts.set(line.day, (counts.get(line.day) ?? 0) + line.count);
  return periodDays(summary.period).map((day) => {
    const value = counts.get(day) ?? 0;
    return { key: day, label: words.day(day), value, valueText: words.count(value), href: dayHref(narrowing, day), colour: CHART_COLOURS.bar };
  });
}

/** One currency's approved amount per day; amounts of different currencies are never in one chart. */
export function volumePerDayBars(summary: DashboardSummary, currency: string, narrowing: DashboardNarrowing, words: BarWords): ChartBar[] {
  const amounts = new Map(summary.days.filter((line) => line.currency === currency).map((line) => [line.day, line.approvedAmount]));
  return periodDays(summary.period).map((day) => {
    const amount = amounts.get(day) ?? '0';
    return { key: day, label: words.day(day), value: Number(amount), valueText: words.amount(amount, currency), href: approvedDayHref(narrowing, day, currency), colour: CHART_COLOURS.approved };
  });
}

export function statusBars(summary: DashboardSummary, narrowing: DashboardNarrowing, words: BarWords): ChartBar[] {
  return summary.statuses.map((line) => ({
    key: line.status,
    label: words.t(`status.${line.status}`),
    value: line.count,
    valueText: words.count(line.count),
    href: statusHref(summary.period, narrowing, line.status),
    colour: statusColour(line.status),
  }));
}

export function declineBars(summary: DashboardSummary, narrowing: DashboardNarrowing, words: BarWords): ChartBar[] {
  return summary.declineReasons.map((reason) => ({
    key: `${reason.gatewayId}|${reason.code ?? ''}`,
    label: words.t('dashboard.decline.label', { code: reason.code ?? words.t('dashboard.decline.noCode'), message: reason.message ?? '', gateway: words.gateway(reason.gatewayId) }),
    value: reason.count,
    valueText: words.count(reason.count),
    href: declineHref(summary.period, narrowing, reason),
    colour: CHART_COLOURS.declined,
  }));
}

export function pendingAgeBars(summary: DashboardSummary, narrowing: DashboardNarrowing, words: BarWords): ChartBar[] {
  return summary.pendingAges.map((age) => ({
    key: age.bucket,
    label: words.t(`dashboard.pending.${age.bucket}`),
    value: age.count,
    valueText: words.count(age.count),
    href: age.count === 0 ? null : pendingAgeHref(narrowing, age),
    colour: CHART_COLOURS.waiting,
  }));
}

export function gatewayBars(summary: DashboardSummary, narrowing: DashboardNarrowing, words: BarWords): ChartBar[] {
  return summary.gateways.map((line) => ({
    key: `${line.gatewayId}|${line.currency}`,
    label: words.t('dashboard.gateway.label', { gateway: words.gateway(line.gatewayId), currency: line.currency }),
    value: line.count,
    valueText: `${words.count(line.count)} (${words.amount(line.approvedAmount, line.currency)})`,
    href: gatewayHref(summary.period, narrowing, line.gatewayId, line.currency),
    colour: CHART_COLOURS.bar,
  }));
}
