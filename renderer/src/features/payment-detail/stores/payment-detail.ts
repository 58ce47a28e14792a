import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { consoleQueryClient } from '../../../queries/query-client.ts';
import { detailCacheOf } from '../queries/payment-detail-queries.ts';
import { createPaymentDetailStore, type PaymentDetailState } from './payment-detail-store.ts';

export const paymentDetailStore = createPaymentDetailStore(call, detailCacheOf(consoleQueryClient));

export function usePaymentDetail<T>(selector: (state: PaymentDetailState) => T): T {
  return useStore(paymentDetailStore, selector);
}
