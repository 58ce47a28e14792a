import { useId, useState, type FormEvent } from 'react';
import { MERCHANT_REFERENCE_MAX_LENGTH } from '../../../../../shared/domain/merchant-reference.ts';
import { gatewayTransactionIdSchema } from '../../../../../shared/domain/schemas.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { paymentHref } from '../../../routing/route.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { checkImportLookup, defaultImportProfileId, importableProfiles, type ImportLookupProblem } from '../utils/import-lookup.ts';
import { transactionsStore, useTransactions } from '../stores/transactions.ts';

const PROBLEM_KEYS: Readonly<Record<ImportLookupProblem, MessageKey>> = {
  profile: 'import.error.profile',
  missing: 'import.error.missing',
  transactionId: 'import.error.transactionId',
  reference: 'import.error.reference',
  cardNumber: 'common.cardNumberInText',
};

/**
 * "Look up a payment made elsewhere" (the gateway's back office, another console): the gateway is
 * asked for it, the ledger imports it, and the payment opens.
 */
export function ImportPanel() {
  const t = useT();
  const id = useId();
  const profiles = useWorkspace((state) => state.profiles);
  const gateways = useWorkspace((state) => state.gateways);
  const activeProfileId = useWorkspace((state) => state.activeProfileId);
  const importing = useTransactions((state) => state.importing);
  const importError = useTransactions((state) => state.importError);
  const importable = importableProfiles(profiles, gateways);
  const [open, setOpen] = useState(false);
  const [chosenProfileId, setChosenProfileId] = useState<string | null>(null);
  const [transactionId, setTransactionId] = useState('');
  const [reference, setReference] = useState('');
  const [problems, setProblems] = useState<ImportLookupProblem[]>([]);
  const profileId = chosenProfileId !== null && importable.some((profile) => profile.id === chosenProfileId) ? chosenProfileId : defaultImportProfileId(importable, activeProfileId);

  function close() {
    setOpen(false);
    setProblems([]);
    transactionsStore.getState().clearImportError();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (importing) return;
    const checked = checkImportLookup({ profileId, gatewayTransactionId: transactionId, merchantReference: reference }, importable);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems([]);
    const paymentId = await transactionsStore.getState().importPayment(checked.request);
    if (paymentId === null) return;
    setTransactionId('');
    setReference('');
    setOpen(false);
    window.location.hash = paymentHref(paymentId);
  }

  return (
    <div className="import-lookup">
      <button type="button" data-testid="import-open" aria-expanded={open} onClick={() => (open ? close() : setOpen(true))}>
        {t('import.open')}
      </button>
      {open && (
        <form className="panel action-form import-form" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`} noValidate data-testid="import-form">
          <h2 id={`${id}-title`}>{t('import.title')}</h2>
          <p className="hint">{t('import.help')}</p>
          {importable.length === 0 ? (
            <p className="notice" data-testid="import-unavailable">
              {t('import.unavailable')}
            </p>
          ) : (
            <>
              <label className="field">
                <span>{t('import.profile')}</span>
                <select data-testid="import-profile" value={profileId} onChange={(event) => setChosenProfileId(event.target.value)} aria-invalid={problems.includes('profile')}>
                  {importable.map((profile) => (
                    <option key={profile.id} value={profile.id}>
                      {`${profile.name} (${t(`environment.${profile.environment}`)})`}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('import.transactionId')}</span>
                <input
                  data-testid="import-transaction-id"
                  value={transactionId}
                  maxLength={maxLengthOf(gatewayTransactionIdSchema)}
                  autoComplete="off"
                  spellCheck={false}
                  autoFocus
                  onChange={(event) => setTransactionId(event.target.value)}
                  aria-invalid={problems.includes('missing') || problems.includes('transactionId')}
                />
              </label>
              <label className="field">
                <span>{t('import.reference')}</span>
                <input
                  data-testid="import-reference"
                  value={reference}
                  maxLength={MERCHANT_REFERENCE_MAX_LENGTH}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => setReference(event.target.value)}
                  aria-invalid={problems.includes('missing') || problems.includes('reference')}
                />
              </label>
              {problems.length > 0 && (
                <ul className="field-error" role="alert" data-testid="import-problems">
                  {problems.map((problem) => (
                    <li key={problem}>{t(PROBLEM_KEYS[problem])}</li>
                  ))}
                </ul>
              )}
              <ErrorNotice error={importError} testId="import-error" />
            </>
          )}
          <div className="button-row">
            {importable.length > 0 && (
              <button type="submit" className="primary" data-testid="import-submit" disabled={importing}>
                {importing ? t('import.inFlight') : t('import.submit')}
              </button>
            )}
            <button type="button" onClick={close} disabled={importing}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
