import { useCallback, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { MERCHANT_REFERENCE_MAX_LENGTH } from '../../../../../shared/domain/merchant-reference.ts';
import { cardInputSchema, customerEmailSchema, customerPhoneSchema, type Profile } from '../../../../../shared/ipc/contract.ts';
import type { CardBrand } from '../../../../../shared/domain/schemas.ts';
import { formatPanForInput } from '../../../../../shared/card/card-rules.ts';
import { CURRENCY_CODES } from '../../../../../shared/money/currencies.ts';
import { Amount } from '../../../components/Amount.tsx';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { ReferenceHint } from '../../../components/ReferenceHint.tsx';
import { SlowCallNotice } from '../../../components/SlowCallNotice.tsx';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import { CARD_BRAND_NAMES } from '../../../domain/vocabulary.ts';
import { normaliseAmountInput } from '../../../format/amount-input.ts';
import { referenceFieldOf } from '../../../format/reference-input.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { createMotoPayment } from '../api/create-moto-payment.ts';
import { useIdleTimer } from '../hooks/use-idle-timer.ts';
import { newPaymentStore, useNewPayment } from '../stores/new-payment.ts';
import {
  DEFAULT_INSTALLMENTS,
  problemTarget,
  proposeInstallments,
  scheduleToday,
  validateInstallments,
  type InstallmentCheck,
  type InstallmentProblem,
  type InstallmentRow,
} from '../utils/installments.ts';
import {
  buildMotoRequest,
  caretAfterDigits,
  CARD_FIELDS,
  cardWasNotProcessed,
  chargeKey,
  REPEAT_WINDOW_MS,
  describePan,
  fieldForContractPath,
  formatExpiryInput,
  MOTO_FIELDS,
  validateMotoField,
  validateMotoForm,
  type MotoField,
  type MotoFieldErrors,
  type MotoFormValues,
  type PanProgress,
} from '../utils/moto-form.ts';
import { InstallmentPlan, installmentInputId } from './InstallmentPlan.tsx';

const IDLE_CLEAR_MS = 2 * 60 * 1000;
const DEFAULT_CURRENCY = 'EUR';

const FIELD_IDS: Readonly<Record<MotoField, string>> = {
  amount: 'moto-amount',
  currency: 'moto-currency',
  reference: 'moto-reference',
  cardNumber: 'moto-card-number',
  expiry: 'moto-expiry',
  cvv: 'moto-cvv',
  holder: 'moto-holder',
  email: 'moto-email',
  phone: 'moto-phone',
};

interface ConfirmationView {
  readonly amount: string;
  readonly currency: string;
  readonly reference: string;
  readonly installments: number | null;
  /** The same card and amount were charged this many minutes ago: asked on every profile. */
  readonly repeatMinutesAgo: number | null;
}

/** The instalment rows, and whether the agent changed them (then a new amount no longer re-splits them). */
interface PlanState {
  readonly rows: readonly InstallmentRow[];
  readonly currency: string;
  readonly editedByHand: boolean;
}

/**
 * The virtual terminal. Every value lives in the DOM inputs (uncontrolled), never in React or
 * zustand state: the card number, expiry and CVV are read once when the charge is sent, and the
 * inputs are emptied right then, on Esc and after two idle minutes. Only derived facts (brand,
 * whether the number checks out) are kept as state. An instalment plan holds no card data, so its
 * rows are ordinary state.
 */
export function MotoForm({ profile, installmentsOffered }: { profile: Profile | null; installmentsOffered: boolean }) {
  const t = useT();
  const gateway = useWorkspace((state) => (profile ? selectGateway(state, profile.gatewayId) : null));
  const referenceField = referenceFieldOf(gateway, profile);
  const formRef = useRef<HTMLFormElement>(null);
  const [brand, setBrand] = useState<CardBrand>('unknown');
  const [panProgress, setPanProgress] = useState<PanProgress>('empty');
  const [cvvLength, setCvvLength] = useState(3);
  const [errors, setErrors] = useState<MotoFieldErrors>({});
  const [confirmation, setConfirmation] = useState<ConfirmationView | null>(null);
  const submitting = useNewPayment((state) => state.submitting);
  const submittedAt = useNewPayment((state) => state.submittedAt);
  const submitError = useNewPayment((state) => state.error);
  const clearedForIdle = useNewPayment((state) => state.clearedForIdle);
  const [planState, setPlanState] = useState<PlanState | null>(null);
  const [planProblems, setPlanProblems] = useState<InstallmentProblem[]>([]);
  // A profile whose gateway runs no instalment plans never sends one, whatever was ticked before.
  const plan = installmentsOffered ? planState : null;

  function element(field: MotoField): HTMLInputElement | HTMLSelectElement | null {
    const found = formRef.current?.elements.namedItem(FIELD_IDS[field]);
    return found instanceof HTMLInputElement || found instanceof HTMLSelectElement ? found : null;
  }

  function readValues(): MotoFormValues {
    const value = (field: MotoField) => element(field)?.value ?? '';
    const authOnly = formRef.current?.elements.namedItem('moto-kind-auth');
    const storeCard = formRef.current?.elements.namedItem('moto-store-card');
    return {
      amount: value('amount'),
      currency: value('currency') || DEFAULT_CURRENCY,
      reference: value('reference'),
      cardNumber: value('cardNumber'),
      expiry: value('expiry'),
      cvv: value('cvv'),
      holder: value('holder'),
      email: value('email'),
      phone: value('phone'),
      kind: authOnly instanceof HTMLInputElement && authOnly.checked ? 'auth' : 'sale',
      storeCard: storeCard instanceof HTMLInputElement && storeCard.checked,
    };
  }

  function resetCardFeedback() {
    setBrand('unknown');
    setPanProgress('empty');
    setCvvLength(3);
  }

  function clearCardInputs() {
    for (const field of CARD_FIELDS) {
      const input = element(field);
      if (input) input.value = '';
    }
    resetCardFeedback();
  }

  const clearAll = useCallback(() => {
    formRef.current?.reset();
    setBrand('unknown');
    setPanProgress('empty');
    setCvvLength(3);
    setErrors({});
    setConfirmation(null);
    setPlanState(null);
    setPlanProblems([]);
  }, []);

  /** The plan split evenly from the amount and currency in the form right now. */
  function proposePlan(count: number): PlanState {
    const amount = element('amount')?.value ?? '';
    const currency = element('currency')?.value || DEFAULT_CURRENCY;
    return { rows: proposeInstallments(amount, currency, count, scheduleToday(new Date())), currency, editedByHand: false };
  }

  function togglePlan(on: boolean) {
    setPlanState(on ? proposePlan(DEFAULT_INSTALLMENTS) : null);
    setPlanProblems([]);
  }

  function resplitUntouchedPlan() {
    if (!plan) return;
    if (!plan.editedByHand) setPlanState(proposePlan(plan.rows.length));
    else setPlanState({ ...plan, currency: element('currency')?.value || DEFAULT_CURRENCY });
  }

  function changePlanRow(index: number, row: InstallmentRow) {
    if (!plan) return;
    setPlanState({ ...plan, rows: plan.rows.map((current, position) => (position === index ? row : current)), editedByHand: true });
  }

  function checkPlan(values: MotoFormValues): InstallmentCheck | null {
    return plan ? validateInstallments(plan.rows, values.amount, values.currency, values.kind, scheduleToday(new Date())) : null;
  }

  function focusPlanProblem(problems: readonly InstallmentProblem[]) {
    const target = problems.map(problemTarget).find((found) => found !== null);
    if (target) document.getElementById(installmentInputId(target.index, target.part))?.focus();
    else if (problems.some((problem) => problem.code === 'saleOnly')) document.getElementById('moto-kind-sale')?.focus();
    else document.getElementById(installmentInputId(0, 'amount'))?.focus();
  }

  useIdleTimer(
    formRef,
    IDLE_CLEAR_MS,
    useCallback(() => {
      const form = formRef.current;
      if (!form || newPaymentStore.getState().submitting) return;
      const anyCardData = CARD_FIELDS.some((field) => {
        const input = form.elements.namedItem(FIELD_IDS[field]);
        return input instanceof HTMLInputElement && input.value !== '';
      });
      if (!anyCardData) return;
      clearAll();
      newPaymentStore.getState().setClearedForIdle(true);
    }, [clearAll]),
  );

  function revalidate(field: MotoField, showNew: boolean) {
    const problem = validateMotoField(field, readValues(), new Date(), t, referenceField);
    setErrors((current) => {
      if (problem === null) {
        if (!(field in current)) return current;
        const next = { ...current };
        delete next[field];
        return next;
      }
      if (!showNew && !(field in current)) return current;
      return { ...current, [field]: problem };
    });
  }

  function onBlur(field: MotoField) {
    const input = element(field);
    revalidate(field, input !== null && input.value.trim() !== '');
  }

  function reformat(input: HTMLInputElement, format: (typed: string) => string) {
    const caret = input.selectionStart ?? input.value.length;
    const digitsBeforeCaret = input.value.slice(0, caret).replace(/\D/g, '').length;
    const formatted = format(input.value);
    if (formatted !== input.value) {
      input.value = formatted;
      const position = caretAfterDigits(formatted, digitsBeforeCaret);
      input.setSelectionRange(position, position);
    }
  }

  function onCardNumberInput(input: HTMLInputElement) {
    reformat(input, formatPanForInput);
    const described = describePan(input.value);
    setBrand(described.brand);
    setPanProgress(described.progress);
    setCvvLength(described.cvvLength);
    const cvv = element('cvv');
    if (cvv && cvv.value.length > described.cvvLength) cvv.value = cvv.value.slice(0, described.cvvLength);
    revalidate('cardNumber', described.progress === 'invalid');
  }

  function focusField(field: MotoField) {
    element(field)?.focus();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (submitting || !profile) return;
    const values = readValues();
    const found = validateMotoForm(values, new Date(), t, referenceField);
    setErrors(found);
    const planCheck = checkPlan(values);
    setPlanProblems(planCheck && !planCheck.ok ? planCheck.problems : []);
    const firstProblem = MOTO_FIELDS.find((field) => found[field] !== undefined);
    if (firstProblem) {
      focusField(firstProblem);
      return;
    }
    if (planCheck && !planCheck.ok) {
      focusPlanProblem(planCheck.problems);
      return;
    }
    const amount = normaliseAmountInput(values.amount) ?? values.amount;
    const key = chargeKey({ ...values, amount });
    const now = Date.now();
    const repeat = key === null ? null : newPaymentStore.getState().recentCharge(key, now, REPEAT_WINDOW_MS);
    if (profile.environment === 'production' || repeat !== null) {
      setConfirmation({
        amount,
        currency: values.currency,
        reference: values.reference.trim(),
        installments: planCheck?.ok ? planCheck.installments.length : null,
        repeatMinutesAgo: repeat === null ? null : Math.floor((now - repeat.at) / 60_000),
      });
      return;
    }
    void send(profile);
  }

  async function send(target: Profile) {
    const values = readValues();
    const planCheck = checkPlan(values);
    if (planCheck && !planCheck.ok) {
      setPlanProblems(planCheck.problems);
      focusPlanProblem(planCheck.problems);
      return;
    }
    const request = buildMotoRequest(values, target.id, planCheck?.installments);
    if (!request || !newPaymentStore.getState().startSubmission()) {
      clearCardInputs();
      return;
    }
    const result = await createMotoPayment(request);
    if (result.ok) {
      const key = chargeKey({ ...values, amount: normaliseAmountInput(values.amount) ?? values.amount });
      if (key !== null) newPaymentStore.getState().recordCharge({ key, at: Date.now(), paymentId: result.value.paymentId });
      formRef.current?.reset();
      setErrors({});
      setPlanState(null);
      setPlanProblems([]);
      newPaymentStore.getState().finishWithOutcome(result.value, { profile: { id: target.id, name: target.name, environment: target.environment }, method: 'card', phone: null });
      return;
    }
    // A refusal decided before any card processing leaves the card for the agent to correct; any other answer clears it.
    if (!cardWasNotProcessed(result.error)) clearCardInputs();
    newPaymentStore.getState().finishWithError(result.error);
    const fieldErrors: MotoFieldErrors = {};
    for (const [path, message] of Object.entries(result.error.fields ?? {})) {
      const field = fieldForContractPath(path);
      if (field && fieldErrors[field] === undefined) fieldErrors[field] = message;
    }
    setErrors(fieldErrors);
    const firstProblem = MOTO_FIELDS.find((field) => fieldErrors[field] !== undefined);
    // The core's word on the plan is in the error notice; the focus goes to the plan it is about.
    const aboutPlan = Object.keys(result.error.fields ?? {}).some((path) => path.startsWith('installments'));
    if (!firstProblem && aboutPlan && plan) focusPlanProblem([]);
    else focusField(firstProblem ?? 'cardNumber');
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    clearAll();
    newPaymentStore.getState().dismissOutcome();
    focusField('amount');
  }

  const cancelConfirmation = useCallback(() => setConfirmation(null), []);

  function confirmProduction() {
    setConfirmation(null);
    if (profile) void send(profile);
  }

  const described = (field: MotoField, hintId?: string) => {
    const ids = [errors[field] ? `${FIELD_IDS[field]}-error` : null, hintId ?? null].filter(Boolean).join(' ');
    return {
      id: FIELD_IDS[field],
      name: FIELD_IDS[field],
      'data-testid': FIELD_IDS[field],
      'aria-invalid': errors[field] !== undefined,
      'aria-describedby': ids || undefined,
      onBlur: () => onBlur(field),
    };
  };

  const fieldError = (field: MotoField) =>
    errors[field] ? (
      <span id={`${FIELD_IDS[field]}-error`} className="field-error">
        {errors[field]}
      </span>
    ) : null;

  const disabled = profile === null;

  return (
    <>
      <form ref={formRef} className="moto-form panel" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate autoComplete="off" aria-describedby="moto-hint">
        <p id="moto-hint" className="hint">
          {t('moto.hint')}
        </p>
        {clearedForIdle && (
          <p className="notice" role="status">
            {t('moto.clearedIdle')}
          </p>
        )}
        <fieldset disabled={disabled} className="moto-grid">
          <div className="field">
            <label htmlFor="moto-amount">{t('moto.amount')}</label>
            <input
              {...described('amount')}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              autoFocus
              onInput={() => {
                revalidate('amount', false);
                resplitUntouchedPlan();
              }}
            />
            {fieldError('amount')}
          </div>
          <div className="field field-narrow">
            <label htmlFor="moto-currency">{t('moto.currency')}</label>
            <select
              {...described('currency')}
              defaultValue={DEFAULT_CURRENCY}
              onChange={() => {
                revalidate('amount', false);
                resplitUntouchedPlan();
              }}
            >
              {CURRENCY_CODES.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
            {fieldError('currency')}
          </div>
          <div className="field field-wide">
            <label htmlFor="moto-reference">{t('moto.reference')}</label>
            <input {...described('reference', 'moto-reference-hint')} type="text" maxLength={MERCHANT_REFERENCE_MAX_LENGTH} autoComplete="off" spellCheck={false} onInput={() => revalidate('reference', false)} />
            <ReferenceHint id="moto-reference-hint" field={referenceField} testId="moto-reference-rule" />
            {fieldError('reference')}
          </div>

          <div className="field field-wide">
            <label htmlFor="moto-card-number">{t('moto.cardNumber')}</label>
            <div className="card-number-row">
              <input
                {...described('cardNumber', 'moto-card-feedback')}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                spellCheck={false}
                maxLength={23}
                className={`card-number pan-${panProgress}`}
                onInput={(event) => onCardNumberInput(event.currentTarget)}
              />
              <span className={`brand-mark brand-${brand}`} aria-hidden="true">
                {brand === 'unknown' ? '' : CARD_BRAND_NAMES[brand]}
              </span>
            </div>
            <span id="moto-card-feedback" className="hint" data-testid="moto-card-feedback" data-brand={brand} data-pan={panProgress}>
              {brand === 'unknown' ? t('moto.brandUnknown') : t('moto.brand', { brand: CARD_BRAND_NAMES[brand] })}
              {panProgress === 'valid' && ` · ${t('moto.luhnOk')}`}
              {panProgress === 'invalid' && ` · ${t('moto.luhnBad')}`}
            </span>
            {fieldError('cardNumber')}
          </div>
          <div className="field field-narrow">
            <label htmlFor="moto-expiry">{t('moto.expiry')}</label>
            <input
              {...described('expiry')}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              placeholder="MM/YY"
              maxLength={5}
              onInput={(event) => {
                reformat(event.currentTarget, formatExpiryInput);
                revalidate('expiry', event.currentTarget.value.length === 5);
              }}
            />
            {fieldError('expiry')}
          </div>
          <div className="field field-narrow">
            <label htmlFor="moto-cvv">{t('moto.cvv')}</label>
            <input
              {...described('cvv', 'moto-cvv-hint')}
              type="text"
              className="secret"
              inputMode="numeric"
              autoComplete="off"
              maxLength={cvvLength}
              onInput={(event) => {
                const input = event.currentTarget;
                const digits = input.value.replace(/\D/g, '').slice(0, cvvLength);
                if (digits !== input.value) input.value = digits;
                revalidate('cvv', false);
              }}
            />
            <span id="moto-cvv-hint" className="hint">
              {t('moto.cvvLength', { length: cvvLength })}
            </span>
            {fieldError('cvv')}
          </div>
          <div className="field field-wide">
            <label htmlFor="moto-holder">{t('moto.holder')}</label>
            <input {...described('holder')} type="text" maxLength={maxLengthOf(cardInputSchema.shape.holder)} autoComplete="off" spellCheck={false} onInput={() => revalidate('holder', false)} />
            {fieldError('holder')}
          </div>
          <div className="field">
            <label htmlFor="moto-email">{t('moto.email')}</label>
            <input {...described('email')} type="email" maxLength={maxLengthOf(customerEmailSchema)} autoComplete="off" spellCheck={false} onInput={() => revalidate('email', false)} />
            {fieldError('email')}
          </div>
          <div className="field">
            <label htmlFor="moto-phone">{t('moto.phone')}</label>
            <input {...described('phone')} type="tel" maxLength={maxLengthOf(customerPhoneSchema)} autoComplete="off" onInput={() => revalidate('phone', false)} />
            {fieldError('phone')}
          </div>

          <fieldset className="kind-toggle">
            <legend>{t('moto.kind')}</legend>
            <label className="radio">
              <input type="radio" name="moto-kind" id="moto-kind-sale" value="sale" defaultChecked data-testid="moto-kind-sale" />
              {t('moto.kindSale')}
            </label>
            <label className="radio">
              <input type="radio" name="moto-kind" id="moto-kind-auth" value="auth" data-testid="moto-kind-auth" />
              {t('moto.kindAuth')}
            </label>
          </fieldset>
          <label className="checkbox store-card">
            <input type="checkbox" name="moto-store-card" id="moto-store-card" data-testid="moto-store-card" />
            {t('moto.storeCard')}
          </label>
          {installmentsOffered && (
            <label className="checkbox store-card">
              <input
                type="checkbox"
                name="moto-installments"
                checked={plan !== null}
                onChange={(event) => togglePlan(event.target.checked)}
                data-testid="moto-installments-toggle"
              />
              {t('installments.toggle')}
            </label>
          )}
          {plan && (
            <InstallmentPlan
              rows={plan.rows}
              currency={plan.currency}
              problems={planProblems}
              onCountChange={(count) => {
                setPlanState(proposePlan(count));
                setPlanProblems([]);
              }}
              onSplitEvenly={() => {
                setPlanState(proposePlan(plan.rows.length));
                setPlanProblems([]);
              }}
              onRowChange={changePlanRow}
            />
          )}
        </fieldset>

        <ErrorNotice error={submitError} testId="moto-error" />

        <SlowCallNotice since={submittedAt} />
        <div className="button-row">
          <button type="submit" className="primary" data-testid="moto-submit" disabled={disabled || submitting}>
            {submitting ? t('moto.submitting') : t('moto.submit')}
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
        open={confirmation !== null}
        title={confirmation?.repeatMinutesAgo != null ? t('moto.repeat.title') : t('action.confirmTitle')}
        body={confirmation?.repeatMinutesAgo != null ? t('moto.repeat.body', { minutes: confirmation.repeatMinutesAgo }) : t('action.confirmBody')}
        confirmLabel={confirmation?.repeatMinutesAgo != null ? t('moto.repeat.confirm') : t('moto.submit')}
        lines={
          confirmation && profile
            ? [
                { label: t('action.confirmOperation'), value: t('moto.title') },
                { label: t('action.confirmAmount'), value: <Amount amount={confirmation.amount} currency={confirmation.currency} /> },
                { label: t('action.confirmPayment'), value: confirmation.reference || t('moto.confirmNewPayment') },
                ...(confirmation.installments !== null ? [{ label: t('installments.title'), value: t('installments.confirmCount', { count: confirmation.installments }) }] : []),
                { label: t('action.confirmProfile'), value: `${profile.name} (${t(`environment.${profile.environment}`)})` },
              ]
            : []
        }
        onConfirm={confirmProduction}
        onCancel={cancelConfirmation}
      />
    </>
  );
}
