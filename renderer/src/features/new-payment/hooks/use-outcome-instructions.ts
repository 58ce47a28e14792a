import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { loadPayment } from '../api/async-payments.ts';
import { newPaymentStore } from '../stores/new-payment.ts';

/**
 * A Multibanco or bank-transfer outcome names the payment; the reference or account to read out
 * is read from the payment itself, again when it changes while it is still missing (the
 * gateway's answer may land after the outcome).
 */
export function useOutcomeInstructions(paymentId: string | null, wanted: boolean): void {
  useEffect(() => {
    if (!paymentId || !wanted) return;
    let live = true;
    const fetchInstructions = async () => {
      const result = await loadPayment(paymentId);
      if (!live) return;
      if (result.ok) newPaymentStore.getState().instructionsLoaded(paymentId, result.value.payment.instructions, null);
      else newPaymentStore.getState().instructionsLoaded(paymentId, null, result.error);
    };
    void fetchInstructions();
    const unsubscribe = subscribe('payment:changed', (event) => {
      if (event.paymentId === paymentId && newPaymentStore.getState().instructions === null) void fetchInstructions();
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [paymentId, wanted]);
}
