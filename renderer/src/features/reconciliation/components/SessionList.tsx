import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { useReconSessions } from '../hooks/use-recon-session.ts';
import { reconciliationStore, useReconciliation } from '../stores/reconciliation.ts';

/** Earlier sessions, newest first: who imported which file, for which period; one opens in the session view. */
export function SessionList() {
  const t = useT();
  const locale = useIntlLocale();
  const { sessions, error } = useReconSessions();
  const openSessionId = useReconciliation((state) => state.openSessionId);

  const numbers = new Intl.NumberFormat(locale);
  return (
    <section className="panel" aria-labelledby="recon-sessions-title">
      <h2 id="recon-sessions-title">{t('recon.sessions.title')}</h2>
      <ErrorNotice error={error} testId="recon-sessions-error" />
      {sessions.length === 0 ? (
        <p className="muted">{t('recon.sessions.empty')}</p>
      ) : (
        <table className="recon-sessions" data-testid="recon-sessions">
          <thead>
            <tr>
              <th scope="col">{t('recon.sessions.created')}</th>
              <th scope="col">{t('recon.sessions.source')}</th>
              <th scope="col">{t('recon.sessions.mapping')}</th>
              <th scope="col">{t('recon.sessions.period')}</th>
              <th scope="col">{t('recon.sessions.status')}</th>
              <th scope="col" className="numeric">
                {t('recon.sessions.rows')}
              </th>
              <th scope="col">{t('recon.sessions.operator')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id} data-testid="recon-session-item" data-session-id={session.id} aria-current={session.id === openSessionId ? 'true' : undefined}>
                <td>
                  <button type="button" className="link-button" onClick={() => reconciliationStore.getState().openSession(session.id)} data-testid="recon-session-open">
                    <DateTime iso={session.createdAt} />
                  </button>
                </td>
                <td className="truncate" title={session.source}>
                  {session.source}
                </td>
                <td>{session.mapping}</td>
                <td>
                  <DateTime iso={session.periodFrom} /> – <DateTime iso={session.periodTo} />
                </td>
                <td>{t(`recon.status.${session.status}`)}</td>
                <td className="numeric">{numbers.format(session.rowCount)}</td>
                <td>{session.operator}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
