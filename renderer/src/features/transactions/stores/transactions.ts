import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { createTransactionsStore, type TransactionsState } from './transactions-store.ts';

export const transactionsStore = createTransactionsStore(call);

export function useTransactions<T>(selector: (state: TransactionsState) => T): T {
  return useStore(transactionsStore, selector);
}
