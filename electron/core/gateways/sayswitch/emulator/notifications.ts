/**
 * The emulator's webhooks (fact sheet §6): each payment that ends and each refund that settles is
 * POSTed as JSON to the merchant's URL with `payloadSignature` = hex HMAC-SHA512 of the exact bytes
 * sent, keyed with the merchant's secret key, and delivered again until the merchant answers 200.
 * The body follows the pay-in revision (`{id, type, created, data}`) or, as a setting, the
 * payout-style `{notify, notifyType, data}`, since which one pay-ins use is UNKNOWN.
 */
import { randomBytes } from 'node:crypto';
import { createWebhookSender } from '../../../sandbox/emulator-kit/webhook-sender.ts';
import { webhookSwitches } from '../../../sandbox/emulator-kit/webhook-settings.ts';
import type { DeliveryRecord } from '../../../sandbox/webhook-dispatcher.ts';
import type { SayswitchEmulatorSettings } from './settings.ts';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signer.ts';

export interface SayswitchWebhookContent {
  /** `payment` or `refund`. */
  readonly subject: 'payment' | 'refund';
  readonly status: 'success' | 'failed' | 'pending';
  readonly secretKey: string;
  readonly data: Record<string, unknown>;
  readonly occurredAt: Date;
  readonly label: string;
}

export interface SayswitchNotifier {
  setUrl(url: string | null): void;
  url(): string | null;
  send(content: SayswitchWebhookContent): void;
  deliveries(): readonly DeliveryRecord[];
  settled(): Promise<void>;
  close(): void;
}

export function webhookBody(content: SayswitchWebhookContent, shape: SayswitchEmulatorSettings['webhookShape']): Record<string, unknown> {
  if (shape === 'notify') {
    return { notify: content.subject === 'refund' ? 'refund' : 'transaction', notifyType: content.status === 'success' ? 'successful' : content.status, data: content.data };
  }
  const type = content.subject === 'refund' ? (content.status === 'success' ? 'refund.processed' : `refund.${content.status}`) : `payment.${content.status}`;
  return { id: `evt_${randomBytes(12).toString('hex')}`, type, created: content.occurredAt.toISOString(), data: content.data };
}

export function createSayswitchNotifier(settings: () => SayswitchEmulatorSettings): SayswitchNotifier {
  const sender = createWebhookSender({
    switches: () => webhookSwitches(settings()),
    retryDelayMs: (retry) => settings().webhookRetryBaseMs * 2 ** retry,
    // §6: the merchant answers 200 (the sample prints OK); anything else is delivered again.
    isAcknowledged: (status) => status === 200,
  });

  return {
    setUrl: sender.setUrl,
    url: sender.url,
    send(content) {
      if (sender.url() === null) return;
      const body = JSON.stringify(webhookBody(content, settings().webhookShape));
      sender.send({
        id: `${content.subject}:${content.label}`,
        label: content.label,
        body,
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhookBody(body, content.secretKey) },
      });
    },
    deliveries: sender.deliveries,
    settled: sender.settled,
    close: sender.close,
  };
}
