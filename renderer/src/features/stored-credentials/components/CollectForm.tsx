import { useId, useState, type FormEvent } from 'react';
import type { Mandate, Profile } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import type { ConfirmationRequest } from '../hooks/use-confirmation.tsx';
import { storedCredentialsStore, useStoredCredentials } from '../stores/stored-credentials.ts';
import { checkCollectAmount } from '../utils/stored-forms.ts';

/** A collection through an active mandate; the limit the customer set is shown and enforced here and in the core. */
export function CollectForm(props: { mandate: Mandate; profile: Profile | null; confirm: (request: ConfirmationRequest) => void; onClose: () => void }) {
  const t = useT();
  const id = useId();
  const { mandate, profile } = props;
  const [amount, setAmount] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const inFlight = useStoredCredentials((state) => state.inFlight);
  const sending = inFlight?.operation === 'collect';
  const currency = mandate.currency ?? 'EUR';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (inFlight !== null) return;
    const checked = checkCollectAmount(amount, mandate, t);
    if (!checked.ok) {
      setProblem(checked.message);
      return;
    }
    setProblem(null);
    const run = () => {
      void storedCredentialsStore
        .getState()
        .collect(mandate.id, checked.amount, checked.currency)
        .then((done) => {
          if (done) setAmount('');
        });
    };
    if (profile?.environment === 'production') {
      props.confirm({
        title: t('action.confirmTitle'),
        body: t('action.confirmBody'),
        confirmLabel: t('mandate.collect.submit'),
        lines: [
          { label: t('action.confirmOperation'), value: t('mandate.collect') },
          { label: t('action.confirmAmount'), value: <Amount amount={checked.amount} currency={checked.currency} /> },
          { label: t('action.confirmPayment'), value: `${mandate.customerName} · ${mandate.phone}` },
          { label: t('action.confirmProfile'), value: `${profile.name} (${t(`environment.${profile.environment}`)})` },
        ],
        run,
      });
      return;
    }
    run();
  }

  return (
    <form className="action-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate data-testid="collect-form">
      <h3 id={`${id}-title`}>{t('mandate.collect.title', { customer: mandate.customerName })}</h3>
      <div className="field">
        <label htmlFor={`${id}-amount`}>
          {t('moto.amount')} ({currency})
        </label>
        <input
          id={`${id}-amount`}
          data-testid="collect-amount"
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          value={amount}
          aria-invalid={problem !== null}
          aria-describedby={`${id}-hint`}
          onChange={(event) => setAmount(event.target.value)}
        />
      </div>
      <p id={`${id}-hint`} className={problem ? 'field-error' : 'hint'}>
        {problem ??
          (mandate.limit !== null ? (
            <>
              {t('mandate.limit')}: <Amount amount={mandate.limit} currency={currency} />
            </>
          ) : (
            t('mandate.noLimit')
          ))}
      </p>
      <div className="button-row">
        <button type="submit" className="primary" data-testid="collect-submit" disabled={inFlight !== null}>
          {sending ? t('action.inFlight') : t('mandate.collect.submit')}
        </button>
        <button type="button" onClick={props.onClose} disabled={sending}>
          {t('common.close')}
        </button>
      </div>
    </form>
  );
}
