import { useId, type FormEvent } from 'react';
import { useT } from '../../../i18n/locale-store.ts';
import { useChoiceAmong, useProfilePeriod } from '../hooks/use-profile-period.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { reconciliationStore, useReconciliation } from '../stores/reconciliation.ts';
import { reportNames } from '../utils/gateway-reports.ts';
import { ChoiceField } from './ChoiceField.tsx';
import { ProfilePeriodFields } from './ProfilePeriodFields.tsx';

/** The other source of a session: a report the gateway's API gives for a period, where it has one. */
export function FetchReportForm() {
  const t = useT();
  const id = useId();
  const importing = useReconciliation((state) => state.importing);
  const fetchError = useReconciliation((state) => (state.importSource === 'fetch' ? state.importError : null));
  const chosen = useProfilePeriod();
  const { profile, period } = chosen;
  const reports = reportNames(chosen.gateway);
  const [report, setReport] = useChoiceAmong(reports);

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
        <ProfilePeriodFields idPrefix={id} testIdPrefix="recon-fetch" state={chosen} disabled={importing}>
          <ChoiceField id={`${id}-report`} label={t('recon.fetch.report')} value={report} choices={reports} onChange={setReport} disabled={importing} testId="recon-fetch-report" />
        </ProfilePeriodFields>
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
        <ErrorNotice error={fetchError} testId="recon-fetch-error" />
        <div className="button-row">
          <button type="submit" disabled={importing || !profile || report === '' || !period} data-testid="recon-fetch-submit">
            {importing ? t('recon.fetch.running') : t('recon.fetch.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
