import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { newPaymentStore } from '../stores/new-payment.ts';

/** While an outcome is on screen, follow the payment until it settles (the core polls the gateway). */
export function useOutcomeUpdates(): void {
  useEffect(
    () =>
      subscribe('payment:changed', (event) => {
        newPaymentStore.getState().paymentStatusChanged(event.paymentId, event.status);
      }),
    [],
  );
}
