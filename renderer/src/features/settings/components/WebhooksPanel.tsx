import { CopyButton } from '../../../components/CopyButton.tsx';
import { EnvironmentTag } from '../../../components/EnvironmentTag.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { selectGatewayName } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { notificationUrlFor } from '../utils/notification-url.ts';

/** Read-only: the URL to paste into each gateway's back office so its webhooks reach this console. */
export function WebhooksPanel() {
  const t = useT();
  const notifications = useWorkspace((state) => state.appInfo?.notifications ?? null);
  const profiles = useWorkspace((state) => state.profiles);
  const gateways = useWorkspace((state) => state.gateways);
  const baseUrl = notifications?.running ? notifications.baseUrl : null;

  return (
    <section className="panel" aria-labelledby="webhooks-title" data-testid="webhooks-panel">
      <h2 id="webhooks-title">{t('settings.webhooks')}</h2>
      <p className="hint">{t('settings.webhooks.help')}</p>
      {baseUrl === null ? (
        <p className="notice" data-testid="webhooks-off">
          {t('settings.webhooks.off')}
        </p>
      ) : (
        <>
          <p>
            {t('settings.webhooks.base')} <span className="mono wrap" data-testid="webhooks-base-url">{baseUrl}</span>
          </p>
          {profiles.length === 0 ? (
            <p className="muted">{t('profile.noProfiles')}</p>
          ) : (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('settings.column.name')}</th>
                  <th scope="col">{t('settings.column.gateway')}</th>
                  <th scope="col">{t('settings.webhooks.url')}</th>
                </tr>
              </thead>
              <tbody>
                {profiles.map((profile) => {
                  const url = notificationUrlFor(baseUrl, profile.id);
                  return (
                    <tr key={profile.id} data-testid="webhook-row" data-profile-id={profile.id}>
                      <td>
                        {profile.name} <EnvironmentTag environment={profile.environment} />
                      </td>
                      <td>{selectGatewayName({ gateways }, profile.gatewayId)}</td>
                      <td>
                        <span className="mono wrap" data-testid="webhook-url">
                          {url}
                        </span>{' '}
                        <CopyButton text={() => url} testId="webhook-url-copy" />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
