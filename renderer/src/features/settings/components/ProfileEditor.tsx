import { useId, useState, type FormEvent } from 'react';
import { profileBaseUrlSchema } from '../../../../../shared/domain/schemas.ts';
import { profileNameSchema } from '../../../../../shared/ipc/contract.ts';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import type { Environment, GatewayId } from '../../../../../shared/domain/schemas.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { ENVIRONMENT_LIST, isEnvironment } from '../../../domain/vocabulary.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace, workspaceStore } from '../../../stores/workspace.ts';
import { createProfile, deleteProfile, updateProfile } from '../api/settings-api.ts';
import type { SettingsState } from '../stores/settings-store.ts';
import { settingsStore, useSettings } from '../stores/settings.ts';
import { buildProfileOptions, optionTexts } from '../utils/profile-options.ts';
import { CredentialsPanel } from './CredentialsPanel.tsx';
import { MissingRightNote } from '../../../components/MissingRightNote.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';

export function ProfileEditor({ editing }: { editing: NonNullable<SettingsState['editing']> }) {
  const t = useT();
  const id = useId();
  const existing = useWorkspace((state) => (editing.mode === 'edit' ? (state.profiles.find((profile) => profile.id === editing.profileId) ?? null) : null));
  const gateways = useWorkspace((state) => state.gateways);
  const profileError = useSettings((state) => state.profileError);
  const profileNotice = useSettings((state) => state.profileNotice);
  const busyKey = useSettings((state) => state.busyKey);
  const rights = useOperatorRights();
  const mayChangeProfile = rights.may('profiles');

  const [name, setName] = useState(existing?.name ?? '');
  const [gatewayId, setGatewayId] = useState<GatewayId>(existing?.gatewayId ?? gateways[0]?.id ?? '');
  const [environment, setEnvironment] = useState<Environment>(existing?.environment ?? 'test');
  const [baseUrl, setBaseUrl] = useState(existing?.baseUrl ?? '');
  const [options, setOptions] = useState<Record<string, string>>(existing ? optionTexts(existing.options) : {});
  const [invalidOptions, setInvalidOptions] = useState<string[]>([]);

  const gateway = selectGateway({ gateways }, gatewayId);
  const optionFields = gateway?.optionFields ?? [];
  const busy = busyKey === 'profile';

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const built = buildProfileOptions(optionFields, options);
    if (!built.ok) {
      setInvalidOptions(built.invalid);
      return;
    }
    setInvalidOptions([]);
    const store = settingsStore.getState();
    store.setBusy('profile');
    const result =
      editing.mode === 'edit'
        ? await updateProfile({ id: editing.profileId, name: name.trim(), baseUrl: baseUrl.trim(), options: built.options })
        : await createProfile({ name: name.trim(), gatewayId, environment, baseUrl: baseUrl.trim(), options: built.options });
    store.setBusy(null);
    if (!result.ok) {
      store.setProfileResult(result.error, null);
      return;
    }
    await workspaceStore.getState().reloadProfiles();
    if (editing.mode === 'create') {
      store.startEdit(result.value.id);
      settingsStore.getState().setProfileResult(null, t('settings.form.created'));
    } else {
      store.setProfileResult(null, t('settings.form.saved'));
    }
  }

  async function remove() {
    if (editing.mode !== 'edit' || !existing) return;
    if (!window.confirm(t('settings.deleteConfirm', { name: existing.name }))) return;
    const store = settingsStore.getState();
    store.setBusy('profile');
    const result = await deleteProfile(existing.id);
    store.setBusy(null);
    if (!result.ok) {
      store.setProfileResult(result.error, null);
      return;
    }
    store.closeEditor();
    await workspaceStore.getState().reloadProfiles();
  }

  const title = editing.mode === 'edit' ? t('settings.form.editTitle', { name: existing?.name ?? '' }) : t('settings.form.createTitle');

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <form className="profile-form" onSubmit={save} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('settings.form.name')}</label>
          <input id={`${id}-name`} value={name} maxLength={maxLengthOf(profileNameSchema)} required onChange={(event) => setName(event.target.value)} data-testid="profile-name" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-gateway`}>{t('settings.form.gateway')}</label>
          <select
            id={`${id}-gateway`}
            value={gatewayId}
            disabled={editing.mode === 'edit'}
            onChange={(event) => {
              const chosen = selectGateway({ gateways }, event.target.value);
              if (chosen) setGatewayId(chosen.id);
            }}
          >
            {gateways.map((gatewayOption) => (
              <option key={gatewayOption.id} value={gatewayOption.id}>
                {gatewayOption.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-environment`}>{t('settings.form.environment')}</label>
          <select
            id={`${id}-environment`}
            value={environment}
            disabled={editing.mode === 'edit'}
            onChange={(event) => {
              if (isEnvironment(event.target.value)) setEnvironment(event.target.value);
            }}
          >
            {ENVIRONMENT_LIST.map((environmentOption) => (
              <option key={environmentOption} value={environmentOption}>
                {t(`environment.${environmentOption}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-base-url`}>{t('settings.form.baseUrl')}</label>
          <input id={`${id}-base-url`} type="url" value={baseUrl} maxLength={maxLengthOf(profileBaseUrlSchema)} required spellCheck={false} onChange={(event) => setBaseUrl(event.target.value)} />
        </div>
        {optionFields.length > 0 && (
          <fieldset className="options">
            <legend>{t('settings.form.options')}</legend>
            {optionFields.map((field) => {
              const inputId = `${id}-option-${field.name}`;
              const invalid = invalidOptions.includes(field.name);
              return field.type === 'boolean' ? (
                <label key={field.name} className="checkbox">
                  <input
                    type="checkbox"
                    checked={options[field.name] === 'true'}
                    onChange={(event) => setOptions({ ...options, [field.name]: String(event.target.checked) })}
                  />
                  {field.label}
                </label>
              ) : (
                <div key={field.name} className="field">
                  <label htmlFor={inputId}>
                    {field.label} {field.required ? t('settings.form.required') : ''}
                  </label>
                  <input
                    id={inputId}
                    inputMode={field.type === 'number' ? 'decimal' : undefined}
                    value={options[field.name] ?? ''}
                    aria-invalid={invalid}
                    required={field.required}
                    onChange={(event) => setOptions({ ...options, [field.name]: event.target.value })}
                  />
                </div>
              );
            })}
          </fieldset>
        )}
        <ErrorNotice error={profileError} testId="profile-error" />
        {profileNotice && (
          <p className="notice notice-ok" role="status">
            {profileNotice}
          </p>
        )}
        <MissingRightNote rights={rights} right="profiles" testId="profile-missing-right" />
        <div className="button-row">
          {mayChangeProfile && <button type="submit" className="primary" disabled={busy} data-testid="profile-save">
            {editing.mode === 'edit' ? t('common.save') : t('settings.form.create')}
          </button>}
          <button type="button" onClick={() => settingsStore.getState().closeEditor()}>
            {t('common.close')}
          </button>
          {editing.mode === 'edit' && mayChangeProfile && (
            <button type="button" className="danger" onClick={() => void remove()} disabled={busy}>
              {t('settings.delete')}
            </button>
          )}
        </div>
      </form>
      {existing && gateway && (rights.may('credentials') ? <CredentialsPanel profile={existing} fields={gateway.credentialFields} /> : <MissingRightNote rights={rights} right="credentials" testId="credentials-missing-right" />)}
    </section>
  );
}
