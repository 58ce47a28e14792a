/** The dashboard's period: a preset counted back from today in the operator's time zone, or two days chosen. */
import { addDays, daysInRange, isCalendarDay } from '../../../../../shared/time/zoned-days.ts';

export const PERIOD_PRESETS = ['last7', 'last30', 'last90', 'thisMonth', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface DashboardPeriod {
  readonly preset: PeriodPreset;
  /** Calendar days, both included. */
  readonly from: string;
  readonly to: string;
}

/** The core reads at most this many days at once (shared/domain/dashboard.ts). */
export const MAX_PERIOD_DAYS = 366;

export function isPeriodPreset(value: string): value is PeriodPreset {
  return (PERIOD_PRESETS as readonly string[]).includes(value);
}

/** The days a preset covers when today is `today`; a custom period keeps the days it has. */
export function presetPeriod(preset: PeriodPreset, today: string, current: DashboardPeriod): DashboardPeriod {
  switch (preset) {
    case 'last7':
      return { preset, from: addDays(today, -6), to: today };
    case 'last30':
      return { preset, from: addDays(today, -29), to: today };
    case 'last90':
      return { preset, from: addDays(today, -89), to: today };
    case 'thisMonth':
      return { preset, from: `${today.slice(0, 8)}01`, to: today };
    case 'custom':
      return { ...current, preset };
  }
}

/** Why two chosen days cannot be a period, or null when they can. */
export function periodProblem(from: string, to: string): 'bad_day' | 'reversed' | 'too_long' | null {
  if (!isCalendarDay(from) || !isCalendarDay(to)) return 'bad_day';
  if (to < from) return 'reversed';
  return daysInRange(from, to) > MAX_PERIOD_DAYS ? 'too_long' : null;
}

/** Every day of the period in order, so a chart shows the days without payments too. */
export function periodDays(period: Pick<DashboardPeriod, 'from' | 'to'>): string[] {
  return Array.from({ length: daysInRange(period.from, period.to) }, (_, index) => addDays(period.from, index));
}
