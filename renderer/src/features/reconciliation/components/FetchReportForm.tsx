import { useEffect, useId, useState, type FormEvent } from 'react';
import { useT } from '../../../i18n/locale-store.ts';
import { selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { reconciliationStore, useReconciliation } from '../stores/reconciliation.ts';
import { reportNames } from '../utils/gateway-reports.ts';
import { isoDay, periodOfDays } from '../utils/import-period.ts';

const DEFAULT_PERIOD_DAYS = 30;

/** The other source of a session: a report the gateway's API gives for a period, where it has one. */
export function FetchReportForm() {
  const t = useT();
  const id = useId();
  const profiles = useWorkspace((state) => state.profiles);
  const activeProfileId = useWorkspace((state) => state.activeProfileId);
  const gateways = useWorkspace((state) => state.gateways);
  const importing = useReconciliation((state) => state.importing);

  const [profileId, setProfileId] = useState(activeProfileId ?? '');
  const [report, setReport] = useState('');
  const [fromDay, setFromDay] = useState(() => isoDay(new Date(Date.now() - DEFAULT_PERIOD_DAYS * 86_400_000)));
  const [toDay, setToDay] = useState(() => isoDay(new Date()));

  const profile = profiles.find((candidate) => candidate.id === profileId) ?? null;
  const reports = profile ? reportNames(selectGateway({ gateways }, profile.gatewayId)) : [];
  const period = periodOfDays(fromDay, toDay);

  useEffect(() => {
    if (profileId === '' && activeProfileId !== null) setProfileId(activeProfileId);
  }, [activeProfileId, profileId]);
  useEffect(() => {
    if (!reports.includes(report)) setReport(reports[0] ?? '');
  }, [reports, report]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!profile || report === '' || !period) return;
    void reconciliationStore.getState().runFetch({ profileId: profile.id, report, period });
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="recon-fetch">
      <h2 id={`${id}-title`}>{t('recon.fetch.title')}</h2>
      <p className="muted">{t('recon.fetch.help')}</p>
      <form onSubmit={submit} data-testid="recon-fetch-form">
        <div className="recon-form-grid">
          <div className="field">
            <label htmlFor={`${id}-profile`}>{t('recon.import.profile')}</label>
            <select id={`${id}-profile`} value={profileId} onChange={(event) => setProfileId(event.target.value)} disabled={importing} data-testid="recon-fetch-profile">
              {profiles.length === 0 && <option value="">{t('profile.none')}</option>}
              {profiles.map((candidate) => (
                <option key={candidate.id} value={candidate.id} disabled={!candidate.available}>
                  {`${candidate.name} — ${t(`environment.${candidate.environment}`)}`}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-report`}>{t('recon.fetch.report')}</label>
            <select id={`${id}-report`} value={report} onChange={(event) => setReport(event.target.value)} disabled={importing || reports.length === 0} data-testid="recon-fetch-report">
              {reports.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-narrow">
            <label htmlFor={`${id}-from`}>{t('recon.import.from')}</label>
            <input id={`${id}-from`} type="date" value={fromDay} onChange={(event) => setFromDay(event.target.value)} disabled={importing} data-testid="recon-fetch-from" />
          </div>
          <div className="field field-narrow">
            <label htmlFor={`${id}-to`}>{t('recon.import.to')}</label>
            <input id={`${id}-to`} type="date" value={toDay} onChange={(event) => setToDay(event.target.value)} disabled={importing} data-testid="recon-fetch-to" />
          </div>
        </div>
        {profile && reports.length === 0 && (
          <p className="hint" data-testid="recon-fetch-none">
            {t('recon.fetch.noReport')}
          </p>
        )}
        {!period && (
          <p className="field-error" role="alert">
            {t('recon.import.badPeriod')}
          </p>
        )}
        <div className="button-row">
          <button type="submit" disabled={importing || !profile || report === '' || !period} data-testid="recon-fetch-submit">
            {importing ? t('recon.fetch.running') : t('recon.fetch.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
