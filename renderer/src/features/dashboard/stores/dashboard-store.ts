import { createStore, type StateCreator } from 'zustand/vanilla';
import type { DashboardInput, DashboardSummary } from '../../../../../shared/domain/dashboard.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import { dayOf } from '../../../../../shared/time/zoned-days.ts';
import type { CallFn } from '../../../api/client.ts';
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

export type SummaryPhase = 'idle' | 'loading' | 'ready' | 'error';

export interface SummarySlice {
  summary: DashboardSummary | null;
  phase: SummaryPhase;
  error: ErrorShape | null;
  /** Bumped by every request so an older answer never replaces a newer one. */
  generation: number;
  load(): Promise<void>;
}

export type DashboardState = PeriodSlice & SummarySlice;

export interface DashboardDeps {
  readonly call: CallFn;
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

const createSummarySlice =
  (deps: DashboardDeps): StateCreator<DashboardState, [], [], SummarySlice> =>
  (set, get) => ({
    summary: null,
    phase: 'idle',
    error: null,
    generation: 0,
    async load() {
      const input = dashboardRequest(get(), deps.timeZone());
      if (input === null) return;
      const generation = get().generation + 1;
      set({ generation, phase: 'loading', error: null });
      const result = await deps.call('dashboard:summary', input);
      if (get().generation !== generation) return;
      if (!result.ok) set({ phase: 'error', error: result.error });
      else set({ phase: 'ready', summary: result.value });
    },
  });

export function createDashboardStore(deps: DashboardDeps) {
  return createStore<DashboardState>()((...args) => ({
    ...createPeriodSlice(deps)(...args),
    ...createSummarySlice(deps)(...args),
  }));
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;

// ---------- selectors ----------

/** The currency the volume chart shows: the chosen one if the period has it, else the one with the most payments. */
export function selectVolumeCurrency(state: Pick<DashboardState, 'summary' | 'volumeCurrency'>): string | null {
  const currencies = state.summary?.currencies ?? [];
  if (state.volumeCurrency !== null && currencies.some((line) => line.currency === state.volumeCurrency)) return state.volumeCurrency;
  const busiest = [...currencies].sort((a, b) => b.count - a.count)[0];
  return busiest?.currency ?? null;
}

export function selectHasPayments(state: Pick<DashboardState, 'summary'>): boolean {
  return (state.summary?.currencies.length ?? 0) > 0;
}

export function selectPeriodProblem(state: Pick<DashboardState, 'period'>) {
  return periodProblem(state.period.from, state.period.to);
}
