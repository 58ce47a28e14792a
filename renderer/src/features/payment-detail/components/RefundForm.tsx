import { useId, useState, type FormEvent } from 'react';
import type { PaymentSummary } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { cardNumberInTextProblem, MAX_REASON_LENGTH, reasonProblem } from '../../../format/free-text.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { paymentDetailStore } from '../stores/payment-detail.ts';
import { checkRefundAmount, refundAmountIsFixed, type RefundPolicy } from '../utils/refund-policy.ts';
import type { PendingConfirmation } from './PaymentActions.tsx';

/**
 * Refund all or part of what was captured. Where the gateway refunds in full only, the amount is
 * the refundable amount, shown but not editable, with the gateway's reason next to it.
 */
export function RefundForm(props: {
  payment: PaymentSummary;
  policy: RefundPolicy;
  busy: boolean;
  inFlight: boolean;
  onSubmit: (request: PendingConfirmation) => void;
  onClose: () => void;
}) {
  const t = useT();
  const id = useId();
  const { payment } = props;
  // What the operator saw when the form opened is what the core re-checks against.
  const [expectedRefundable] = useState(payment.refundable);
  const [amount, setAmount] = useState(payment.refundable);
  const fixed = refundAmountIsFixed(props.policy);
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
    const checked = checkRefundAmount(amount, payment.currency, expectedRefundable, props.policy);
    const trimmedReason = reason.trim();
    const next = { amount: !checked.ok, reason: reasonProblem(trimmedReason, t) };
    setProblems(next);
    if (!checked.ok || next.reason !== null) return;
    props.onSubmit({
      action: 'refund',
      amount: checked.amount,
      run: () => paymentDetailStore.getState().refund(checked.amount, expectedRefundable, trimmedReason),
      onDone: props.onClose,
    });
  }

  return (
    <form className="action-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('action.refundTitle')}</h3>
      <label className="field">
        <span>
          {t('action.refundAmount')} ({payment.currency})
        </span>
        <input
          data-testid="refund-amount"
          inputMode="decimal"
          autoComplete="off"
          value={fixed ? expectedRefundable : amount}
          readOnly={fixed}
          onChange={(event) => setAmount(event.target.value)}
          aria-invalid={problems.amount}
          aria-describedby={fixed ? `${id}-amount-hint ${id}-policy` : `${id}-amount-hint`}
          autoFocus={!fixed}
        />
      </label>
      {fixed && (
        <p id={`${id}-policy`} className="notice refund-policy-note" data-testid="refund-policy-note">
          {t('action.refundFullOnly')}
          {props.policy.note ? ` ${props.policy.note}` : ''}
        </p>
      )}
      <p id={`${id}-amount-hint`} className={problems.amount ? 'field-error' : 'hint'}>
        {problems.amount ? (
          t('action.amountInvalid', { amount: expectedRefundable })
        ) : (
          <>
            {t('detail.refundable')}: <Amount amount={expectedRefundable} currency={payment.currency} />
          </>
        )}
      </p>
      <label className="field">
        <span>{t('action.refundReason')}</span>
        <input
          data-testid="refund-reason"
          value={reason}
          maxLength={MAX_REASON_LENGTH}
          required
          autoFocus={fixed}
          onChange={(event) => changeReason(event.target.value)}
          aria-invalid={problems.reason !== null}
          aria-describedby={problems.reason !== null ? `${id}-reason-error` : undefined}
        />
      </label>
      {problems.reason !== null && (
        <p id={`${id}-reason-error`} className="field-error" data-testid="refund-reason-error">
          {problems.reason}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="primary" data-testid="refund-submit" disabled={props.busy}>
          {props.inFlight ? t('action.inFlight') : t('action.refundSubmit')}
        </button>
        <button type="button" onClick={props.onClose} disabled={props.inFlight}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
