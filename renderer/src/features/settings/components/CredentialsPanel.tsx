import { useRef } from 'react';
import { credentialValueSchema, type Profile } from '../../../../../shared/ipc/contract.ts';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { workspaceStore } from '../../../stores/workspace.ts';
import { deleteCredential, setCredential, testCredentials } from '../api/settings-api.ts';
import { settingsStore, useSettings } from '../stores/settings.ts';

const TEST_KEY = '__test__';

/**
 * Write-only: a secret is typed into a password input, sent to the keychain and the input is
 * emptied. The screen only ever knows whether each one is set.
 */
export function CredentialsPanel({ profile, fields }: { profile: Profile; fields: ReadonlyArray<{ name: string; label: string }> }) {
  const t = useT();
  const notices = useSettings((state) => state.credentialNotices);
  const busyKey = useSettings((state) => state.busyKey);
  const inputs = useRef<Record<string, HTMLInputElement | null>>({});

  async function store(field: { name: string; label: string }) {
    const input = inputs.current[field.name];
    const value = input?.value ?? '';
    if (!input || value === '') return;
    input.value = '';
    const settings = settingsStore.getState();
    settings.setBusy(field.name);
    const result = await setCredential(profile.id, field.name, value);
    settings.setBusy(null);
    settings.setCredentialNotice(field.name, result.ok ? { tone: 'ok', text: t('settings.credentials.stored', { label: field.label }) } : { tone: 'error', text: result.error.message });
    await workspaceStore.getState().reloadProfiles();
  }

  async function remove(field: { name: string; label: string }) {
    const settings = settingsStore.getState();
    settings.setBusy(field.name);
    const result = await deleteCredential(profile.id, field.name);
    settings.setBusy(null);
    settings.setCredentialNotice(field.name, result.ok ? { tone: 'ok', text: t('settings.credentials.deleted', { label: field.label }) } : { tone: 'error', text: result.error.message });
    await workspaceStore.getState().reloadProfiles();
  }

  async function test() {
    const settings = settingsStore.getState();
    settings.setBusy(TEST_KEY);
    const result = await testCredentials(profile.id);
    settings.setBusy(null);
    if (!result.ok) settings.setCredentialNotice(TEST_KEY, { tone: 'error', text: t('settings.credentials.testFailed', { message: result.error.message }) });
    else
      settings.setCredentialNotice(
        TEST_KEY,
        result.value.ok
          ? { tone: 'ok', text: t('settings.credentials.testOk', { message: result.value.message }) }
          : { tone: 'error', text: t('settings.credentials.testFailed', { message: result.value.message }) },
      );
  }

  const testNotice = notices[TEST_KEY];

  return (
    <section className="credentials" aria-labelledby={`credentials-${profile.id}`}>
      <h3 id={`credentials-${profile.id}`}>{t('settings.credentials')}</h3>
      <p className="hint">{t('settings.credentials.help')}</p>
      <ul className="credential-list">
        {fields.map((field) => {
          const isSet = profile.credentials[field.name] === true;
          const inputId = `credential-${profile.id}-${field.name}`;
          const notice = notices[field.name];
          return (
            <li key={field.name} className="credential" data-credential={field.name} data-set={isSet}>
              <div className="credential-head">
                <strong>{field.label}</strong>{' '}
                <span className={isSet ? 'credential-set' : 'credential-unset'} data-testid={`credential-state-${field.name}`}>
                  {isSet ? t('settings.credentials.isSet') : t('settings.credentials.notSet')}
                </span>
              </div>
              <form
                className="credential-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  void store(field);
                }}
              >
                <label htmlFor={inputId} className="visually-hidden">
                  {t('settings.credentials.newValue', { label: field.label })}
                </label>
                <input
                  id={inputId}
                  type="password"
                  autoComplete="new-password"
                  spellCheck={false}
                  maxLength={maxLengthOf(credentialValueSchema)}
                  ref={(element) => {
                    inputs.current[field.name] = element;
                  }}
                  placeholder={t('settings.credentials.newValue', { label: field.label })}
                />
                <button type="submit" disabled={busyKey !== null}>
                  {t('settings.credentials.set')}
                </button>
                <button type="button" disabled={!isSet || busyKey !== null} onClick={() => void remove(field)}>
                  {t('settings.credentials.delete')}
                </button>
              </form>
              {notice && (
                <p className={`notice notice-${notice.tone}`} role="status">
                  {notice.text}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <div className="button-row">
        <button type="button" onClick={() => void test()} disabled={busyKey !== null} data-testid="credentials-test">
          {t('settings.credentials.test')}
        </button>
      </div>
      {testNotice && (
        <p className={`notice notice-${testNotice.tone}`} role="status" data-testid="credentials-test-result">
          {testNotice.text}
        </p>
      )}
    </section>
  );
}
