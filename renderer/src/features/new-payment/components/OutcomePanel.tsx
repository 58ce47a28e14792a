import { useEffect, useRef } from 'react';
import type { OperationOutcome } from '../../../../../shared/ipc/contract.ts';
import { CardholderStepNotice } from '../../../components/CardholderStepNotice.tsx';
import { EnvironmentTag } from '../../../components/EnvironmentTag.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { OtpForm } from '../../../components/OtpForm.tsx';
import { isOtpAction } from '../../../format/otp.ts';
import { continuePaymentWithOtp } from '../api/continue-payment.ts';
import { PaymentInstructions } from '../../../components/PaymentInstructions.tsx';
import { PendingActionDetails } from '../../../components/PendingActionDetails.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { paymentHref } from '../../../routing/route.ts';
import { useOutcomeInstructions } from '../hooks/use-outcome-instructions.ts';
import { newPaymentStore, useNewPayment } from '../stores/new-payment.ts';
import type { OutcomeContext } from '../stores/new-payment-store.ts';
import { methodHasInstructions, outcomeHeadingKey } from '../utils/async-payment-form.ts';
import { classifyOutcome } from '../utils/moto-form.ts';
import { phoneForPeople } from '../../../format/phone-format.ts';

/** `activeProfileId`: the profile now chosen in the top bar, which may no longer be the outcome's. */
export function OutcomePanel({ outcome, context, activeProfileId }: { outcome: OperationOutcome; context: OutcomeContext; activeProfileId: string | null }) {
  const t = useT();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { method, phone, profile } = context;
  const outcomeClass = classifyOutcome(outcome);
  const instructions = useNewPayment((state) => state.instructions);
  const instructionsError = useNewPayment((state) => state.instructionsError);
  const showsInstructions = methodHasInstructions(method);
  useOutcomeInstructions(outcome.paymentId, showsInstructions);

  const continuing = useNewPayment((state) => state.continuing);
  const continueError = useNewPayment((state) => state.continueError);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section
      className={`panel outcome outcome-${outcomeClass}`}
      data-testid="moto-outcome"
      data-status={outcome.paymentStatus}
      data-outcome={outcomeClass}
      data-method={method}
      data-profile={profile.id}
      aria-live="polite"
    >
      <h2 ref={headingRef} tabIndex={-1}>
        {t(outcomeHeadingKey(method, outcome, `moto.outcome.${outcomeClass}`))}
      </h2>
      <p data-testid="outcome-profile">
        {t('moto.outcome.profile', { profile: profile.name })} <EnvironmentTag environment={profile.environment} />
      </p>
      {activeProfileId !== profile.id && (
        <p className="notice" role="status" data-testid="outcome-other-profile">
          {t('moto.outcome.otherProfile', { profile: profile.name })}
        </p>
      )}
      {method === 'mbway' && phone && <p data-testid="mbway-outcome-phone">{t('mbway.outcome.sentTo', { phone: phoneForPeople(phone) })}</p>}
      <p>
        {t('moto.outcome.status')} <StatusBadge status={outcome.paymentStatus} testId="outcome-status" />
      </p>
      {(outcome.gatewayCode || outcome.gatewayMessage) && (
        <p>{t('moto.outcome.gateway', { code: outcome.gatewayCode ?? '', message: outcome.gatewayMessage ?? '' })}</p>
      )}
      {showsInstructions &&
        (instructions ? (
          <>
            <p>{t('multibanco.outcome.readOut')}</p>
            <PaymentInstructions instructions={instructions} />
          </>
        ) : instructionsError ? (
          <ErrorNotice error={instructionsError} testId={method === 'multibanco' ? 'multibanco-instructions-error' : `${method}-instructions-error`} />
        ) : (
          <p role="status">{t(method === 'multibanco' ? 'multibanco.outcome.loading' : method === 'ussd' ? 'ussd.outcome.loading' : 'bankTransfer.outcome.loading')}</p>
        ))}
      {outcome.pendingAction && outcome.paymentStatus === 'requires_action' && isOtpAction(outcome.pendingAction) ? (
        // The customer reads the code out while still on the phone: it is entered here, not on another screen.
        <div className="notice continue-action" data-testid="outcome-otp">
          <OtpForm message={outcome.pendingAction.message ?? null} busy={continuing} inFlight={continuing} submitOtp={(otp, done) => void sendOtp(outcome.paymentId, otp, done)} />
          {continueError && <ErrorNotice error={continueError} testId="outcome-otp-error" />}
        </div>
      ) : (
        outcome.pendingAction &&
        (method === 'card' ? (
          <CardholderStepNotice action={outcome.pendingAction} />
        ) : (
          <>
            <p>{t('moto.outcome.actionHelp')}</p>
            <PendingActionDetails action={outcome.pendingAction} />
          </>
        ))
      )}
      <div className="button-row">
        <a className="button" href={paymentHref(outcome.paymentId)} data-testid="moto-outcome-link">
          {t('moto.outcome.open')}
        </a>
        <button type="button" className="primary" onClick={() => newPaymentStore.getState().dismissOutcome()} data-testid="moto-new">
          {t('moto.outcome.another')}
        </button>
      </div>
    </section>
  );
}

async function sendOtp(paymentId: string, otp: string, done: () => void): Promise<void> {
  const store = newPaymentStore.getState();
  if (!store.startContinue()) return;
  const result = await continuePaymentWithOtp(paymentId, otp);
  newPaymentStore.getState().finishContinue(result);
  if (result.ok) done();
}
