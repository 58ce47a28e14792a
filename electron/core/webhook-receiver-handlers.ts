/**
 * The channels of Settings → Webhooks for the team's receiver service: its public base URL, kept
 * in the ledger so every console on a shared one shows the same addresses, and under it the
 * address of each profile. The receiver service itself reads its own configuration file; this is
 * what the operators paste into the gateways' back offices.
 */
import { normalisedReceiverBaseUrl, receiverNotificationUrl, type ReceiverSettingsAnswer } from '../../shared/domain/webhook-receiver.ts';
import type { Auditor } from './audit.ts';
import type { Handlers } from './door.ts';
import type { Ledger, WebhookReceiverSettings } from './ledger/port.ts';
import type { Clock } from './ports.ts';
import type { ProfileService } from './profiles/profile-service.ts';

export type WebhookReceiverChannel = 'receiver:get' | 'receiver:save';

export interface WebhookReceiverDeps {
  readonly ledger: Ledger;
  readonly profiles: ProfileService;
  readonly auditor: Auditor;
  readonly clock: Clock;
}

export function createWebhookReceiverHandlers(deps: WebhookReceiverDeps): Pick<Handlers, WebhookReceiverChannel> {
  const { ledger, profiles } = deps;

  function answer(settings: WebhookReceiverSettings | null): ReceiverSettingsAnswer {
    if (settings === null) return { publicBaseUrl: null, updatedAt: null, updatedBy: null, profiles: [] };
    return {
      publicBaseUrl: settings.publicBaseUrl,
      updatedAt: settings.updatedAt.toISOString(),
      updatedBy: settings.updatedBy,
      profiles: profiles.list().map((profile) => ({ profileId: profile.id, url: receiverNotificationUrl(settings.publicBaseUrl, profile.id) })),
    };
  }

  return {
    'receiver:get': async () => answer(await ledger.webhookReceiver.get()),

    'receiver:save': async (input, context) => {
      const publicBaseUrl = input.publicBaseUrl === null ? null : normalisedReceiverBaseUrl(input.publicBaseUrl);
      const at = deps.clock.now();
      // The setting and its entry commit together: no console sees a change the log lacks.
      const saved = await ledger.withTransaction(async () => {
        const before = await ledger.webhookReceiver.get();
        await ledger.webhookReceiver.save({ publicBaseUrl, at, by: context.operator });
        await deps.auditor.record(context, 'settings.receiver', { type: 'workspace', id: null }, 'succeeded', { publicBaseUrl, previous: before?.publicBaseUrl ?? null });
        return ledger.webhookReceiver.get();
      });
      return answer(saved);
    },
  };
}
