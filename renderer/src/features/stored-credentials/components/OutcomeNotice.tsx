import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { paymentHref } from '../../../routing/route.ts';
import type { StoredOutcome } from '../stores/stored-credentials-store.ts';

/** The payment a charge or collection created, with its live status and a way to open it. */
export function OutcomeNotice({ result, testId }: { result: StoredOutcome; testId: string }) {
  const t = useT();
  const { outcome } = result;
  return (
    <div className={`notice outcome-${outcome.state}`} role="status" data-testid={testId} data-status={outcome.paymentStatus} data-payment-id={outcome.paymentId}>
      <p>
        {t(result.operation === 'charge' ? 'stored.mit.outcome' : 'stored.collect.outcome')} <StatusBadge status={outcome.paymentStatus} />
        {outcome.gatewayCode || outcome.gatewayMessage ? ` — ${`${outcome.gatewayCode ?? ''} ${outcome.gatewayMessage ?? ''}`.trim()}` : ''}
      </p>
      <p>
        <a href={paymentHref(outcome.paymentId)} data-testid={`${testId}-link`}>
          {t('moto.outcome.open')}
        </a>
      </p>
    </div>
  );
}
