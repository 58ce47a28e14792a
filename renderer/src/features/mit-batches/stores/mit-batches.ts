import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { consoleQueryClient } from '../../../queries/query-client.ts';
import { mitBatchCacheOf } from '../queries/mit-batch-queries.ts';
import { createMitBatchStore, type MitBatchState } from './mit-batch-store.ts';

export const mitBatchStore = createMitBatchStore(call, mitBatchCacheOf(consoleQueryClient));

export function useMitBatches<T>(selector: (state: MitBatchState) => T): T {
  return useStore(mitBatchStore, selector);
}
