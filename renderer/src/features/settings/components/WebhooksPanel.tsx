import { useEffect, useId, useState, type FormEvent } from 'react';
import { receiverPublicBaseUrlSchema } from '../../../../../shared/domain/webhook-receiver.ts';
import type { ChannelOutput } from '../../../../../shared/ipc/contract.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { EnvironmentTag } from '../../../components/EnvironmentTag.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { selectGatewayName } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { readReceiverSettings, saveReceiverSettings } from '../api/settings-api.ts';
import { notificationUrlFor } from '../utils/notification-url.ts';

type ReceiverSettings = ChannelOutput<'receiver:get'>;

/**
 * The URLs to paste into each gateway's back office so its webhooks reach the console: this
 * console's own loopback receiver (solo mode, the sandbox) and, once its public address is set,
 * the team's receiver service, which every console on a shared ledger shows alike.
 */
export function WebhooksPanel() {
  const t = useT();
  const id = useId();
  const notifications = useWorkspace((state) => state.appInfo?.notifications ?? null);
  const profiles = useWorkspace((state) => state.profiles);
  const gateways = useWorkspace((state) => state.gateways);
  const baseUrl = notifications?.running ? notifications.baseUrl : null;
  const [team, setTeam] = useState<ReceiverSettings | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [saved, setSaved] = useState(false);

  function show(answer: ReceiverSettings) {
    setTeam(answer);
    setTyped(answer.publicBaseUrl ?? '');
  }

  useEffect(() => {
    let live = true;
    void readReceiverSettings().then((result) => {
      if (!live) return;
      if (result.ok) show(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, []);

  async function save(publicBaseUrl: string | null) {
    if (busy) return;
    setSaved(false);
    if (publicBaseUrl !== null) {
      const checked = receiverPublicBaseUrlSchema.safeParse(publicBaseUrl);
      if (!checked.success) {
        const message = checked.error.issues[0]?.message ?? t('settings.webhooks.team.invalid');
        setError({ kind: 'validation', message, fields: { publicBaseUrl: message } });
        return;
      }
    }
    setBusy(true);
    const result = await saveReceiverSettings(publicBaseUrl);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setSaved(true);
    show(result.value);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void save(typed.trim() === '' ? null : typed.trim());
  }

  const teamUrlOf = (profileId: string) => team?.profiles.find((entry) => entry.profileId === profileId)?.url ?? null;
  const teamSet = team !== null && team.publicBaseUrl !== null;

  return (
    <section className="panel" aria-labelledby="webhooks-title" data-testid="webhooks-panel">
      <h2 id="webhooks-title">{t('settings.webhooks')}</h2>
      <p className="hint">{t('settings.webhooks.help')}</p>
      {baseUrl === null ? (
        <p className="notice" data-testid="webhooks-off">
          {t('settings.webhooks.off')}
        </p>
      ) : (
        <p>
          {t('settings.webhooks.base')} <span className="mono wrap" data-testid="webhooks-base-url">{baseUrl}</span>
        </p>
      )}
      <form className="profile-form" onSubmit={submit} noValidate>
        <div className="field field-wide">
          <label htmlFor={`${id}-team`}>{t('settings.webhooks.team')}</label>
          <input
            id={`${id}-team`}
            value={typed}
            maxLength={maxLengthOf(receiverPublicBaseUrlSchema)}
            spellCheck={false}
            autoComplete="off"
            placeholder="https://hooks.example.com"
            onChange={(event) => setTyped(event.target.value)}
            data-testid="webhooks-team-base-url"
          />
          <p className="hint">{t('settings.webhooks.team.help')}</p>
        </div>
        <ErrorNotice error={error} testId="webhooks-team-error" />
        {saved && (
          <p className="notice notice-ok" role="status" data-testid="webhooks-team-saved">
            {t('settings.webhooks.team.saved')}
          </p>
        )}
        <div className="button-row">
          {teamSet && (
            <button type="button" onClick={() => void save(null)} disabled={busy} data-testid="webhooks-team-clear">
              {t('settings.webhooks.team.clear')}
            </button>
          )}
          <button type="submit" className="primary" disabled={busy || team === null} data-testid="webhooks-team-save">
            {t('common.save')}
          </button>
        </div>
      </form>
      {(baseUrl !== null || teamSet) &&
        (profiles.length === 0 ? (
          <p className="muted">{t('profile.noProfiles')}</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.column.name')}</th>
                <th scope="col">{t('settings.column.gateway')}</th>
                {baseUrl !== null && <th scope="col">{t('settings.webhooks.url')}</th>}
                {teamSet && <th scope="col">{t('settings.webhooks.teamUrl')}</th>}
              </tr>
            </thead>
            <tbody>
              {profiles.map((profile) => {
                const url = baseUrl === null ? null : notificationUrlFor(baseUrl, profile.id);
                const teamUrl = teamSet ? teamUrlOf(profile.id) : null;
                return (
                  <tr key={profile.id} data-testid="webhook-row" data-profile-id={profile.id}>
                    <td>
                      {profile.name} <EnvironmentTag environment={profile.environment} />
                    </td>
                    <td>{selectGatewayName({ gateways }, profile.gatewayId)}</td>
                    {url !== null && (
                      <td>
                        <span className="mono wrap" data-testid="webhook-url">
                          {url}
                        </span>{' '}
                        <CopyButton text={() => url} testId="webhook-url-copy" />
                      </td>
                    )}
                    {teamSet && (
                      <td>
                        {teamUrl !== null && (
                          <>
                            <span className="mono wrap" data-testid="webhook-team-url">
                              {teamUrl}
                            </span>{' '}
                            <CopyButton text={() => teamUrl} testId="webhook-team-url-copy" />
                          </>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        ))}
    </section>
  );
}
