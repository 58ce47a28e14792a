import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { createReconciliationStore, type ReconciliationState } from './reconciliation-store.ts';

export const reconciliationStore = createReconciliationStore(call);

export function useReconciliation<T>(selector: (state: ReconciliationState) => T): T {
  return useStore(reconciliationStore, selector);
}
