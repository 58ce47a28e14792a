/**
 * The emulator's webhooks (fact sheet §8): every status change of a payment, an operation, a
 * mandate or a token becomes the documented JSON payload with a fresh notificationID, encrypted
 * with the merchant's webhook secret (AES-256-GCM, Base64 body, IV and tag in headers) and
 * delivered until the merchant acknowledges it with the same notificationID.
 */
import { randomUUID } from 'node:crypto';
import { createWebhookSender, scaledDelayMs } from '../../../sandbox/emulator-kit/webhook-sender.ts';
import { webhookSwitches } from '../../../sandbox/emulator-kit/webhook-settings.ts';
import type { DeliveryRecord } from '../../../sandbox/webhook-dispatcher.ts';
import { mandateBlock, okStatus, operationStatusBody, paymentStatusBody } from './answers.ts';
import type { EmulatedMandate } from './mandate-book.ts';
import type { MerchantDirectory } from './merchants.ts';
import type { EmulatedOperation, EmulatedPayment } from './payment-book.ts';
import type { SibsEmulatorSettings } from './settings.ts';
import { sealWebhook } from './webhook-cipher.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** SIBS's retry tiers by retry count (DOC webhooks/decrypt): 0–4 every 5 min … 35–43 every 24 h. */
const RETRY_TIERS: ReadonlyArray<{ readonly upTo: number; readonly everyMs: number }> = [
  { upTo: 4, everyMs: 5 * MINUTE },
  { upTo: 8, everyMs: HOUR },
  { upTo: 13, everyMs: 2 * HOUR },
  { upTo: 19, everyMs: 4 * HOUR },
  { upTo: 26, everyMs: 6 * HOUR },
  { upTo: 34, everyMs: 12 * HOUR },
  { upTo: 43, everyMs: 24 * HOUR },
];

/** The documented wait before retry number `retry` (0-based); null after the last tier. */
export function documentedRetryDelayMs(retry: number): number | null {
  return RETRY_TIERS.find((tier) => retry <= tier.upTo)?.everyMs ?? null;
}

function acknowledged(status: number, body: string, notificationId: string, acceptedCodes: readonly string[]): boolean {
  if (status !== 200) return false;
  try {
    const answer = JSON.parse(body) as { statusCode?: unknown; notificationID?: unknown };
    return answer.notificationID === notificationId && acceptedCodes.includes(String(answer.statusCode));
  } catch {
    return false;
  }
}

export interface SibsNotifier {
  setUrl(url: string | null): void;
  url(): string | null;
  payment(payment: EmulatedPayment): void;
  operation(operation: EmulatedOperation, payment: EmulatedPayment): void;
  mandate(mandate: EmulatedMandate): void;
  token(cit: EmulatedPayment, at: Date): void;
  deliveries(): readonly DeliveryRecord[];
  settled(): Promise<void>;
  close(): void;
}

export function createSibsNotifier(settings: () => SibsEmulatorSettings, merchants: MerchantDirectory, acsBaseUrl: () => string): SibsNotifier {
  const sender = createWebhookSender({
    switches: () => webhookSwitches(settings()),
    retryDelayMs: (retry) => scaledDelayMs(documentedRetryDelayMs(retry), settings().webhookRetryTimeScale),
    isAcknowledged: (status, body, message) => acknowledged(status, body, message.id, settings().webhookAcceptedAckCodes),
  });

  /** Webhook envelopes use the documented spelling (`merchant.transactionId`) and the configured amount form. */
  function webhookFormat(): SibsEmulatorSettings {
    const current = settings();
    return { ...current, statusMerchantReferenceKey: 'transactionId', statusAmountFormat: current.webhookAmountFormat };
  }

  function emit(clientId: string, label: string, payload: Record<string, unknown>): void {
    if (sender.url() === null) return;
    const secret = merchants.byClientId(clientId)?.webhookSecret;
    // Credentials issued before webhooks existed have no secret: such a merchant gets none.
    if (secret === undefined) return;
    const current = settings();
    const notificationID = randomUUID();
    const sealed = sealWebhook(JSON.stringify({ ...payload, notificationID }), secret, {
      ivBytes: current.webhookIvBytes,
      tagBytes: current.webhookTagBytes,
      aad: current.webhookAad,
    });
    sender.send({ id: notificationID, label, body: sealed.body, headers: { 'content-type': current.webhookContentType, ...sealed.headers } });
  }

  return {
    setUrl: sender.setUrl,
    url: sender.url,
    payment(payment) {
      emit(payment.clientId, `payment ${payment.transactionId} ${payment.paymentStatus}`, paymentStatusBody(payment, webhookFormat(), acsBaseUrl(), true));
    },
    operation(operation, payment) {
      emit(payment.clientId, `${operation.action} ${operation.transactionId} ${operation.paymentStatus}`, operationStatusBody(operation, payment, webhookFormat()));
    },
    mandate(mandate) {
      emit(mandate.clientId, `mandate ${mandate.transactionId} ${mandate.status}`, {
        returnStatus: okStatus(),
        paymentMethod: 'MANDATE',
        transactionID: mandate.transactionId,
        transactionDateTime: mandate.updatedAt.toISOString(),
        merchant: { transactionId: mandate.merchantTransactionId, terminalId: mandate.terminalId, merchantName: 'Sandbox merchant' },
        mbwayMandate: mandateBlock(mandate),
      });
    },
    token(cit, at) {
      const token = cit.token;
      if (token === null) return;
      // "Token Generation" events (§7); their exact payload is not documented, and the status word is ours.
      emit(cit.clientId, `token of ${cit.transactionId} ${cit.tokenStatus ?? ''}`, {
        returnStatus: okStatus(),
        paymentMethod: 'CARD',
        transactionID: cit.transactionId,
        transactionDateTime: at.toISOString(),
        merchant: { transactionId: cit.merchantTransactionId, terminalId: cit.terminalId, merchantName: 'Sandbox merchant' },
        token: { ...token, status: cit.tokenStatus === 'cancelled' ? 'CANCELLED' : 'ACTIVE' },
      });
    },
    deliveries: sender.deliveries,
    settled: sender.settled,
    close: sender.close,
  };
}
