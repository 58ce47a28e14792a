import { useId, useState, type FormEvent } from 'react';
import { MAX_REASON_LENGTH } from '../../../format/free-text.ts';
import { MERCHANT_REFERENCE_MAX_LENGTH } from '../../../../../shared/domain/merchant-reference.ts';
import type { Profile, StoredCredential } from '../../../../../shared/ipc/contract.ts';
import { CURRENCY_CODES } from '../../../../../shared/money/currencies.ts';
import { Amount } from '../../../components/Amount.tsx';
import { ReferenceHint } from '../../../components/ReferenceHint.tsx';
import { maskedCardLabel } from '../../../format/card-format.ts';
import { referenceFieldOf } from '../../../format/reference-input.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import type { ConfirmationRequest } from '../hooks/use-confirmation.tsx';
import { storedCredentialsStore, useStoredCredentials } from '../stores/stored-credentials.ts';
import { buildChargeStoredRequest, RECURRENCES, validateMitForm, type MitErrors, type MitValues, type Recurrence } from '../utils/stored-forms.ts';

const EMPTY: MitValues = { amount: '', currency: 'EUR', recurrence: 'unscheduled', reason: '', reference: '' };

/** A merchant-initiated charge on a stored card: amount, why, and whether it is part of a schedule. */
export function ChargeStoredForm(props: { token: StoredCredential; profile: Profile | null; confirm: (request: ConfirmationRequest) => void; onClose: () => void }) {
  const t = useT();
  const id = useId();
  const { token, profile } = props;
  const gateway = useWorkspace((state) => selectGateway(state, token.gatewayId));
  const referenceField = referenceFieldOf(gateway, profile);
  const [values, setValues] = useState<MitValues>(EMPTY);
  const [errors, setErrors] = useState<MitErrors>({});
  const inFlight = useStoredCredentials((state) => state.inFlight);
  const busy = inFlight !== null;
  const sending = inFlight?.operation === 'charge';
  const card = maskedCardLabel(token.last4 ? { brand: token.brand, last4: token.last4 } : null) ?? token.id;

  function set<K extends keyof MitValues>(field: K, value: MitValues[K]) {
    setValues((current) => ({ ...current, [field]: value }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found = validateMitForm(values, t, referenceField);
    setErrors(found);
    const request = buildChargeStoredRequest(values, token.id);
    if (!request || Object.keys(found).length > 0) {
      const first = (['amount', 'reason', 'reference'] as const).find((field) => found[field] !== undefined);
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    const run = () => {
      void storedCredentialsStore
        .getState()
        .chargeStored(request)
        .then((done) => {
          if (done) setValues(EMPTY);
        });
    };
    if (profile?.environment === 'production') {
      props.confirm({
        title: t('action.confirmTitle'),
        body: t('action.confirmBody'),
        confirmLabel: t('stored.mit.submit'),
        lines: [
          { label: t('action.confirmOperation'), value: t(`stored.recurrence.${values.recurrence}`) },
          { label: t('action.confirmAmount'), value: <Amount amount={request.money.amount} currency={request.money.currency} /> },
          { label: t('action.confirmPayment'), value: card },
          { label: t('action.confirmProfile'), value: `${profile.name} (${t(`environment.${profile.environment}`)})` },
        ],
        run,
      });
      return;
    }
    run();
  }

  const error = (field: keyof MitErrors) =>
    errors[field] ? (
      <span id={`${id}-${field}-error`} className="field-error">
        {errors[field]}
      </span>
    ) : null;
  const describedBy = (field: keyof MitErrors) => (errors[field] ? `${id}-${field}-error` : undefined);

  return (
    <form className="action-form mit-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate data-testid="mit-form">
      <h3 id={`${id}-title`}>{t('stored.mit.title', { card })}</h3>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-amount`}>{t('moto.amount')}</label>
          <input
            id={`${id}-amount`}
            data-testid="mit-amount"
            inputMode="decimal"
            autoComplete="off"
            autoFocus
            value={values.amount}
            aria-invalid={errors.amount !== undefined}
            aria-describedby={describedBy('amount')}
            onChange={(event) => set('amount', event.target.value)}
          />
          {error('amount')}
        </div>
        <div className="field field-narrow">
          <label htmlFor={`${id}-currency`}>{t('moto.currency')}</label>
          <select id={`${id}-currency`} data-testid="mit-currency" value={values.currency} onChange={(event) => set('currency', event.target.value)}>
            {CURRENCY_CODES.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-recurrence`}>{t('stored.mit.recurrence')}</label>
          <select
            id={`${id}-recurrence`}
            data-testid="mit-recurrence"
            value={values.recurrence}
            onChange={(event) => set('recurrence', event.target.value as Recurrence)}
            aria-describedby={`${id}-recurrence-hint`}
          >
            {RECURRENCES.map((recurrence) => (
              <option key={recurrence} value={recurrence}>
                {t(`stored.recurrence.${recurrence}`)}
              </option>
            ))}
          </select>
          <span id={`${id}-recurrence-hint`} className="hint">
            {t(`stored.recurrenceHint.${values.recurrence}`)}
          </span>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('stored.mit.reason')}</label>
        <input
          id={`${id}-reason`}
          data-testid="mit-reason"
          maxLength={MAX_REASON_LENGTH}
          required
          value={values.reason}
          aria-invalid={errors.reason !== undefined}
          aria-describedby={describedBy('reason')}
          onChange={(event) => set('reason', event.target.value)}
        />
        {error('reason')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-reference`}>{t('moto.reference')}</label>
        <input
          id={`${id}-reference`}
          data-testid="mit-reference"
          maxLength={MERCHANT_REFERENCE_MAX_LENGTH}
          spellCheck={false}
          value={values.reference}
          aria-invalid={errors.reference !== undefined}
          aria-describedby={[describedBy('reference'), `${id}-reference-hint`].filter(Boolean).join(' ')}
          onChange={(event) => set('reference', event.target.value)}
        />
        <ReferenceHint id={`${id}-reference-hint`} field={referenceField} testId="mit-reference-rule" />
        {error('reference')}
      </div>
      <div className="button-row">
        <button type="submit" className="primary" data-testid="mit-submit" disabled={busy}>
          {sending ? t('action.inFlight') : t('stored.mit.submit')}
        </button>
        <button type="button" onClick={props.onClose} disabled={sending}>
          {t('common.close')}
        </button>
      </div>
    </form>
  );
}
