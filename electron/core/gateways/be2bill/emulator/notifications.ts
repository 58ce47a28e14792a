/**
 * The emulator's notifications (fact sheet §8, seed 004): a form POST of the transaction's
 * parameters, signed with the account's HASH, to the NOTIFICATION_URL the account configured;
 * delivered until the merchant answers HTTP 200 with the body `OK`, the rest is a failed delivery.
 * The platform's retry schedule is UNKNOWN: the settings give one.
 */
import { randomUUID } from 'node:crypto';
import { createWebhookSender } from '../../../sandbox/emulator-kit/webhook-sender.ts';
import type { DeliveryRecord } from '../../../sandbox/webhook-dispatcher.ts';
import { signedNotificationForm, type PlatformParams } from './platform-form.ts';
import type { Be2billEmulatorSettings } from './settings.ts';

export interface Be2billNotifier {
  setUrl(url: string | null): void;
  url(): string | null;
  /** Resolves at once, or after the first delivery attempt when `wait` is set. */
  send(password: string, params: PlatformParams, label: string, wait: boolean): Promise<void>;
  deliveries(): readonly DeliveryRecord[];
  settled(): Promise<void>;
  close(): void;
}

export function createBe2billNotifier(settings: () => Be2billEmulatorSettings): Be2billNotifier {
  const sender = createWebhookSender({
    switches() {
      const current = settings();
      return {
        maxAttempts: current.notificationMaxAttempts,
        timeoutMs: current.notificationTimeoutMs,
        duplicate: current.notificationDuplicate,
        reorder: current.notificationReorder,
        reorderWindowMs: current.notificationReorderWindowMs,
      };
    },
    retryDelayMs: (retry) => Math.min(3_600_000, settings().notificationRetryBaseMs * 2 ** retry),
    isAcknowledged: (status, body) => status === 200 && body === 'OK',
  });
  return {
    setUrl: sender.setUrl,
    url: sender.url,
    send(password, params, label, wait) {
      const message = { id: randomUUID(), label, body: signedNotificationForm(password, params), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
      if (wait) return sender.sendAndWait(message);
      sender.send(message);
      return Promise.resolve();
    },
    deliveries: sender.deliveries,
    settled: sender.settled,
    close: sender.close,
  };
}
