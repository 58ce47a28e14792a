/**
 * An emulator's webhook sender: the URL the merchant configured (none means nothing is sent, as
 * at a gateway whose back office has no notification URL) in front of the sandbox's dispatcher,
 * steered by the emulator's delivery switches, which are read again for every delivery so a
 * settings change applies at once. What a webhook says, how it is sealed, what acknowledges it
 * and the gateway's retry schedule are the emulator's.
 */
import { createWebhookDispatcher, type DeliveryRecord, type WebhookDispatcherPolicy, type WebhookMessage } from '../webhook-dispatcher.ts';

export interface DeliverySwitches {
  /** Attempts per delivery, the first included, before the sender gives up. */
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  /** Deliver every webhook twice (at-least-once delivery). */
  readonly duplicate: boolean;
  /** Hold webhooks for `reorderWindowMs` and deliver each batch newest first. */
  readonly reorder: boolean;
  readonly reorderWindowMs: number;
}

export interface WebhookSenderPolicy {
  switches(): DeliverySwitches;
  /** The wait before retry number `retry` (0 is the first retry); null when the gateway's schedule ends. */
  retryDelayMs(retry: number): number | null;
  isAcknowledged: WebhookDispatcherPolicy['isAcknowledged'];
}

export type OutgoingWebhook = Omit<WebhookMessage, 'url'>;

export interface WebhookSender {
  setUrl(url: string | null): void;
  url(): string | null;
  /** Queues the webhook for the configured URL; does nothing when none is configured. */
  send(webhook: OutgoingWebhook): void;
  /** As `send`, resolving after the first delivery attempt. */
  sendAndWait(webhook: OutgoingWebhook): Promise<void>;
  deliveries(): readonly DeliveryRecord[];
  settled(): Promise<void>;
  close(): void;
}

/** A documented delay shortened for the sandbox by `scale` (never below 1 ms); null stays null. */
export function scaledDelayMs(documentedMs: number | null, scale: number): number | null {
  return documentedMs === null ? null : Math.max(1, Math.round(documentedMs * scale));
}

export function createWebhookSender(policy: WebhookSenderPolicy): WebhookSender {
  let target: string | null = null;
  const dispatcher = createWebhookDispatcher({
    retryDelayMs: (retry) => (retry + 1 >= policy.switches().maxAttempts ? null : policy.retryDelayMs(retry)),
    isAcknowledged: policy.isAcknowledged,
    duplicate: () => policy.switches().duplicate,
    reorderWindowMs() {
      const switches = policy.switches();
      return switches.reorder ? switches.reorderWindowMs : null;
    },
    timeoutMs: () => policy.switches().timeoutMs,
  });
  return {
    setUrl(url) {
      target = url;
    },
    url: () => target,
    send(webhook) {
      if (target !== null) dispatcher.send({ ...webhook, url: target });
    },
    sendAndWait: (webhook) => (target === null ? Promise.resolve() : dispatcher.sendAndWait({ ...webhook, url: target })),
    deliveries: () => dispatcher.deliveries(),
    settled: () => dispatcher.settled(),
    close: () => dispatcher.close(),
  };
}
