/**
 * The team's webhook receiver as a service of its own (`payments-console receiver`): the same
 * listener, verification, deduplication and state machine as the desktop's loopback receiver
 * (notify/notification-receiver.ts), on a server address behind the merchant's TLS proxy, applying
 * every gateway's deliveries for the team's profiles to the shared PostgreSQL ledger. No console
 * core, poller, sandbox or contract runs here: the consoles hear what it applied through the
 * ledger's own change notifications.
 */
import { mkdirSync } from 'node:fs';
import { createAuditor } from '../audit.ts';
import { readVersion } from '../create-core.ts';
import { createEventBus } from '../door.ts';
import { getGateway } from '../gateways/gateway-catalog.ts';
import { createHttpClient } from '../http/http-client.ts';
import { sealWithTeamKeyFrom } from '../ledger/team-audit-seal.ts';
import { openLedger } from '../ledger/open-ledger.ts';
import type { Ledger, LedgerLocation } from '../ledger/port.ts';
import { createMandateService } from '../mandates/mandate-service.ts';
import { startNotificationReceiver, type DeliveryRecord, type NotificationReceiver, type ReceiverLimits } from '../notify/notification-receiver.ts';
import { createPaymentEngine } from '../payments/payment-engine.ts';
import { systemClock, type Clock, type Logger } from '../ports.ts';
import { createProfileService } from '../profiles/profile-service.ts';
import type { CredentialStore } from '../vault/credential-store.ts';
import { createKeytarVault } from '../vault/keytar-vault.ts';
import { createSecretCache } from '../vault/secret-cache.ts';
import type { ReceiverConfig } from './receiver-config.ts';
import { receiverProfileSettings } from './receiver-profile-settings.ts';
import { openReceiverSecrets, requireWebhookSecrets } from './receiver-secrets.ts';

export interface ReceiverServiceOptions {
  readonly config: ReceiverConfig;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** The keychain for a `keychain` secret source (default: keytar under the source's service). */
  readonly keychain?: CredentialStore;
  readonly limits?: Partial<ReceiverLimits>;
}

export type HealthReport = {
  readonly ok: boolean;
  readonly version: string;
  readonly ledger: 'reachable' | 'unreachable';
  readonly profiles: number;
  readonly gateways: readonly string[];
};

export interface ReceiverService {
  /** Where the listener is bound (the proxy forwards here). */
  readonly listening: { readonly host: string; readonly port: number };
  /** The address to paste into a gateway's back office for a profile. */
  urlFor(profileId: string): string;
  health(): Promise<HealthReport>;
  /** Stops accepting, lets deliveries in flight finish, then closes the ledger. */
  close(): Promise<void>;
}

function deliveryLine(logger: Logger, record: DeliveryRecord): void {
  const fields = { profileId: record.profileId, gatewayId: record.gatewayId, method: record.method, status: record.status, outcome: record.outcome, events: record.events, source: record.source };
  if (record.outcome === 'applied') logger.info('delivery', fields);
  else logger.warn('delivery', fields);
}

export async function startReceiverService(options: ReceiverServiceOptions): Promise<ReceiverService> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const version = readVersion();
  const secrets = await openReceiverSecrets(config.secrets, () => options.keychain ?? createKeytarVault(config.secrets.source === 'keychain' ? config.secrets.service : undefined));
  await requireWebhookSecrets(config.profiles, secrets.store);
  mkdirSync(config.stateDirectory, { recursive: true, mode: 0o700 });
  const location: LedgerLocation = { kind: 'postgres', connectionString: config.ledger.connectionString, password: secrets.ledgerPassword };
  const ledger: Ledger = await openLedger(location);
  let receiver: NotificationReceiver;
  const http = createHttpClient({ clock, logger, wireSink: ledger.wire });
  try {
    // The state directory anchors the chain's head: a first start anchors the log as it finds it,
    // and from then on entries cut from its end show on this host too.
    await ledger.audit.seal(await sealWithTeamKeyFrom(location, config.stateDirectory, (record) => secrets.teamKey(record)));
    const bus = createEventBus(logger);
    const auditor = createAuditor(ledger, clock);
    const profiles = createProfileService({
      settings: receiverProfileSettings(config.profiles),
      vault: createSecretCache(secrets.store),
      gateways: getGateway,
      http,
      clock,
      auditor,
      rateLedger: ledger.callRates,
    });
    const engine = createPaymentEngine({ ledger, profiles, clock, bus, auditor, logger });
    const mandates = createMandateService({ ledger, profiles, engine, clock, bus, auditor });
    const gateways = [...new Set(config.profiles.map((profile) => profile.gatewayId))].sort();
    const health = async (): Promise<HealthReport> => {
      let reachable = true;
      try {
        await ledger.audit.list(1);
      } catch (error) {
        reachable = false;
        logger.warn('health: the ledger did not answer', { error: error instanceof Error ? error.message : String(error) });
      }
      return { ok: reachable, version, ledger: reachable ? 'reachable' : 'unreachable', profiles: config.profiles.length, gateways };
    };
    receiver = await startNotificationReceiver({
      ledger,
      profiles,
      engine,
      mandates,
      auditor,
      clock,
      logger,
      address: { host: config.listen.host, port: config.listen.port, publicBaseUrl: config.publicBaseUrl, trustedProxies: config.trustedProxies },
      ...(options.limits ? { limits: options.limits } : {}),
      health,
      onDelivery: (record) => deliveryLine(logger, record),
    });
    logger.info('receiver started', { version, listening: `${config.listen.host}:${receiver.port}`, publicBaseUrl: receiver.baseUrl, profiles: config.profiles.map((profile) => profile.id), gateways });
    return {
      listening: { host: config.listen.host, port: receiver.port },
      urlFor: (profileId) => receiver.urlFor(profileId),
      health,
      async close() {
        await receiver.close({ drain: true });
        await http.close();
        await ledger.close();
        logger.info('receiver stopped', {});
      },
    };
  } catch (error) {
    await http.close();
    await ledger.close();
    throw error;
  }
}
