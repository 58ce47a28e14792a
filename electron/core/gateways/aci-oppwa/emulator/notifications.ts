/**
 * The emulator's webhooks (fact sheet §8): every transaction it books or changes becomes a
 * PAYMENT event, every registration created or deleted a REGISTRATION event; the
 * `{type, action, payload}` envelope is encrypted with the entity's 64-hex secret (AES-256-GCM,
 * hex body, hex IV and tag in headers) and delivered until the merchant answers HTTP 200.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createWebhookSender, scaledDelayMs } from '../../../sandbox/emulator-kit/webhook-sender.ts';
import { webhookSwitches } from '../../../sandbox/emulator-kit/webhook-settings.ts';
import type { DeliveryRecord } from '../../../sandbox/webhook-dispatcher.ts';
import type { OppwaMerchantDirectory } from './merchants.ts';
import type { OppwaEmulatorSettings } from './settings.ts';
import { encryptWebhook } from './webhook-encryption.ts';

const MINUTE = 60_000;
/** Peach's summary (INFERRED): 2, 4, 8, 15, 30 minutes, then hourly for up to 30 days. */
const RETRY_MINUTES = [2, 4, 8, 15, 30] as const;
const THIRTY_DAYS_OF_HOURLY_RETRIES = 30 * 24;

export function documentedRetryDelayMs(retry: number): number | null {
  const early = RETRY_MINUTES[retry];
  if (early !== undefined) return early * MINUTE;
  return retry - RETRY_MINUTES.length < THIRTY_DAYS_OF_HOURLY_RETRIES ? 60 * MINUTE : null;
}

export interface OppwaNotifier {
  setUrl(url: string | null): void;
  url(): string | null;
  send(entityId: string, type: 'PAYMENT' | 'REGISTRATION', action: 'CREATED' | 'UPDATED' | 'DELETED', payload: Record<string, unknown>, label: string): void;
  deliveries(): readonly DeliveryRecord[];
  settled(): Promise<void>;
  close(): void;
}

export function createOppwaNotifier(settings: () => OppwaEmulatorSettings, merchants: OppwaMerchantDirectory): OppwaNotifier {
  const sender = createWebhookSender({
    switches: () => webhookSwitches(settings()),
    retryDelayMs: (retry) => scaledDelayMs(documentedRetryDelayMs(retry), settings().webhookRetryTimeScale),
    isAcknowledged: (status) => status === 200,
  });

  return {
    setUrl: sender.setUrl,
    url: sender.url,
    send(entityId, type, action, payload, label) {
      if (sender.url() === null) return;
      const merchant = merchants.byEntity(entityId);
      if (merchant === null) return;
      const current = settings();
      const encrypted = encryptWebhook(JSON.stringify({ type, action, payload }), merchant.webhookSecret, randomBytes(current.webhookIvBytes));
      sender.send({
        // The dispatcher's own delivery id; OPPWA's deliveries carry none on the wire.
        id: randomUUID(),
        label,
        body: encrypted.body,
        headers: { 'content-type': current.webhookContentType, 'x-initialization-vector': encrypted.iv, 'x-authentication-tag': encrypted.tag },
      });
    },
    deliveries: sender.deliveries,
    settled: sender.settled,
    close: sender.close,
  };
}
