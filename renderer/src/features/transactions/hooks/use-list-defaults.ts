import { useEffect } from 'react';
import { selectActiveProfile } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { transactionsStore } from '../stores/transactions.ts';

/** Under a production profile the list shows production payments until the operator asks for others. */
export function useProfileEnvironment(): void {
  const environment = useWorkspace((state) => selectActiveProfile(state)?.environment ?? null);
  useEffect(() => transactionsStore.getState().followProfileEnvironment(environment), [environment]);
}

/** Reads the saved views when the list first shows; the pinned one opens then, once. */
export function useSavedViews(): void {
  useEffect(() => void transactionsStore.getState().loadViews(), []);
}
