import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { workspaceStore } from '../../../stores/workspace.ts';
import { createTransactionsStore, type TransactionsState } from './transactions-store.ts';

export const transactionsStore = createTransactionsStore(call, () => workspaceStore.getState().gateways.map((gateway) => gateway.id));

export function useTransactions<T>(selector: (state: TransactionsState) => T): T {
  return useStore(transactionsStore, selector);
}
