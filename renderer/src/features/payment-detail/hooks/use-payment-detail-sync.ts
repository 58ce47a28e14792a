import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { paymentDetailStore } from '../stores/payment-detail.ts';

/**
 * Loads the payment and keeps it current whenever the core says it changed (poller, webhook,
 * another operator): the event's summary shows at once; the time line and the allowed actions,
 * which the summary does not carry, follow with a reload.
 */
export function usePaymentDetailSync(paymentId: string): void {
  useEffect(() => {
    void paymentDetailStore.getState().load(paymentId);
    return subscribe('payment:changed', (event) => {
      if (event.paymentId !== paymentId) return;
      paymentDetailStore.getState().summaryChanged(event.summary);
      // The operation in flight reloads when it completes; reloading under it would race its own answer.
      if (paymentDetailStore.getState().inFlight !== null) return;
      void paymentDetailStore.getState().reload();
    });
  }, [paymentId]);
}
