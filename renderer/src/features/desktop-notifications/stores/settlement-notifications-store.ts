import { createStore } from 'zustand/vanilla';
import type { DesktopNotificationPort } from '../api/desktop-notification-port.ts';
import { addToast, chooseDelivery, type DesktopPermission, type SettlementNotice } from '../utils/settlement-notice.ts';

export interface SettlementNotificationsState {
  permission: DesktopPermission;
  requesting: boolean;
  /** In-app notices, oldest first, for when desktop notifications are off or unavailable. */
  toasts: SettlementNotice[];
  refreshPermission(): void;
  requestPermission(): Promise<void>;
  notify(notice: SettlementNotice): void;
  dismiss(tag: string): void;
  open(notice: SettlementNotice): void;
}

export interface SettlementNotificationsDeps {
  readonly port: DesktopNotificationPort;
  /** Brings the console forward on the payment's detail. */
  readonly openPayment: (paymentId: string) => void;
}

export function createSettlementNotificationsStore(deps: SettlementNotificationsDeps) {
  return createStore<SettlementNotificationsState>()((set, get) => ({
    permission: deps.port.permission(),
    requesting: false,
    toasts: [],
    refreshPermission() {
      set({ permission: deps.port.permission() });
    },
    async requestPermission() {
      if (get().requesting) return;
      set({ requesting: true });
      const permission = await deps.port.requestPermission();
      set({ requesting: false, permission });
    },
    notify(notice) {
      const permission = deps.port.permission();
      if (permission !== get().permission) set({ permission });
      if (chooseDelivery(permission) === 'desktop' && deps.port.show(notice, () => deps.openPayment(notice.paymentId))) return;
      set({ toasts: addToast(get().toasts, notice) });
    },
    dismiss(tag) {
      set({ toasts: get().toasts.filter((toast) => toast.tag !== tag) });
    },
    open(notice) {
      get().dismiss(notice.tag);
      deps.openPayment(notice.paymentId);
    },
  }));
}

export type SettlementNotificationsStore = ReturnType<typeof createSettlementNotificationsStore>;
