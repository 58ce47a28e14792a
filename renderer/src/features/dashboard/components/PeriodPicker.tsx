import { CURRENCY_CODES } from '../../../../../shared/money/currencies.ts';
import { operatorTimeZone } from '../../../format/date-format.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { selectPeriodProblem } from '../stores/dashboard-store.ts';
import { dashboardStore, useDashboard } from '../stores/dashboard.ts';
import { isPeriodPreset, MAX_PERIOD_DAYS, PERIOD_PRESETS } from '../utils/period.ts';

/** The period (a preset or two days, with the time zone that cuts them) and what to narrow the figures to. */
export function PeriodPicker() {
  const t = useT();
  const period = useDashboard((state) => state.period);
  const narrowing = useDashboard((state) => state.narrowing);
  const problem = useDashboard(selectPeriodProblem);
  const profiles = useWorkspace((state) => state.profiles);
  const gateways = useWorkspace((state) => state.gateways);
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
        <input type="date" value={period.from} onChange={(event) => store.chooseDays(event.target.value, period.to)} aria-describedby="dashboard-time-zone" data-testid="dashboard-from" />
      </label>
      <label className="field">
        <span>{t('dashboard.period.to')}</span>
        <input type="date" value={period.to} onChange={(event) => store.chooseDays(period.from, event.target.value)} aria-describedby="dashboard-time-zone" data-testid="dashboard-to" />
      </label>
      <label className="field">
        <span>{t('dashboard.narrow.profile')}</span>
        <select value={narrowing.profileId} onChange={(event) => store.narrow({ profileId: event.target.value })}>
          <option value="">{t('common.all')}</option>
          {profiles.map((profile) => (
            <option key={profile.id} value={profile.id}>
              {`${profile.name} (${t(`environment.${profile.environment}`)})`}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('dashboard.narrow.gateway')}</span>
        <select value={narrowing.gatewayId} onChange={(event) => store.narrow({ gatewayId: selectGateway({ gateways }, event.target.value)?.id ?? '' })}>
          <option value="">{t('common.all')}</option>
          {gateways.map((gateway) => (
            <option key={gateway.id} value={gateway.id}>
              {gateway.displayName}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-narrow">
        <span>{t('dashboard.narrow.currency')}</span>
        <select value={narrowing.currency} onChange={(event) => store.narrow({ currency: event.target.value })}>
          <option value="">{t('common.all')}</option>
          {CURRENCY_CODES.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </label>
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
