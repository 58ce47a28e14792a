/**
 * The webhook sender's switches as emulator settings, under the `webhook*` names the control API
 * shows (`/control/<gatewayId>/settings`), with the sandbox's defaults, plus the sweep interval.
 * How many attempts a gateway makes and its retry schedule are the gateway's own settings.
 */
import { z } from 'zod';
import type { DeliverySwitches } from './webhook-sender.ts';

export const webhookSwitchSettingsShape = {
  webhookTimeoutMs: z.number().int().positive().max(60_000),
  /** Deliver every webhook twice (delivery is at-least-once). */
  webhookDuplicate: z.boolean(),
  /** Hold webhooks for `webhookReorderWindowMs` and deliver each batch newest first (order is not guaranteed). */
  webhookReorder: z.boolean(),
  webhookReorderWindowMs: z.number().int().positive().max(60_000),
  /** How often the emulator applies what time decides (expiries, due steps) without a request. */
  sweepIntervalMs: z.number().int().min(10).max(60_000),
};

export interface WebhookSwitchSettings {
  readonly webhookMaxAttempts: number;
  readonly webhookTimeoutMs: number;
  readonly webhookDuplicate: boolean;
  readonly webhookReorder: boolean;
  readonly webhookReorderWindowMs: number;
}

export const DEFAULT_WEBHOOK_SWITCH_SETTINGS = {
  webhookTimeoutMs: 5_000,
  webhookDuplicate: false,
  webhookReorder: false,
  webhookReorderWindowMs: 300,
  sweepIntervalMs: 250,
} as const;

export function webhookSwitches(settings: WebhookSwitchSettings): DeliverySwitches {
  return {
    maxAttempts: settings.webhookMaxAttempts,
    timeoutMs: settings.webhookTimeoutMs,
    duplicate: settings.webhookDuplicate,
    reorder: settings.webhookReorder,
    reorderWindowMs: settings.webhookReorderWindowMs,
  };
}
