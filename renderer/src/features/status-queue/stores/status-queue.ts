import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { createStatusQueueStore, type StatusQueueState } from './status-queue-store.ts';

export const statusQueueStore = createStatusQueueStore(call);

export function useStatusQueue<T>(selector: (state: StatusQueueState) => T): T {
  return useStore(statusQueueStore, selector);
}
