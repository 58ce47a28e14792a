/**
 * The emulator's notifications (fact sheet §8, seed 004): a form POST of the transaction's
 * parameters, signed with the account's HASH, to the NOTIFICATION_URL the account configured;
 * delivered until the merchant answers HTTP 200 with the body `OK`, the rest is a failed delivery.
 * The platform's retry schedule is UNKNOWN: the settings give one.
 */
import { randomUUID } from 'node:crypto';
import { createWebhookDispatcher, type DeliveryRecord } from '../../../sandbox/webhook-dispatcher.ts';
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
  let target: string | null = null;
  const dispatcher = createWebhookDispatcher({
    retryDelayMs(retry) {
      const current = settings();
      if (retry + 1 >= current.notificationMaxAttempts) return null;
      return Math.min(3_600_000, current.notificationRetryBaseMs * 2 ** retry);
    },
    isAcknowledged: (status, body) => status === 200 && body === 'OK',
    duplicate: () => settings().notificationDuplicate,
    reorderWindowMs: () => (settings().notificationReorder ? settings().notificationReorderWindowMs : null),
    timeoutMs: () => settings().notificationTimeoutMs,
  });
  return {
    setUrl(url) {
      target = url;
    },
    url: () => target,
    send(password, params, label, wait) {
      if (target === null) return Promise.resolve();
      const message = { id: randomUUID(), url: target, label, body: signedNotificationForm(password, params), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
      if (wait) return dispatcher.sendAndWait(message);
      dispatcher.send(message);
      return Promise.resolve();
    },
    deliveries: () => dispatcher.deliveries(),
    settled: () => dispatcher.settled(),
    close: () => dispatcher.close(),
  };
}
