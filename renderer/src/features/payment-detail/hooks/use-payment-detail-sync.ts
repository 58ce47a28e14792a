import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { call, subscribe } from '../../../api/client.ts';
import { errorShapeOf } from '../../../queries/channel-query.ts';
import { paymentDetailQuery, summaryChangedInCache } from '../queries/payment-detail-queries.ts';
import { paymentDetailStore } from '../stores/payment-detail.ts';

/** The payment the page shows, as last read. */
export function usePaymentDetailAnswer(paymentId: string) {
  const detail = useQuery(paymentDetailQuery(call, paymentId));
  return { detail: detail.data ?? null, loading: detail.isPending, error: errorShapeOf(detail.error) };
}

/**
 * Keeps the payment current whenever the core says it changed (poller, webhook, another operator):
 * the event's summary shows at once; the time line and the allowed actions, which the summary does
 * not carry, follow when the payment is read again.
 */
export function usePaymentDetailSync(paymentId: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    paymentDetailStore.getState().open(paymentId);
    return subscribe('payment:changed', (event) => {
      if (event.paymentId !== paymentId) return;
      summaryChangedInCache(queryClient, event.summary);
      // The operation in flight reads the payment again when it completes; reading under it would race its own answer.
      if (paymentDetailStore.getState().inFlight !== null) return;
      void queryClient.invalidateQueries({ queryKey: paymentDetailQuery(call, paymentId).queryKey, exact: true });
    });
  }, [paymentId, queryClient]);
}
