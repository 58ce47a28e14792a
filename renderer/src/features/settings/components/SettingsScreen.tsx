import type { ReactNode } from 'react';
import { EnvironmentTag } from '../../../components/EnvironmentTag.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useT, useLocale, localeStore } from '../../../i18n/locale-store.ts';
import { LOCALE_NAMES, LOCALES, type LocaleId } from '../../../i18n/translate.ts';
import { selectGatewayName } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { settingsStore, useSettings } from '../stores/settings.ts';
import { ProfileEditor } from './ProfileEditor.tsx';
import { LedgerPanel } from './LedgerPanel.tsx';
import { WebhooksPanel } from './WebhooksPanel.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';
import { routeHref } from '../../../routing/route.ts';

/** `children`: panels other features contribute (features do not import each other; the shell composes). */
export function SettingsScreen({ children }: { children?: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const profiles = useWorkspace((state) => state.profiles);
  const gateways = useWorkspace((state) => state.gateways);
  const profilesError = useWorkspace((state) => state.profilesError);
  const editing = useSettings((state) => state.editing);
  const rights = useOperatorRights();

  return (
    <section className="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>

      <div className="field field-narrow">
        <label htmlFor="settings-language">{t('settings.language')}</label>
        <select id="settings-language" value={locale} onChange={(event) => localeStore.getState().setLocale(event.target.value as LocaleId)}>
          {LOCALES.map((id) => (
            <option key={id} value={id}>
              {LOCALE_NAMES[id]}
            </option>
          ))}
        </select>
      </div>

      <section className="panel" aria-labelledby="profiles-title">
        <h2 id="profiles-title">{t('settings.profiles')}</h2>
        <ErrorNotice error={profilesError} />
        {profiles.length === 0 ? (
          <p className="muted">{t('profile.noProfiles')}</p>
        ) : (
          <table className="profiles-table" data-testid="profiles-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.column.name')}</th>
                <th scope="col">{t('settings.column.gateway')}</th>
                <th scope="col">{t('settings.column.environment')}</th>
                <th scope="col">{t('settings.column.baseUrl')}</th>
                <th scope="col">{t('settings.column.credentials')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('settings.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((profile) => {
                const credentials = Object.values(profile.credentials);
                return (
                  <tr key={profile.id} data-profile-id={profile.id} data-available={profile.available}>
                    <td>{profile.name}</td>
                    <td>
                      {profile.available ? (
                        selectGatewayName({ gateways }, profile.gatewayId)
                      ) : (
                        <span className="muted" role="note" data-testid="profile-gateway-unavailable">
                          {t('settings.gatewayUnavailable', { gateway: profile.gatewayId })}
                        </span>
                      )}
                    </td>
                    <td>
                      <EnvironmentTag environment={profile.environment} />
                    </td>
                    <td className="mono wrap">{profile.baseUrl}</td>
                    <td>{t('settings.credentialsCount', { set: credentials.filter(Boolean).length, total: credentials.length })}</td>
                    <td>
                      <button type="button" disabled={!profile.available || !rights.mayAny(['profiles', 'credentials'])} onClick={() => settingsStore.getState().startEdit(profile.id)} aria-label={`${t('settings.edit')} ${profile.name}`}>
                        {t('settings.edit')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {rights.may('profiles') && (
          <div className="button-row">
            <button type="button" onClick={() => settingsStore.getState().startCreate()} data-testid="profile-new">
              {t('settings.newProfile')}
            </button>
          </div>
        )}
      </section>

      {editing && <ProfileEditor key={editing.mode === 'edit' ? editing.profileId : 'new'} editing={editing} />}

      <WebhooksPanel />

      <LedgerPanel />

      {rights.team && (
        <p className="panel" data-testid="settings-team-links">
          <a href={routeHref({ name: 'approvals' })}>{t('approvals.thresholds.title')}</a>
          {rights.may('operators') && (
            <>
              {' · '}
              <a href={routeHref({ name: 'operators' })}>{t('nav.operators')}</a>
            </>
          )}
        </p>
      )}

      {children}
    </section>
  );
}
