import { useEffect, useId, useState, type FormEvent } from 'react';
import { ledgerPasswordSchema, postgresConnectionStringSchema } from '../../../../../shared/domain/ledger-choice.ts';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import type { ChannelOutput } from '../../../../../shared/ipc/contract.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { readLedgerChoice, saveLedgerChoice, testLedgerConnection } from '../api/settings-api.ts';
import { MissingRightNote } from '../../../components/MissingRightNote.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';

type Backend = 'sqlite' | 'postgres';
type TestAnswer = ChannelOutput<'ledger:testConnection'>;

/**
 * Where this workspace keeps its ledger. The password field is write-only: what is typed goes to
 * the keychain on Save and the field is emptied; the screen only learns whether one is stored.
 * A saved choice is used from the next start of the console.
 */
export function LedgerPanel() {
  const t = useT();
  const rights = useOperatorRights();
  const id = useId();
  const [loaded, setLoaded] = useState<ChannelOutput<'ledger:get'> | null>(null);
  const [backend, setBackend] = useState<Backend>('sqlite');
  const [connectionString, setConnectionString] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [saved, setSaved] = useState(false);
  const [tested, setTested] = useState<TestAnswer | null>(null);

  function show(answer: ChannelOutput<'ledger:get'>) {
    setLoaded(answer);
    setBackend(answer.choice.backend);
    setConnectionString(answer.choice.backend === 'postgres' ? answer.choice.connectionString : '');
  }

  useEffect(() => {
    let live = true;
    void readLedgerChoice().then((result) => {
      if (!live) return;
      if (result.ok) show(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy('save');
    setSaved(false);
    const typed = password;
    setPassword('');
    const result = await saveLedgerChoice(
      backend === 'sqlite'
        ? { choice: { backend: 'sqlite' } }
        : { choice: { backend: 'postgres', connectionString: connectionString.trim() }, ...(typed ? { password: typed } : {}) },
    );
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setSaved(true);
    show(result.value);
  }

  async function test() {
    if (busy) return;
    setBusy('test');
    setTested(null);
    const result = await testLedgerConnection({ connectionString: connectionString.trim(), ...(password ? { password } : {}) });
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setTested(result.value);
  }

  const passwordStored = loaded?.passwordStored === true;

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="ledger-panel">
      <h2 id={`${id}-title`}>{t('settings.ledger')}</h2>
      <p className="hint">{t('settings.ledger.help')}</p>
      <form className="profile-form" onSubmit={save} noValidate>
        <fieldset className="options">
          <legend>{t('settings.ledger.backend')}</legend>
          <label className="checkbox">
            <input type="radio" name={`${id}-backend`} value="sqlite" checked={backend === 'sqlite'} onChange={() => setBackend('sqlite')} data-testid="ledger-backend-sqlite" />
            {t('settings.ledger.sqlite')}
          </label>
          <label className="checkbox">
            <input type="radio" name={`${id}-backend`} value="postgres" checked={backend === 'postgres'} onChange={() => setBackend('postgres')} data-testid="ledger-backend-postgres" />
            {t('settings.ledger.postgres')}
          </label>
        </fieldset>
        {backend === 'postgres' && (
          <>
            <div className="field field-wide">
              <label htmlFor={`${id}-connection`}>{t('settings.ledger.connectionString')}</label>
              <input
                id={`${id}-connection`}
                value={connectionString}
                maxLength={maxLengthOf(postgresConnectionStringSchema)}
                spellCheck={false}
                autoComplete="off"
                placeholder="postgresql://ledger@db.example.com:5432/ledger?sslmode=verify-full"
                onChange={(event) => setConnectionString(event.target.value)}
                data-testid="ledger-connection-string"
              />
              <p className="hint">{t('settings.ledger.connectionString.help')}</p>
            </div>
            <div className="field">
              <label htmlFor={`${id}-password`}>
                {t('settings.ledger.password')}{' '}
                <span className={passwordStored ? 'credential-set' : 'credential-unset'} data-testid="ledger-password-state">
                  {passwordStored ? t('settings.ledger.passwordStored') : t('settings.credentials.notSet')}
                </span>
              </label>
              <input
                id={`${id}-password`}
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                maxLength={maxLengthOf(ledgerPasswordSchema)}
                value={password}
                placeholder={passwordStored ? t('settings.ledger.passwordKeep') : ''}
                onChange={(event) => setPassword(event.target.value)}
                data-testid="ledger-password"
              />
            </div>
          </>
        )}
        <ErrorNotice error={error} testId="ledger-error" />
        {tested && (
          <p className={`notice notice-${tested.ok ? 'ok' : 'error'}`} role="status" data-testid="ledger-test-result">
            {tested.ok
              ? t('settings.ledger.testOk', { version: tested.serverVersion, schema: tested.schemaVersion === null ? t('settings.ledger.noSchema') : String(tested.schemaVersion) })
              : t('settings.credentials.testFailed', { message: tested.message })}
          </p>
        )}
        {saved && (
          <p className="notice notice-ok" role="status" data-testid="ledger-saved">
            {t('settings.ledger.saved')}
          </p>
        )}
        <div className="button-row">
          {backend === 'postgres' && (
            <button type="button" onClick={() => void test()} disabled={busy !== null || connectionString.trim() === ''} data-testid="ledger-test">
              {t('settings.ledger.test')}
            </button>
          )}
          {rights.may('settings') && (
            <button type="submit" className="primary" disabled={busy !== null || loaded === null} data-testid="ledger-save">
              {t('common.save')}
            </button>
          )}
        </div>
        <MissingRightNote rights={rights} right="settings" testId="ledger-missing-right" />
      </form>
    </section>
  );
}
