import { useId, useState, type FormEvent } from 'react';
import { useT } from '../i18n/locale-store.ts';
import { checkOtp, OTP_MAX_DIGITS, OTP_MIN_DIGITS, otpInputValue } from '../format/otp.ts';

/**
 * The gateway sent the customer a one-time password; the agent types what the customer reads out
 * and the payment continues with it (`submitOtp`, which calls `done` once it went through). The
 * code is kept only until it is sent. On the payment page and on a new payment's outcome.
 */
export function OtpForm(props: { message: string | null; busy: boolean; inFlight: boolean; submitOtp: (otp: string, done: () => void) => void }) {
  const t = useT();
  const id = useId();
  const [otp, setOtp] = useState('');
  const [invalid, setInvalid] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (props.busy) return;
    const checked = checkOtp(otp);
    setInvalid(!checked.ok);
    if (!checked.ok) return;
    props.submitOtp(checked.otp, () => setOtp(''));
  }

  return (
    <form className="action-form otp-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate data-testid="otp-form">
      <h3 id={`${id}-title`}>{t('otp.title')}</h3>
      {props.message && <p>{props.message}</p>}
      <label className="field">
        <span>{t('otp.label')}</span>
        <input
          data-testid="otp-input"
          className="otp-input"
          inputMode="numeric"
          autoComplete="one-time-code"
          spellCheck={false}
          maxLength={OTP_MAX_DIGITS}
          value={otp}
          onChange={(event) => {
            setOtp(otpInputValue(event.target.value));
            if (invalid) setInvalid(!checkOtp(otpInputValue(event.target.value)).ok);
          }}
          aria-invalid={invalid}
          aria-describedby={`${id}-hint`}
          autoFocus
        />
      </label>
      <p id={`${id}-hint`} className={invalid ? 'field-error' : 'hint'}>
        {t(invalid ? 'otp.invalid' : 'otp.hint', { min: OTP_MIN_DIGITS, max: OTP_MAX_DIGITS })}
      </p>
      <div className="button-row">
        <button type="submit" className="primary" data-testid="otp-submit" disabled={props.busy}>
          {props.inFlight ? t('action.inFlight') : t('otp.submit')}
        </button>
      </div>
    </form>
  );
}
