import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { routeHref } from '../../../routing/route.ts';
import { usePaymentDetailAnswer, usePaymentDetailSync } from '../hooks/use-payment-detail-sync.ts';
import { PaymentActions } from './PaymentActions.tsx';
import { PaymentSummaryPanel } from './PaymentSummaryPanel.tsx';
import { Timeline } from './Timeline.tsx';
import { WireLog } from './WireLog.tsx';

export function PaymentDetailScreen({ paymentId }: { paymentId: string }) {
  const t = useT();
  usePaymentDetailSync(paymentId);
  const { detail, loading, error } = usePaymentDetailAnswer(paymentId);

  return (
    <section className="payment-detail" aria-labelledby="payment-title">
      <p>
        <a href={routeHref({ name: 'transactions' })}>← {t('detail.back')}</a>
      </p>
      <h1 id="payment-title">{t('detail.title', { id: paymentId })}</h1>
      {loading && <p role="status">{t('common.loading')}</p>}
      {error && error.kind === 'not_found' ? <p className="notice">{t('detail.notFound')}</p> : <ErrorNotice error={error} testId="detail-error" />}
      {detail && (
        <>
          <PaymentSummaryPanel payment={detail.payment} />
          <PaymentActions detail={detail} />
          <Timeline detail={detail} />
          <WireLog detail={detail} />
        </>
      )}
    </section>
  );
}
