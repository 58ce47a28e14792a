import { useId, useState, type FormEvent } from 'react';
import { MERCHANT_REFERENCE_MAX_LENGTH } from '../../../../../shared/domain/merchant-reference.ts';
import { mandateCustomerNameSchema, phoneInputSchema, type Mandate, type Profile } from '../../../../../shared/ipc/contract.ts';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import { ReferenceHint } from '../../../components/ReferenceHint.tsx';
import { describeMbwayPhone } from '../../../format/phone-input.ts';
import { referenceFieldOf } from '../../../format/reference-input.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { storedCredentialsStore, useStoredCredentials } from '../stores/stored-credentials.ts';
import { buildCreateMandateRequest, validateMandateForm, type MandateErrors, type MandateValues } from '../utils/stored-forms.ts';
import { phoneForPeople } from '../../../format/phone-format.ts';

const EMPTY: MandateValues = { phone: '', customerName: '', mandateType: 'SUBSCRIPTION', reference: '' };
const MANDATE_TYPES: readonly Mandate['mandateType'][] = ['SUBSCRIPTION', 'ONECLICK'];

/** Asks the customer, through their MB WAY app, to authorise future collections; they set the limit. */
export function CreateMandateForm({ profile, onClose }: { profile: Profile; onClose: () => void }) {
  const t = useT();
  const id = useId();
  const [values, setValues] = useState<MandateValues>(EMPTY);
  const [errors, setErrors] = useState<MandateErrors>({});
  const inFlight = useStoredCredentials((state) => state.inFlight);
  const phone = describeMbwayPhone(values.phone);
  const gateway = useWorkspace((state) => selectGateway(state, profile.gatewayId));
  const referenceField = referenceFieldOf(gateway, profile);

  function set<K extends keyof MandateValues>(field: K, value: MandateValues[K]) {
    setValues((current) => ({ ...current, [field]: value }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (inFlight !== null) return;
    const found = validateMandateForm(values, t, referenceField);
    setErrors(found);
    const request = buildCreateMandateRequest(values, profile.id);
    if (!request || Object.keys(found).length > 0) {
      const first = (['phone', 'customerName', 'reference'] as const).find((field) => found[field] !== undefined);
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    if (await storedCredentialsStore.getState().createMandate(request)) onClose();
  }

  const error = (field: keyof MandateErrors) =>
    errors[field] ? (
      <span id={`${id}-${field}-error`} className="field-error">
        {errors[field]}
      </span>
    ) : null;

  return (
    <form className="action-form" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`} noValidate data-testid="mandate-form">
      <h3 id={`${id}-title`}>{t('mandate.create.title', { profile: profile.name })}</h3>
      <p className="hint">{t('mandate.create.help')}</p>
      <div className="field">
        <label htmlFor={`${id}-phone`}>{t('mbway.phone')}</label>
        <input
          id={`${id}-phone`}
          data-testid="mandate-phone"
          type="tel"
          inputMode="tel"
          maxLength={maxLengthOf(phoneInputSchema)}
          autoComplete="off"
          autoFocus
          placeholder="912 345 678"
          value={values.phone}
          aria-invalid={errors.phone !== undefined || phone.state === 'invalid'}
          aria-describedby={`${id}-phone-feedback${errors.phone ? ` ${id}-phone-error` : ''}`}
          onChange={(event) => {
            set('phone', event.target.value);
            if (errors.phone) {
              setErrors((current) => {
                const next = { ...current };
                delete next.phone;
                return next;
              });
            }
          }}
        />
        <span id={`${id}-phone-feedback`} className={`hint phone-${phone.state}`} data-testid="mandate-phone-normalised" data-state={phone.state} data-phone={phone.normalised ?? ''}>
          {phone.state === 'valid' ? t('mbway.phoneWillRing', { phone: phoneForPeople(phone.normalised ?? '') }) : phone.state === 'invalid' ? t('async.error.phone') : t('mbway.phoneHelp')}
        </span>
        {error('phone')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-customerName`}>{t('mandate.customerName')}</label>
        <input
          id={`${id}-customerName`}
          data-testid="mandate-name"
          maxLength={maxLengthOf(mandateCustomerNameSchema)}
          value={values.customerName}
          aria-invalid={errors.customerName !== undefined}
          aria-describedby={errors.customerName ? `${id}-customerName-error` : undefined}
          onChange={(event) => set('customerName', event.target.value)}
        />
        {error('customerName')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('mandate.type')}</label>
        <select id={`${id}-type`} data-testid="mandate-type" value={values.mandateType} onChange={(event) => set('mandateType', event.target.value as Mandate['mandateType'])}>
          {MANDATE_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`mandateType.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reference`}>{t('moto.reference')}</label>
        <input
          id={`${id}-reference`}
          data-testid="mandate-reference"
          maxLength={MERCHANT_REFERENCE_MAX_LENGTH}
          spellCheck={false}
          value={values.reference}
          aria-invalid={errors.reference !== undefined}
          aria-describedby={[errors.reference ? `${id}-reference-error` : null, `${id}-reference-hint`].filter(Boolean).join(' ')}
          onChange={(event) => set('reference', event.target.value)}
        />
        <ReferenceHint id={`${id}-reference-hint`} field={referenceField} testId="mandate-reference-rule" />
        {error('reference')}
      </div>
      <div className="button-row">
        <button type="submit" className="primary" data-testid="mandate-submit" disabled={inFlight !== null}>
          {inFlight?.operation === 'create' ? t('action.inFlight') : t('mandate.create.submit')}
        </button>
        <button type="button" onClick={onClose} disabled={inFlight?.operation === 'create'}>
          {t('common.close')}
        </button>
      </div>
    </form>
  );
}
