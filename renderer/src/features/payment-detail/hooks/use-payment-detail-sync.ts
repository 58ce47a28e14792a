import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { paymentDetailStore } from '../stores/payment-detail.ts';

/** Loads the payment and reloads it whenever the core says it changed (poller, webhook, another operator). */
export function usePaymentDetailSync(paymentId: string): void {
  useEffect(() => {
    void paymentDetailStore.getState().load(paymentId);
    return subscribe('payment:changed', (event) => {
      if (event.paymentId !== paymentId) return;
      // The operation in flight reloads when it completes; reloading under it would race its own answer.
      if (paymentDetailStore.getState().inFlight !== null) return;
      void paymentDetailStore.getState().reload();
    });
  }, [paymentId]);
}
