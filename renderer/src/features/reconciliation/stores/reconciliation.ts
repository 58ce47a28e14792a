import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { consoleQueryClient } from '../../../queries/query-client.ts';
import { reconCacheOf } from '../queries/recon-queries.ts';
import { createReconciliationStore, type ReconciliationState } from './reconciliation-store.ts';

export const reconciliationStore = createReconciliationStore(call, reconCacheOf(consoleQueryClient));

export function useReconciliation<T>(selector: (state: ReconciliationState) => T): T {
  return useStore(reconciliationStore, selector);
}
