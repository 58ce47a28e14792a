import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { pollerSummaryStore } from '../../../stores/poller-summary.ts';
import { selectIsFiltered } from '../stores/status-queue-store.ts';
import { statusQueueStore } from '../stores/status-queue.ts';

/** Next checks move on their own; the list is asked again this often even when no event arrives. */
const REFRESH_MS = 10_000;

/**
 * Loads the queue and keeps it current: after each poller pass, whenever a payment changes, on a
 * timer, and with the progress of a running sync now.
 */
export function useStatusQueueSync(): void {
  useEffect(() => {
    const store = statusQueueStore.getState();
    void store.load();
    const refresh = () => void statusQueueStore.getState().refresh();
    const offSummary = subscribe('poller:summary', refresh);
    const offChanged = subscribe('payment:changed', refresh);
    const offMandate = subscribe('mandate:changed', refresh);
    const offProgress = subscribe('poller:progress', (progress) => statusQueueStore.getState().progressReported(progress.done, progress.total));
    const timer = window.setInterval(refresh, REFRESH_MS);
    // An unfiltered answer counts the whole queue: the shell's badges may as well show it.
    const offLoaded = statusQueueStore.subscribe((state, previous) => {
      if (state.entries === previous.entries || state.phase !== 'ready' || selectIsFiltered(state)) return;
      pollerSummaryStore.getState().reported({ waiting: state.total, needsReview: state.needsReview });
    });
    return () => {
      offSummary();
      offChanged();
      offMandate();
      offProgress();
      offLoaded();
      window.clearInterval(timer);
    };
  }, []);
}
