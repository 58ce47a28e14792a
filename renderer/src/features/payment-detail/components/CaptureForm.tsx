import { useId, useState, type FormEvent } from 'react';
import type { PaymentSummary } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { paymentDetailStore } from '../stores/payment-detail.ts';
import { checkOperationAmount } from '../utils/operation-amount.ts';
import type { PendingConfirmation } from './PaymentActions.tsx';

export function CaptureForm(props: {
  payment: PaymentSummary;
  busy: boolean;
  inFlight: boolean;
  onSubmit: (request: PendingConfirmation) => void;
  onClose: () => void;
}) {
  const t = useT();
  const id = useId();
  const { payment } = props;
  const singleCapture = useWorkspace((state) => selectGateway(state, payment.gatewayId)?.singleCapture === true);
  // What the operator saw when the form opened is what the core re-checks against.
  const [expectedCapturable] = useState(payment.capturable);
  const [amount, setAmount] = useState(payment.capturable);
  const [invalid, setInvalid] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (props.busy) return;
    const checked = checkOperationAmount(amount, payment.currency, expectedCapturable);
    if (!checked.ok) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    props.onSubmit({
      action: 'capture',
      amount: checked.amount,
      run: () => paymentDetailStore.getState().capture(checked.amount, expectedCapturable),
      onDone: props.onClose,
    });
  }

  return (
    <form className="action-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('action.captureTitle')}</h3>
      <label className="field">
        <span>
          {t('action.captureAmount')} ({payment.currency})
        </span>
        <input
          data-testid="capture-amount"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          aria-invalid={invalid}
          aria-describedby={`${id}-hint`}
          autoFocus
        />
      </label>
      <p id={`${id}-hint`} className={invalid ? 'field-error' : 'hint'}>
        {invalid ? (
          t('action.amountInvalid', { amount: expectedCapturable })
        ) : (
          <>
            {t('detail.capturable')}: <Amount amount={expectedCapturable} currency={payment.currency} />
          </>
        )}
      </p>
      {singleCapture && (
        <p className="notice" data-testid="capture-single-note">
          {t('action.captureReleasesRest')}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="primary" data-testid="capture-submit" disabled={props.busy}>
          {props.inFlight ? t('action.inFlight') : t('action.captureSubmit')}
        </button>
        <button type="button" onClick={props.onClose} disabled={props.inFlight}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
