import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { consoleQueryClient } from '../../../queries/query-client.ts';
import { createStatusQueueStore, type StatusQueueState } from './status-queue-store.ts';

export const statusQueueStore = createStatusQueueStore(call, () => consoleQueryClient.invalidateQueries({ queryKey: ['poller:queue'] }));

export function useStatusQueue<T>(selector: (state: StatusQueueState) => T): T {
  return useStore(statusQueueStore, selector);
}
