import { useStore } from 'zustand';
import { paymentHref } from '../../../routing/route.ts';
import { browserNotificationPort } from '../api/desktop-notification-port.ts';
import { createSettlementNotificationsStore, type SettlementNotificationsState } from './settlement-notifications-store.ts';

export const settlementNotificationsStore = createSettlementNotificationsStore({
  port: browserNotificationPort(globalThis),
  openPayment(paymentId) {
    window.focus();
    window.location.hash = paymentHref(paymentId);
  },
});

export function useSettlementNotifications<T>(selector: (state: SettlementNotificationsState) => T): T {
  return useStore(settlementNotificationsStore, selector);
}
