import { useEffect, useRef } from 'react';
import type { OperationOutcome } from '../../../../../shared/ipc/contract.ts';
import { PendingActionDetails } from '../../../components/PendingActionDetails.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { paymentHref } from '../../../routing/route.ts';
import { newPaymentStore } from '../stores/new-payment.ts';
import { classifyOutcome } from '../utils/moto-form.ts';

export function OutcomePanel({ outcome }: { outcome: OperationOutcome }) {
  const t = useT();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const outcomeClass = classifyOutcome(outcome);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className={`panel outcome outcome-${outcomeClass}`} data-testid="moto-outcome" data-status={outcome.paymentStatus} data-outcome={outcomeClass} aria-live="polite">
      <h2 ref={headingRef} tabIndex={-1}>
        {t(`moto.outcome.${outcomeClass}`)}
      </h2>
      <p>
        {t('moto.outcome.status')}{' '}
        <StatusBadge status={outcome.paymentStatus} />
      </p>
      {(outcome.gatewayCode || outcome.gatewayMessage) && (
        <p>{t('moto.outcome.gateway', { code: outcome.gatewayCode ?? '', message: outcome.gatewayMessage ?? '' })}</p>
      )}
      {outcome.pendingAction && (
        <>
          <p>{t('moto.outcome.actionHelp')}</p>
          <PendingActionDetails action={outcome.pendingAction} />
        </>
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
