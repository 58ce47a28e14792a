import { useStore } from 'zustand';
import { operatorTimeZone } from '../../../format/date-format.ts';
import { createDashboardStore, type DashboardState } from './dashboard-store.ts';

export const dashboardStore = createDashboardStore({ timeZone: operatorTimeZone, now: () => new Date() });

export function useDashboard<T>(selector: (state: DashboardState) => T): T {
  return useStore(dashboardStore, selector);
}
