/**
 * The composition root of the core. Electron main, browser mode and the CLI each fill the ports
 * (vault, settings, clock, data folder) and get back the same door.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { appRootFrom } from './app-root.ts';
import type { GatewayId } from '../../shared/domain/schemas.ts';
import { createAuditor, SYSTEM_CONTEXT } from './audit.ts';
import { consoleLogger } from './console-logger.ts';
import { gateAuditedChannels } from './audit-gate.ts';
import { createDoor, createEventBus, type Door } from './door.ts';
import { findGateway, gatewayRegistry, getGateway, recordsViewOf } from './gateways/gateway-catalog.ts';
import type { GatewayDefinition } from './gateways/types.ts';
import { createHandlers } from './handlers.ts';
import { createReconService, type ReconService } from './recon/recon-service.ts';
import { threadBatchWriter } from './recon/recon-writer-thread.ts';
import { createMappingResolver } from './recon/mapping-resolver.ts';
import { createSavedViewStore } from './views/saved-views.ts';
import { createSavedMappingStore } from './recon/saved-mappings.ts';
import type { StatementImportAnswer } from './recon/recon-import-handler.ts';
import { createStatementUploads, type StatementUploadOptions } from './recon/statement-upload.ts';
import { cancelAbandonedImports } from './recon/abandoned-imports.ts';
import { DEFAULT_STALE_AFTER_MS, type ImportHeartbeatOptions } from './recon/import-heartbeat.ts';
import { createHttpClient } from './http/http-client.ts';
import { AUDIT_ANCHOR_FILE } from './ledger/audit-anchor.ts';
import { establishAuditSeal } from './ledger/audit-seal.ts';
import { establishTeamAuditSeal } from './ledger/team-audit-seal.ts';
import { sealRefusal } from './ledger/audit-trail.ts';
import { openLedger } from './ledger/open-ledger.ts';
import type { Ledger, LedgerLocation } from './ledger/port.ts';
import type { AuditSeal } from './ledger/types.ts';
import { followChangesElsewhere } from './payments/changes-elsewhere.ts';
import { createPaymentService, type PaymentService } from './payments/payment-service.ts';
import { systemClock, type Clock, type Logger } from './ports.ts';
import { createProfileService, type ProfileService } from './profiles/profile-service.ts';
import type { SettingsStore } from './settings/settings-store.ts';
import { credentialAccount, type CredentialStore } from './vault/credential-store.ts';
import { openFolderVault } from './vault/keychain-namespace.ts';
import { createSecretCache } from './vault/secret-cache.ts';
import { resolveLedgerLocation, SQLITE_LEDGER_FILE } from './workspace/ledger-location.ts';
import { startSandboxWorkspace, type SandboxWorkspace } from './workspace/sandbox-workspace.ts';
import { createMandateService, type MandateService } from './mandates/mandate-service.ts';
import { startNotificationReceiver, type NotificationReceiver, type ReceiverLimits } from './notify/notification-receiver.ts';
import { createPoller, type Poller } from './poller/poller.ts';
import { createMitBatchRunner, type MitBatchRunner } from './mit-batch/mit-batch-runner.ts';
import { randomUUID } from 'node:crypto';
import { soloOperatorAccess } from './operators/operator-access.ts';
import { soloRefundApprovals } from './operators/refund-approvals.ts';
import { teamOperatorAccess } from './operators/team-operators.ts';
import { teamRefundApprovals } from './operators/team-approvals.ts';
import { gateOperatorRights } from './operators/channel-rights.ts';

export interface CoreOptions {
  readonly mode: 'electron' | 'browser' | 'cli';
  readonly dataDir: string;
  /** The whole keychain; the core namespaces every entry by the data folder's workspace id. */
  readonly vault: CredentialStore;
  readonly settings: SettingsStore;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** The built-in sandbox (on by default: it is what a new user sees on first start). */
  readonly sandbox?: { readonly enabled: boolean; readonly port?: number };
  /** The app's version; Electron passes app.getVersion(), plain Node reads package.json. */
  readonly version?: string;
  /** Defaults to the OS user. */
  readonly operator?: string;
  /** The loopback webhook receiver (on by default; port 0 = any free port). */
  readonly notifications?: { readonly enabled: boolean; readonly port?: number; readonly limits?: Partial<ReceiverLimits> };
  /**
   * The status poller: its timer runs by default, polling while this console holds the ledger's
   * poller lock (one console polls for all on a ledger); `autoStart: false` leaves passes to the
   * caller (CLI, tests) and never takes the lock.
   */
  readonly poller?: { readonly autoStart: boolean; readonly intervalMs?: number };
  /** Whole-exchange budget of one gateway call (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** How long an in-flight lease lasts without renewal (default LEASE_TTL_MS): shorter in soak runs, so a killed holder's lease ends sooner. */
  readonly leaseTtlMs?: number;
  /** Run the recovery pass before returning (default true). */
  readonly recoverOnStart?: boolean;
  /** Where the ledger is; by default where this workspace's Settings say (the data folder's SQLite file unless a shared PostgreSQL database was chosen). */
  readonly ledger?: LedgerLocation;
  /** Chunked statement uploads: how long one waits for its sender, how many chunks it holds. */
  readonly reconUpload?: StatementUploadOptions;
  /** How a running import says it is alive, and after how long without a sign a running session counts as abandoned. */
  readonly reconHeartbeat?: ImportHeartbeatOptions;
  /** How long a running batch's lease lasts without renewal (default 30 s): after it, another console may take the batch over. */
  readonly mitBatchLeaseMs?: number;
  /** How long a four-eyes refund request waits for a second operator (team mode; default a day). */
  readonly approvalValidForMs?: number;
  /** Take over batches abandoned by a stopped console while running (default: all but one-shot CLI commands). */
  readonly mitBatchWatch?: boolean;
}

export interface Core {
  readonly door: Door;
  readonly info: {
    readonly dataDir: string;
    /** Names this data folder's keychain entries (workspace.json in the folder). */
    readonly workspaceId: string;
    readonly sandboxBaseUrl: string | null;
    readonly sandboxWarning: string | null;
    /** Why nothing that is audited can be done (the keychain did not give the audit key); null when it can. */
    readonly auditUnavailable: string | null;
  };
  readonly operator: string;
  /** For tests and the CLI: the same use-cases the door calls. */
  readonly internals: {
    readonly ledger: Ledger;
    /** This data folder's part of the keychain. */
    readonly vault: CredentialStore;
    readonly payments: PaymentService;
    readonly profiles: ProfileService;
    readonly mandates: MandateService;
    readonly sandbox: SandboxWorkspace | null;
    readonly notifications: NotificationReceiver | null;
    readonly poller: Poller;
    /** The import channel calls `startReconImport` once a statement is read. */
    readonly recon: ReconService;
    readonly mitBatches: MitBatchRunner;
    /** What an audited action is refused with while nothing can be audited; null when entries are sealed. */
    readonly auditRefusal: (() => Error) | null;
  };
  close(): Promise<void>;
}

export const LEDGER_FILE = SQLITE_LEDGER_FILE;

// Browser mode, the CLI and the tests take the logger from the composition root.
export { consoleLogger };

export function readVersion(): string {
  try {
    const root = appRootFrom(import.meta.url);
    if (root === null) return '0.0.0';
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? consoleLogger;
  let operator = options.operator ?? safeOsUser();
  mkdirSync(options.dataDir, { recursive: true });
  for (const problem of options.settings.problems()) logger.warn(problem.message, { kind: problem.kind, backup: problem.backup, profileId: problem.profileId });
  const { vault: folderVault, workspaceId } = await openFolderVault({
    vault: options.vault,
    dataDir: options.dataDir,
    clock,
    logger,
    legacyNames: () => options.settings.read().profiles.flatMap((profile) => profile.credentialFields.map((field) => credentialAccount(profile.id, field))),
  });
  // Read once, then kept until written or deleted through this core (or refused by a gateway).
  const vault = createSecretCache(folderVault);

  const location = options.ledger ?? (await resolveLedgerLocation(options.settings.read(), vault, options.dataDir));
  const ledger = await openLedger(location);
  let seal: AuditSeal;
  try {
    seal =
      location.kind === 'postgres'
        ? await establishTeamAuditSeal({ keychain: options.vault, ledger: location, dataDir: options.dataDir })
        : await establishAuditSeal({ vault, keychain: options.vault, dataDir: options.dataDir, workspaceId, ledger: location, anchorPath: join(options.dataDir, AUDIT_ANCHOR_FILE) });
    // Before anything is audited: every entry from here on is sealed with the data folder's key, or,
    // without one, refused — the console then starts read-only rather than not at all.
    await ledger.audit.seal(seal);
  } catch (error) {
    await ledger.close();
    throw error;
  }
  // In team mode the operator is the database login: the name the ledger checks every write by.
  if (ledger.team !== null) operator = ledger.team.login;
  const auditUnavailable = seal.state === 'sealed' ? null : seal.reason;
  const auditRefusal = seal.state === 'sealed' ? null : () => sealRefusal(seal);
  if (seal.state === 'unavailable') logger.warn('started without the audit key: everything that is audited is refused until a restart with a keychain', { reason: seal.reason });
  if (seal.state === 'replaced') logger.error("the audit log's key or workspace file is not the one this data folder was keyed with: everything that is audited is refused", { reason: seal.reason });
  if (seal.state === 'not_held') logger.warn("started without the team's audit key: everything that is audited is refused until it is imported", { reason: seal.reason });
  const http = createHttpClient({ clock, logger, wireSink: ledger.wire, ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}) });
  const bus = createEventBus(logger);
  const auditor = createAuditor(ledger, clock);
  const definitions: GatewayDefinition[] = [...gatewayRegistry.values()];
  const gateway = (id: GatewayId) => getGateway(id);

  let notifications: NotificationReceiver | null = null;
  const profiles = createProfileService({
    settings: options.settings,
    vault,
    gateways: gateway,
    http,
    clock,
    auditor,
    shopperResultUrl: (profileId) => notifications?.shopperResultUrlFor(profileId) ?? null,
    rateLedger: ledger.callRates,
  });
  const payments = createPaymentService({ ledger, profiles, clock, bus, auditor, logger, ...(options.leaseTtlMs ? { leaseTtlMs: options.leaseTtlMs } : {}) });
  const access = ledger.team !== null ? teamOperatorAccess(ledger.team, clock) : soloOperatorAccess(operator, clock);
  const approvals =
    ledger.team !== null
      ? teamRefundApprovals({ team: ledger.team, ledger, payments, profiles, access, auditor, clock, bus, ...(options.approvalValidForMs ? { validForMs: options.approvalValidForMs } : {}) })
      : soloRefundApprovals(payments);
  // What the console does on its own (recovery, status checks, batches and imports left by a
  // console that stopped) is written as this operator too: a viewer's console only looks.
  const rights = new Set((await access.me()).rights);
  const writes = rights.size > 0;
  const mandates = createMandateService({ ledger, profiles, engine: payments.engine, clock, bus, auditor });
  const poller = createPoller({
    ledger,
    payments,
    mandates,
    descriptorOf: (id) => findGateway(id)?.descriptor ?? null,
    clock,
    bus,
    auditor,
    logger,
    name: `${operator}@${safeHostname()} (${options.mode}, pid ${process.pid})`,
  });
  const ledgerFile = location.kind === 'sqlite' && location.path !== '' && location.path !== ':memory:' ? location.path : null;
  const recon = createReconService({
    ledger,
    auditor,
    clock,
    payments,
    heartbeat: { ...options.reconHeartbeat, logger },
    ...(ledgerFile === null ? {} : { openBatchWriter: () => threadBatchWriter(ledgerFile) }),
  });
  const cancelAbandoned = () => cancelAbandonedImports({ ledger, auditor, clock, staleAfterMs: options.reconHeartbeat?.staleAfterMs ?? DEFAULT_STALE_AFTER_MS });
  const uploads = createStatementUploads<StatementImportAnswer>(options.reconUpload);
  const mitBatches = createMitBatchRunner({
    ledger,
    payments,
    profiles,
    bus,
    auditor,
    clock,
    logger,
    instanceId: `console-${randomUUID()}`,
    ...(options.mitBatchLeaseMs ? { leaseMs: options.mitBatchLeaseMs } : {}),
  });
  const stopFollowingPayments = followChangesElsewhere(ledger, { engine: payments.engine, bus, logger });
  const stopFollowingApprovals = approvals.followElsewhere();
  const stopFollowing = () => {
    stopFollowingPayments();
    stopFollowingApprovals();
  };

  let sandbox: SandboxWorkspace | null = null;
  try {
    if (options.notifications?.enabled ?? true) {
      notifications = await startNotificationReceiver({
        ledger,
        profiles,
        engine: payments.engine,
        mandates,
        auditor,
        clock,
        logger,
        port: options.notifications?.port ?? 0,
        publicHost: options.settings.read().notifications.publicHost,
        ...(options.notifications?.limits ? { limits: options.notifications.limits } : {}),
      });
    }
    if (options.sandbox?.enabled ?? true) {
      sandbox = await startSandboxWorkspace({
        definitions,
        profiles,
        settings: options.settings,
        clock,
        logger,
        port: options.sandbox?.port ?? options.settings.read().sandbox.port,
        notificationUrlFor: notifications ? notifications.urlFor : null,
        auditUnavailable,
      });
    }
    // Without the audit key, recovery and status checks could only ask gateways for answers they
    // could not record: they wait for a start with a keychain, which runs them as usual.
    if (auditUnavailable === null && writes) {
      if (options.recoverOnStart ?? true) {
        const summary = await payments.recover(SYSTEM_CONTEXT);
        if (summary.examined) logger.info('recovery pass finished', summary);
      }
      if (rights.has('recon')) {
        const abandoned = await cancelAbandoned();
        if (abandoned.length > 0) logger.warn('reconciliation imports abandoned by a console that stopped were cancelled', { sessions: abandoned });
      }
      if (rights.has('mit')) {
        // After recovery, so a batch's rows left charging find their operations already resolved where the gateway could say.
        const resumed = await mitBatches.resumeAbandoned();
        if (resumed.length > 0) logger.warn('batches left running by a console that stopped are resumed', { batches: resumed });
        if (options.mitBatchWatch ?? options.mode !== 'cli') mitBatches.watchAbandoned();
      }
      if (options.poller?.autoStart ?? true) await poller.start(options.poller?.intervalMs);
      else await poller.reconcile();
    }
  } catch (error) {
    await mitBatches.close();
    stopFollowing();
    await poller.stop();
    await sandbox?.server.close();
    await notifications?.close();
    await http.close();
    await ledger.close();
    throw error;
  }

  const gatewayOfProfile = (profileId: string) => getGateway(profiles.get(profileId).gatewayId);
  const savedMappings = createSavedMappingStore(options.settings);
  const reconImport = { recon, bus, resolveMapping: createMappingResolver({ gatewayOfProfile, saved: savedMappings }) };
  const handlers = createHandlers({
    version: options.version ?? readVersion(),
    mode: options.mode,
    dataDir: options.dataDir,
    operator,
    ledger,
    profiles,
    payments,
    mandates,
    poller,
    auditor,
    definitions,
    gatewayView: recordsViewOf,
    sandbox: () => sandbox,
    notifications: () => notifications,
    logger,
    clock,
    ledgerChoice: { settings: options.settings, vault, auditor, logger },
    audit: { ledger, clock, dataDir: options.dataDir },
    recon: {
      ledger,
      recon,
      clock,
      dataDir: options.dataDir,
      // Without the audit key the cancel cannot be recorded, so it waits for a start with one; the list is answered all the same.
      cancelAbandoned: () => cancelAbandoned().catch((error: unknown) => logger.warn('abandoned reconciliation imports could not be cancelled', { error: error instanceof Error ? error.message : String(error) })),
    },
    reconImport,
    reconUpload: { reconImport, uploads },
    reconMappings: { saved: savedMappings, gateways: definitions, gatewayOfProfile, auditor, clock },
    savedViews: { views: createSavedViewStore(options.settings), auditor, clock },
    reconFetch: { recon, bus, profiles, deliveries: () => notifications?.reports ?? null },
    paymentExport: { ledger, clock, bus, gatewayView: recordsViewOf, dataDir: options.dataDir },
    mitBatch: { ledger, profiles, auditor, clock, runner: mitBatches, dataDir: options.dataDir },
    operators: { access, approvals, auditor },
    notices: () => [...(seal.state === 'sealed' ? [] : [readOnlyNotice(seal)]), ...options.settings.problems().map((problem) => problem.message)],
  });
  const door = createDoor(gateAuditedChannels(gateOperatorRights(handlers, access), auditRefusal), bus, logger);

  return {
    door,
    operator,
    info: { dataDir: options.dataDir, workspaceId, sandboxBaseUrl: sandbox?.server.baseUrl ?? null, sandboxWarning: sandbox?.warning ?? null, auditUnavailable },
    internals: { ledger, vault, payments, profiles, mandates, sandbox, notifications, poller, recon, mitBatches, auditRefusal },
    async close() {
      // An upload cut off by the close is cancelled while the ledger is still open to remove its rows.
      await uploads.close();
      await mitBatches.close();
      stopFollowing();
      await poller.stop();
      await sandbox?.server.close();
      await notifications?.close();
      await http.close();
      await ledger.close();
    },
  };
}

/** What the operator is shown (`app:info` → notices, at most 1,000 characters each). */
function readOnlyNotice(seal: Exclude<AuditSeal, { state: 'sealed' }>): string {
  const reason = seal.reason;
  const refused =
    'lists, details and audit verification work; payments, refunds, captures, voids, profile and credential changes are refused, ' +
    'status checks and the recovery of unfinished operations wait, and webhooks are answered with an error for the gateway to send again.';
  const notice =
    seal.state === 'replaced'
      ? `The audit log's key or workspace file was replaced, so the console is read-only: ${refused}`
      : seal.state === 'not_held'
        ? `This console does not hold the team's audit key, so it is read-only: ${refused}`
        : `The OS keychain did not give the audit log its key, so the console is read-only: ${refused} Restart the console once the keychain answers.`;
  const room = 1_000 - notice.length - ' ()'.length;
  return `${notice} (${reason.length > room ? `${reason.slice(0, room - 1)}…` : reason})`;
}

function safeHostname(): string {
  try {
    return hostname();
  } catch {
    return 'unknown-host';
  }
}

function safeOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown-user';
  }
}
