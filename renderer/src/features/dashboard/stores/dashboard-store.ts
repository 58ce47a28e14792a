import { createStore, type StateCreator } from 'zustand/vanilla';
import type { DashboardInput, DashboardSummary } from '../../../../../shared/domain/dashboard.ts';
import { dayOf } from '../../../../../shared/time/zoned-days.ts';
import type { DashboardNarrowing } from '../utils/drill-down.ts';
import { periodProblem, presetPeriod, type DashboardPeriod, type PeriodPreset } from '../utils/period.ts';

export interface PeriodSlice {
  period: DashboardPeriod;
  narrowing: DashboardNarrowing;
  /** Which currency the volume chart shows; null: the one with the most payments. */
  volumeCurrency: string | null;
  choosePreset(preset: PeriodPreset): void;
  chooseDays(from: string, to: string): void;
  narrow(patch: Partial<DashboardNarrowing>): void;
  chooseVolumeCurrency(currency: string): void;
}

export type DashboardState = PeriodSlice;

export interface DashboardDeps {
  readonly timeZone: () => string;
  readonly now: () => Date;
}

const NO_NARROWING: DashboardNarrowing = { profileId: '', gatewayId: '', currency: '' };

const createPeriodSlice =
  (deps: DashboardDeps): StateCreator<DashboardState, [], [], PeriodSlice> =>
  (set, get) => {
    const today = () => dayOf(deps.now(), deps.timeZone());
    const initial = presetPeriod('last30', today(), { preset: 'last30', from: today(), to: today() });
    return {
      period: initial,
      narrowing: NO_NARROWING,
      volumeCurrency: null,
      choosePreset(preset) {
        set({ period: presetPeriod(preset, today(), get().period) });
      },
      chooseDays(from, to) {
        set({ period: { preset: 'custom', from, to } });
      },
      narrow(patch) {
        set({ narrowing: { ...get().narrowing, ...patch } });
      },
      chooseVolumeCurrency(currency) {
        set({ volumeCurrency: currency });
      },
    };
  };

/** What the core is asked for the chosen period and narrowing; null while the days chosen are no period. */
export function dashboardRequest(state: Pick<DashboardState, 'period' | 'narrowing'>, timeZone: string): DashboardInput | null {
  const { period, narrowing } = state;
  if (periodProblem(period.from, period.to) !== null) return null;
  const input: DashboardInput = { from: period.from, to: period.to, timeZone };
  if (narrowing.profileId !== '') input.profileId = narrowing.profileId;
  if (narrowing.gatewayId !== '') input.gatewayId = narrowing.gatewayId;
  if (narrowing.currency !== '') input.currency = narrowing.currency;
  return input;
}

export function createDashboardStore(deps: DashboardDeps) {
  return createStore<DashboardState>()((...args) => createPeriodSlice(deps)(...args));
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;

// ---------- selectors ----------

/** The currency the volume chart shows: the chosen one if the period has it, else the one with the most payments. */
export function volumeCurrencyOf(summary: DashboardSummary | null, chosen: string | null): string | null {
  const currencies = summary?.currencies ?? [];
  if (chosen !== null && currencies.some((line) => line.currency === chosen)) return chosen;
  const busiest = [...currencies].sort((a, b) => b.count - a.count)[0];
  return busiest?.currency ?? null;
}

export function hasPayments(summary: DashboardSummary | null): boolean {
  return (summary?.currencies.length ?? 0) > 0;
}

export function selectPeriodProblem(state: Pick<DashboardState, 'period'>) {
  return periodProblem(state.period.from, state.period.to);
}
