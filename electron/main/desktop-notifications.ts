/**
 * Desktop notifications in the Electron app: main shows a native notification when a payment the
 * console was waiting on settles (the renderer's own Notification permission stays denied, like
 * every other permission), and keeps the dock/launcher badge at the number needing review.
 */
import type { Door } from '../core/door.ts';
import { formatForDisplay, parseDecimal } from '../../shared/money/money.ts';
import type { EventPayload } from '../../shared/ipc/contract.ts';

export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface NotificationConstructor {
  new (options: { title: string; body: string; silent?: boolean }): NotificationLike;
  isSupported(): boolean;
}

const TITLES: Readonly<Record<string, string>> = {
  captured: 'Payment received',
  authorized: 'Payment authorised',
  declined: 'Payment declined',
  failed: 'Payment failed',
  expired: 'Payment expired',
  refunded: 'Payment refunded',
  voided: 'Payment cancelled',
};

export function settledNotification(payload: EventPayload<'payment:settled'>): { title: string; body: string } {
  let amount = `${payload.amount} ${payload.currency}`;
  try {
    amount = formatForDisplay(parseDecimal(payload.amount, payload.currency), payload.currency, 'en');
  } catch {
    // An unknown currency keeps the plain decimal form.
  }
  return { title: TITLES[payload.status] ?? `Payment ${payload.status.replaceAll('_', ' ')}`, body: `${amount} · ${payload.merchantReference}` };
}

export function forwardDesktopNotifications(
  door: Door,
  deps: { Notification?: NotificationConstructor | undefined; setBadgeCount?: ((count: number) => unknown) | undefined; focusWindow: () => void },
): () => void {
  return door.subscribe((event, payload) => {
    if (event === 'payment:settled' && deps.Notification?.isSupported()) {
      const notification = new deps.Notification(settledNotification(payload as EventPayload<'payment:settled'>));
      notification.on('click', deps.focusWindow);
      notification.show();
    }
    if (event === 'poller:summary' && deps.setBadgeCount) deps.setBadgeCount((payload as EventPayload<'poller:summary'>).needsReview);
  });
}
