import { useStore } from 'zustand';
import { createApprovalsStore, type ApprovalsState } from './approvals-store.ts';

export const approvalsStore = createApprovalsStore();

export function useApprovals<T>(selector: (state: ApprovalsState) => T): T {
  return useStore(approvalsStore, selector);
}
