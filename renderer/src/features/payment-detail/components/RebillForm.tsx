import { useId, useState, type FormEvent } from 'react';
import type { PaymentSummary } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { cardNumberInTextProblem, MAX_REASON_LENGTH, reasonProblem } from '../../../format/free-text.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { hasChargedBack } from '../stores/payment-detail-store.ts';
import { paymentDetailStore } from '../stores/payment-detail.ts';
import { checkOperationAmount } from '../utils/operation-amount.ts';
import type { PendingConfirmation } from './PaymentActions.tsx';

/**
 * A rebill debits the card again without the customer present, so it is capped at the original
 * sale (a typo cannot charge ten times over) and, after a chargeback, starts from what was taken back.
 */
export function RebillForm(props: {
  payment: PaymentSummary;
  busy: boolean;
  inFlight: boolean;
  onSubmit: (request: PendingConfirmation) => void;
  onClose: () => void;
}) {
  const t = useT();
  const id = useId();
  const { payment } = props;
  const [amount, setAmount] = useState(hasChargedBack(payment) ? payment.chargedBack : '');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ amount: boolean; reason: string | null }>({ amount: false, reason: null });

  /** A card number is pointed out as it is typed; a problem already shown is re-checked. */
  function changeReason(typed: string) {
    setReason(typed);
    const misplaced = cardNumberInTextProblem(typed, t);
    setProblems((current) => ({ ...current, reason: misplaced ?? (current.reason === null ? null : reasonProblem(typed, t)) }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (props.busy) return;
    const checked = checkOperationAmount(amount, payment.currency, payment.amount);
    const trimmedReason = reason.trim();
    const next = { amount: !checked.ok, reason: reasonProblem(trimmedReason, t) };
    setProblems(next);
    if (!checked.ok || next.reason !== null) return;
    props.onSubmit({
      action: 'rebill',
      amount: checked.amount,
      run: () => paymentDetailStore.getState().rebill(checked.amount, trimmedReason),
      onDone: props.onClose,
    });
  }

  return (
    <form className="action-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate data-testid="rebill-form">
      <h3 id={`${id}-title`}>{t('action.rebillTitle')}</h3>
      <label className="field">
        <span>
          {t('action.rebillAmount')} ({payment.currency})
        </span>
        <input
          data-testid="rebill-amount"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          aria-invalid={problems.amount}
          aria-describedby={`${id}-amount-hint`}
          autoFocus
        />
      </label>
      <p id={`${id}-amount-hint`} className={problems.amount ? 'field-error' : 'hint'}>
        {problems.amount ? (
          t('action.amountInvalid', { amount: payment.amount })
        ) : (
          <>
            {t('action.rebillLimit')}: <Amount amount={payment.amount} currency={payment.currency} />
            {hasChargedBack(payment) && (
              <>
                {' · '}
                {t('detail.chargedBack')}: <Amount amount={payment.chargedBack} currency={payment.currency} />
              </>
            )}
          </>
        )}
      </p>
      <label className="field">
        <span>{t('action.rebillReason')}</span>
        <input
          data-testid="rebill-reason"
          value={reason}
          maxLength={MAX_REASON_LENGTH}
          required
          onChange={(event) => changeReason(event.target.value)}
          aria-invalid={problems.reason !== null}
          aria-describedby={problems.reason !== null ? `${id}-reason-error` : undefined}
        />
      </label>
      {problems.reason !== null && (
        <p id={`${id}-reason-error`} className="field-error" data-testid="rebill-reason-error">
          {problems.reason}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="primary" data-testid="rebill-submit" disabled={props.busy}>
          {props.inFlight ? t('action.inFlight') : t('action.rebillSubmit')}
        </button>
        <button type="button" onClick={props.onClose} disabled={props.inFlight}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
