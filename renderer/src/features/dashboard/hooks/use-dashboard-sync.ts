import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { dashboardStore } from '../stores/dashboard.ts';

/** Payments change in bursts (a sync pass, a batch); the figures are read again once the burst settles. */
const SETTLE_MS = 1_000;

/** Loads the figures for the chosen period and narrowing, and again after payments change. */
export function useDashboardSync(): void {
  useEffect(() => {
    void dashboardStore.getState().load();
    const offChoice = dashboardStore.subscribe((state, previous) => {
      if (state.period !== previous.period || state.narrowing !== previous.narrowing) void dashboardStore.getState().load();
    });
    let timer: number | undefined;
    const offChanged = subscribe('payment:changed', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void dashboardStore.getState().load(), SETTLE_MS);
    });
    return () => {
      offChoice();
      offChanged();
      window.clearTimeout(timer);
    };
  }, []);
}
