import { DayInput } from '../../../components/DayInput.tsx';
import { CurrencySelect, GatewaySelect, ProfileSelect } from '../../../components/NarrowingSelects.tsx';
import { operatorTimeZone } from '../../../format/date-format.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { selectPeriodProblem } from '../stores/dashboard-store.ts';
import { dashboardStore, useDashboard } from '../stores/dashboard.ts';
import { isPeriodPreset, MAX_PERIOD_DAYS, PERIOD_PRESETS } from '../utils/period.ts';

/** The period (a preset or two days, with the time zone that cuts them) and what to narrow the figures to. */
export function PeriodPicker() {
  const t = useT();
  const period = useDashboard((state) => state.period);
  const narrowing = useDashboard((state) => state.narrowing);
  const problem = useDashboard(selectPeriodProblem);
  const store = dashboardStore.getState();

  return (
    <fieldset className="filter-bar dashboard-period">
      <legend>{t('dashboard.period')}</legend>
      <label className="field">
        <span>{t('dashboard.period.preset')}</span>
        <select value={period.preset} onChange={(event) => isPeriodPreset(event.target.value) && store.choosePreset(event.target.value)} data-testid="dashboard-preset">
          {PERIOD_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {t(`dashboard.period.${preset}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('dashboard.period.from')}</span>
        <DayInput value={period.from} onDayChange={(from) => store.chooseDays(from, period.to)} aria-describedby="dashboard-time-zone" data-testid="dashboard-from" />
      </label>
      <label className="field">
        <span>{t('dashboard.period.to')}</span>
        <DayInput value={period.to} onDayChange={(to) => store.chooseDays(period.from, to)} aria-describedby="dashboard-time-zone" data-testid="dashboard-to" />
      </label>
      <ProfileSelect label="dashboard.narrow.profile" value={narrowing.profileId} onChange={(profileId) => store.narrow({ profileId })} />
      <GatewaySelect label="dashboard.narrow.gateway" value={narrowing.gatewayId} onChange={(gatewayId) => store.narrow({ gatewayId })} />
      <CurrencySelect label="dashboard.narrow.currency" value={narrowing.currency} onChange={(currency) => store.narrow({ currency })} />
      <p id="dashboard-time-zone" className="hint time-zone" data-testid="dashboard-time-zone">
        {t('dashboard.period.timeZone', { timeZone: operatorTimeZone() })}
      </p>
      {problem !== null && (
        <p className="notice notice-error" role="alert" data-testid="dashboard-period-problem">
          {t(`dashboard.period.${problem}`, { days: MAX_PERIOD_DAYS })}
        </p>
      )}
    </fieldset>
  );
}
