import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { createPaymentDetailStore, type PaymentDetailState } from './payment-detail-store.ts';

export const paymentDetailStore = createPaymentDetailStore(call);

export function usePaymentDetail<T>(selector: (state: PaymentDetailState) => T): T {
  return useStore(paymentDetailStore, selector);
}
