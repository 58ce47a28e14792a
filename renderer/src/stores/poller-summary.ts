import { useEffect } from 'react';
import { useStore } from 'zustand';
import { call, subscribe } from '../api/client.ts';
import { createPollerSummaryStore, type PollerSummaryState } from './poller-summary-store.ts';

export const pollerSummaryStore = createPollerSummaryStore(call);

export function usePollerSummary<T>(selector: (state: PollerSummaryState) => T): T {
  return useStore(pollerSummaryStore, selector);
}

/**
 * Keeps the shell's badges current: the poller reports after each pass; a payment changed by an
 * operator or a webhook between passes can enter or leave "needs review", so that asks again.
 */
export function usePollerSummarySync(): void {
  useEffect(() => {
    void pollerSummaryStore.getState().load();
    const offSummary = subscribe('poller:summary', (summary) => pollerSummaryStore.getState().reported(summary));
    const offChanged = subscribe('payment:changed', () => void pollerSummaryStore.getState().refresh());
    return () => {
      offSummary();
      offChanged();
    };
  }, []);
}
