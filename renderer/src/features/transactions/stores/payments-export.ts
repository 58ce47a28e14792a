import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { createPaymentsExportStore, type PaymentsExportState } from './payments-export-store.ts';

export const paymentsExportStore = createPaymentsExportStore(call);

export function usePaymentsExport<T>(selector: (state: PaymentsExportState) => T): T {
  return useStore(paymentsExportStore, selector);
}
