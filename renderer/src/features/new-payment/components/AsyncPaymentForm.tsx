import { useCallback, useId, useMemo, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { MERCHANT_REFERENCE_MAX_LENGTH } from '../../../../../shared/domain/merchant-reference.ts';
import { customerEmailSchema, customerNameSchema, multibancoValidForHoursSchema, phoneInputSchema, type Profile } from '../../../../../shared/ipc/contract.ts';
import { shortTextSchema } from '../../../../../shared/domain/schemas.ts';
import { maxLengthOf, maxValueOf } from '../../../domain/contract-rules.ts';
import { CURRENCY_CODES } from '../../../../../shared/money/currencies.ts';
import { ReferenceHint } from '../../../components/ReferenceHint.tsx';
import { Amount } from '../../../components/Amount.tsx';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SlowCallNotice } from '../../../components/SlowCallNotice.tsx';
import { checkAmountInput } from '../../../format/amount-input.ts';
import { describeMbwayPhone } from '../../../format/phone-input.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { createMultibancoReference, requestBankTransfer, requestMbway, requestUssd } from '../api/async-payments.ts';
import { useUssdBanks } from '../hooks/use-ussd-banks.ts';
import { newPaymentStore, useNewPayment } from '../stores/new-payment.ts';
import { referenceFieldOf } from '../../../format/reference-input.ts';
import { selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import {
  ASYNC_CURRENCIES,
  DEFAULT_VALID_FOR_HOURS,
  asyncFieldForContractPath,
  BANK_TRANSFER_FIELDS,
  buildAsyncPaymentRequest,
  defaultCurrencyFor,
  EMPTY_MBWAY_VALUES,
  EMPTY_MULTIBANCO_VALUES,
  EMPTY_USSD_VALUES,
  MBWAY_FIELDS,
  mbwayPhoneProblem,
  MULTIBANCO_FIELDS,
  USSD_CURRENCIES,
  USSD_FIELDS,
  validateBankTransferForm,
  validateMbwayForm,
  validateMultibancoForm,
  validateUssdForm,
  type AsyncField,
  type AsyncFormValues,
  type AsyncFieldErrors,
  type AsyncMethod,
  type AsyncPaymentRequest,
  type UssdValues,
} from '../utils/async-payment-form.ts';
import { phoneForPeople } from '../../../format/phone-format.ts';

type FormValues = AsyncFormValues & UssdValues;

const EMPTY_VALUES: FormValues = { ...EMPTY_MBWAY_VALUES, ...EMPTY_MULTIBANCO_VALUES, bankCode: EMPTY_USSD_VALUES.bankCode };

const HINT_KEYS: Readonly<Record<AsyncMethod, MessageKey>> = { mbway: 'mbway.hint', multibanco: 'multibanco.hint', 'bank-transfer': 'bankTransfer.hint', ussd: 'ussd.hint' };
const SUBMIT_KEYS: Readonly<Record<AsyncMethod, MessageKey>> = { mbway: 'mbway.submit', multibanco: 'multibanco.submit', 'bank-transfer': 'bankTransfer.submit', ussd: 'ussd.submit' };
const FIELD_ORDER: Readonly<Record<AsyncMethod, readonly AsyncField[]>> = { mbway: MBWAY_FIELDS, multibanco: MULTIBANCO_FIELDS, 'bank-transfer': BANK_TRANSFER_FIELDS, ussd: USSD_FIELDS };
/** MB WAY and Multibanco are euro schemes; a bank transfer is in the account's currency; USSD in naira. */
const CURRENCY_CHOICES: Readonly<Record<AsyncMethod, readonly string[]>> = { mbway: ASYNC_CURRENCIES, multibanco: ASYNC_CURRENCIES, 'bank-transfer': CURRENCY_CODES, ussd: USSD_CURRENCIES };
/** The gateway sends the details to the customer's e-mail, so it is the method's own, required field. */
const EMAIL_REQUIRED: ReadonlySet<AsyncMethod> = new Set(['bank-transfer', 'ussd']);

function sendRequest(built: AsyncPaymentRequest) {
  switch (built.method) {
    case 'mbway':
      return requestMbway(built.request);
    case 'multibanco':
      return createMultibancoReference(built.request);
    case 'bank-transfer':
      return requestBankTransfer(built.request);
    case 'ussd':
      return requestUssd(built.request);
  }
}

/**
 * MB WAY request, Multibanco reference or bank-transfer details: the same form with one field of
 * its own (the phone to ring, how long the reference can be paid, or the e-mail the account
 * details go to). Enter sends, Esc clears.
 */
export function AsyncPaymentForm({ method, profile }: { method: AsyncMethod; profile: Profile | null }) {
  const t = useT();
  const formId = useId();
  const gateway = useWorkspace((state) => (profile ? selectGateway(state, profile.gatewayId) : null));
  const referenceField = referenceFieldOf(gateway, profile);
  const initialValues = useMemo<FormValues>(
    () =>
      method === 'bank-transfer' ? { ...EMPTY_VALUES, currency: defaultCurrencyFor(gateway, 'bank_transfer') } : method === 'ussd' ? { ...EMPTY_VALUES, currency: defaultCurrencyFor(gateway, 'ussd') } : EMPTY_VALUES,
    [method, gateway],
  );
  const ussdBanks = useUssdBanks(profile?.id ?? null, method === 'ussd');
  const [values, setValues] = useState<FormValues>(initialValues);
  const [errors, setErrors] = useState<AsyncFieldErrors>({});
  const [confirming, setConfirming] = useState(false);
  const submitting = useNewPayment((state) => state.submitting);
  const submittedAt = useNewPayment((state) => state.submittedAt);
  const submitError = useNewPayment((state) => state.error);
  const phone = describeMbwayPhone(values.phone);
  const fieldOrder = FIELD_ORDER[method];
  const emailRequired = EMAIL_REQUIRED.has(method);
  // A required e-mail is the method's own field, named so.
  const inputId = (field: AsyncField) => (emailRequired && field === 'customerEmail' ? `${method}-email` : `${method}-${field}`);

  function validate(current: FormValues): AsyncFieldErrors {
    switch (method) {
      case 'mbway':
        return validateMbwayForm(current, t, referenceField);
      case 'multibanco':
        return validateMultibancoForm(current, t, referenceField);
      case 'bank-transfer':
        return validateBankTransferForm(current, t, referenceField);
      case 'ussd':
        return validateUssdForm(current, t, referenceField);
    }
  }

  function change(field: AsyncField, value: string) {
    const next = { ...values, [field]: value };
    setValues(next);
    // A field already marked wrong is re-checked as the agent corrects it; others wait for blur or submit.
    if (errors[field] !== undefined) setErrors(keepOnly(errors, validate(next), field));
  }

  function blur(field: AsyncField) {
    const value = values[field as keyof FormValues];
    if (value.trim() === '') return;
    setErrors(keepOnly(errors, validate(values), field));
  }

  function focusField(field: AsyncField) {
    document.getElementById(inputId(field))?.focus();
  }

  const clearAll = useCallback(() => {
    setValues(initialValues);
    setErrors({});
    setConfirming(false);
  }, [initialValues]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (submitting || !profile) return;
    const found = validate(values);
    setErrors(found);
    const first = fieldOrder.find((field) => found[field] !== undefined);
    if (first) {
      focusField(first);
      return;
    }
    if (profile.environment === 'production') {
      setConfirming(true);
      return;
    }
    void send(profile);
  }

  async function send(target: Profile) {
    const built = buildAsyncPaymentRequest(method, values, target.id);
    if (!built || !newPaymentStore.getState().startSubmission()) return;
    const result = await sendRequest(built);
    if (result.ok) {
      clearAll();
      newPaymentStore.getState().finishWithOutcome(result.value, {
        profile: { id: target.id, name: target.name, environment: target.environment },
        method,
        phone: built.method === 'mbway' ? built.request.phone : null,
      });
      return;
    }
    newPaymentStore.getState().finishWithError(result.error);
    const fieldErrors: AsyncFieldErrors = {};
    for (const [path, message] of Object.entries(result.error.fields ?? {})) {
      const field = asyncFieldForContractPath(path);
      if (field && fieldErrors[field] === undefined) fieldErrors[field] = message;
    }
    setErrors(fieldErrors);
    const first = fieldOrder.find((field) => fieldErrors[field] !== undefined);
    if (first) focusField(first);
  }

  function keyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    clearAll();
    newPaymentStore.getState().dismissOutcome();
    focusField('amount');
  }

  const cancelConfirmation = useCallback(() => setConfirming(false), []);

  const described = (field: AsyncField, hintId?: string) => {
    const ids = [errors[field] ? `${inputId(field)}-error` : null, hintId ?? null].filter(Boolean).join(' ');
    return {
      id: inputId(field),
      name: inputId(field),
      'data-testid': inputId(field),
      'aria-invalid': errors[field] !== undefined,
      'aria-describedby': ids || undefined,
      value: values[field as keyof FormValues],
      onBlur: () => blur(field),
    };
  };

  const fieldError = (field: AsyncField) =>
    errors[field] ? (
      <span id={`${inputId(field)}-error`} className="field-error">
        {errors[field]}
      </span>
    ) : null;

  const field = (name: AsyncField, label: string, control: ReactNode, className = 'field') => (
    <div className={className}>
      <label htmlFor={inputId(name)}>{label}</label>
      {control}
      {fieldError(name)}
    </div>
  );

  const disabled = profile === null;
  const confirmAmount = checkAmountInput(values.amount, values.currency);
  const hintId = `${formId}-hint`;

  return (
    <>
      <form className="moto-form panel" onSubmit={submit} onKeyDown={keyDown} noValidate autoComplete="off" aria-describedby={hintId} data-testid={`${method}-form`}>
        <p id={hintId} className="hint">
          {t(HINT_KEYS[method])}
        </p>
        <fieldset disabled={disabled} className="moto-grid">
          {field(
            'amount',
            t('moto.amount'),
            <input {...described('amount')} type="text" inputMode="decimal" autoComplete="off" autoFocus onChange={(event) => change('amount', event.target.value)} />,
          )}
          {field(
            'currency',
            t('moto.currency'),
            <select {...described('currency')} onChange={(event) => change('currency', event.target.value)}>
              {CURRENCY_CHOICES[method].map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>,
            'field field-narrow',
          )}
          {method === 'ussd' &&
            field(
              'bankCode',
              t('ussd.bank'),
              <select {...described('bankCode', `${inputId('bankCode')}-hint`)} disabled={ussdBanks.banks === null} onChange={(event) => change('bankCode', event.target.value)}>
                <option value="">{ussdBanks.banks === null ? t('ussd.bankLoading') : t('ussd.bankChoose')}</option>
                {(ussdBanks.banks ?? []).map((bank) => (
                  <option key={bank.code} value={bank.code}>
                    {bank.name}
                  </option>
                ))}
              </select>,
              'field field-wide',
            )}
          {method === 'ussd' && <ErrorNotice error={ussdBanks.error} testId="ussd-banks-error" />}
          {emailRequired ? (
            <div className="field field-wide">
              <label htmlFor={inputId('customerEmail')}>{t('bankTransfer.email')}</label>
              <input
                {...described('customerEmail', `${inputId('customerEmail')}-hint`)}
                type="email"
                maxLength={maxLengthOf(customerEmailSchema)}
                spellCheck={false}
                required
                aria-required="true"
                onChange={(event) => change('customerEmail', event.target.value)}
              />
              <span id={`${inputId('customerEmail')}-hint`} className="hint">
                {t('bankTransfer.emailHint')}
              </span>
              {fieldError('customerEmail')}
            </div>
          ) : method === 'mbway' ? (
            <div className="field field-wide">
              <label htmlFor={inputId('phone')}>{t('mbway.phone')}</label>
              <input
                {...described('phone', `${inputId('phone')}-feedback`)}
                type="tel"
                inputMode="tel"
                maxLength={maxLengthOf(phoneInputSchema)}
                autoComplete="off"
                placeholder="912 345 678"
                onChange={(event) => {
                  const typed = event.target.value;
                  change('phone', typed);
                  // Once the number is plainly wrong, say so while typing rather than at submit.
                  if (describeMbwayPhone(typed).state === 'invalid') setErrors((current) => ({ ...current, phone: mbwayPhoneProblem(typed, t) ?? '' }));
                }}
              />
              <span id={`${inputId('phone')}-feedback`} className={`hint phone-${phone.state}`} data-testid="mbway-phone-normalised" data-state={phone.state} data-phone={phone.normalised ?? ''}>
                {phone.state === 'valid' ? t('mbway.phoneWillRing', { phone: phoneForPeople(phone.normalised ?? '') }) : t('mbway.phoneHelp')}
              </span>
              {fieldError('phone')}
            </div>
          ) : (
            <div className="field field-narrow">
              <label htmlFor={inputId('validForHours')}>{t('multibanco.validity')}</label>
              <input {...described('validForHours', `${inputId('validForHours')}-hint`)} type="text" inputMode="numeric" maxLength={String(maxValueOf(multibancoValidForHoursSchema)).length} onChange={(event) => change('validForHours', event.target.value)} />
              <span id={`${inputId('validForHours')}-hint`} className="hint">
                {t('multibanco.validityHint', { hours: DEFAULT_VALID_FOR_HOURS })}
              </span>
              {fieldError('validForHours')}
            </div>
          )}
          {field(
            'reference',
            t('moto.reference'),
            <>
              <input {...described('reference', `${inputId('reference')}-hint`)} type="text" maxLength={MERCHANT_REFERENCE_MAX_LENGTH} spellCheck={false} onChange={(event) => change('reference', event.target.value)} />
              <ReferenceHint id={`${inputId('reference')}-hint`} field={referenceField} testId={`${inputId('reference')}-rule`} />
            </>,
            'field field-wide',
          )}
          {field(
            'description',
            t('async.description'),
            <input {...described('description')} type="text" maxLength={maxLengthOf(shortTextSchema)} onChange={(event) => change('description', event.target.value)} />,
            'field field-wide',
          )}
          {field(
            'customerName',
            t('async.customerName'),
            <input {...described('customerName')} type="text" maxLength={maxLengthOf(customerNameSchema)} spellCheck={false} onChange={(event) => change('customerName', event.target.value)} />,
            'field field-wide',
          )}
          {!emailRequired &&
            field(
              'customerEmail',
              t('moto.email'),
              <input {...described('customerEmail')} type="email" maxLength={maxLengthOf(customerEmailSchema)} spellCheck={false} onChange={(event) => change('customerEmail', event.target.value)} />,
              'field field-wide',
            )}
        </fieldset>

        <ErrorNotice error={submitError} testId={`${method}-error`} />

        <SlowCallNotice since={submittedAt} />
        <div className="button-row">
          <button type="submit" className="primary" data-testid={`${method}-submit`} disabled={disabled || submitting}>
            {submitting ? t('action.inFlight') : t(SUBMIT_KEYS[method])}
          </button>
          <button
            type="button"
            onClick={() => {
              clearAll();
              focusField('amount');
            }}
            disabled={submitting}
          >
            {t('moto.clear')}
          </button>
        </div>
      </form>

      <ConfirmDialog
        open={confirming}
        title={t('action.confirmTitle')}
        body={t('action.confirmBody')}
        confirmLabel={t(SUBMIT_KEYS[method])}
        lines={
          confirming && profile
            ? [
                { label: t('action.confirmOperation'), value: t(`method.${method}`) },
                { label: t('action.confirmAmount'), value: <Amount amount={confirmAmount.ok ? confirmAmount.amount : values.amount} currency={values.currency} /> },
                { label: t('action.confirmPayment'), value: values.reference.trim() || t('moto.confirmNewPayment') },
                { label: t('action.confirmProfile'), value: `${profile.name} (${t(`environment.${profile.environment}`)})` },
              ]
            : []
        }
        onConfirm={() => {
          setConfirming(false);
          if (profile) void send(profile);
        }}
        onCancel={cancelConfirmation}
      />
    </>
  );
}

/** The errors as they were, with only `field` taken from a fresh validation. */
function keepOnly(current: AsyncFieldErrors, fresh: AsyncFieldErrors, field: AsyncField): AsyncFieldErrors {
  const next = { ...current };
  const problem = fresh[field];
  if (problem === undefined) delete next[field];
  else next[field] = problem;
  return next;
}
