import { useStore } from 'zustand';
import { createNewPaymentStore, type NewPaymentState } from './new-payment-store.ts';

export const newPaymentStore = createNewPaymentStore();

export function useNewPayment<T>(selector: (state: NewPaymentState) => T): T {
  return useStore(newPaymentStore, selector);
}
