/**
 * A suite's console data folder: one profile per gateway pointing at the sandbox process, as a
 * merchant would set them up (base URL, options, credentials in the keychain under a service name
 * of the suite's own), and the emulators told where the console receives webhooks. The console's
 * built-in sandbox stays off: the sandbox must outlive the consoles a suite kills.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createCore } from '../../../electron/core/create-core.ts';
import { createNodeSettingsStore } from '../../../electron/core/settings/conf-backend.ts';
import { createKeytarVault } from '../../../electron/core/vault/keytar-vault.ts';
import type { TestedGatewayId } from '../../helpers/gateway-ids.ts';
import type { LedgerLocation } from '../../../electron/core/ledger/port.ts';
import { createTestDatabase } from '../../helpers/postgres-test-database.ts';
import type { SoakLedgerKind } from '../suite.ts';
import type { SoakLedger } from './ledger-snapshot.ts';
import type { SandboxProcess } from './sandbox-process.ts';

export interface SoakWorkspace {
  readonly dataDir: string;
  /** The consoles' ledger: the SQLite file in the data folder, or a PostgreSQL database of the suite's own. */
  readonly ledger: SoakLedger;
  readonly keychainService: string;
  readonly profiles: Partial<Record<TestedGatewayId, string>>;
  /** The console's webhook port, kept across restarts so the emulators' retries reach the next process. */
  readonly notificationsPort: number;
  remove(): Promise<void>;
}

const quiet = { info() {}, warn() {}, error() {} };
/** The emulators record a request as they act; the window still covers the latency the suites inject (≤ 400 ms). */
export const SOAK_SETTLE_WINDOW_MS = 1_000;

/** A loopback port nothing listens on (just now). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * `ledger`: where the consoles keep their ledger; `postgres` gives the workspace a database of its
 * own on the test server, dropped by `remove()`.
 */
export async function createWorkspace(sandbox: SandboxProcess, gatewayIds: readonly TestedGatewayId[], name: string, ledgerKind: SoakLedgerKind = 'sqlite'): Promise<SoakWorkspace> {
  const dataDir = mkdtempSync(join(tmpdir(), `console-soak-${name}-`));
  const keychainService = `payments-console-soak-${name}-${randomBytes(4).toString('hex')}`;
  const database = ledgerKind === 'postgres' ? await createTestDatabase() : null;
  const ledger: SoakLedger = database === null ? { kind: 'sqlite', dataDir } : { kind: 'postgres', url: database.url };
  const location = coreLedgerLocation(ledger);
  const core = await createCore({
    ...(location === undefined ? {} : { ledger: location }),
    mode: 'cli',
    dataDir,
    vault: createKeytarVault(keychainService),
    settings: createNodeSettingsStore(dataDir),
    logger: quiet,
    sandbox: { enabled: false },
    notifications: { enabled: false },
    poller: { autoStart: false },
    recoverOnStart: false,
  });
  const context = { origin: 'cli' as const, operator: 'soak-setup' };
  const profiles: Partial<Record<TestedGatewayId, string>> = {};
  const accounts: string[] = [];
  try {
    for (const gatewayId of gatewayIds) {
      const gateway = sandbox.gateways.find((candidate) => candidate.gatewayId === gatewayId);
      if (gateway === undefined) throw new Error(`the sandbox has no ${gatewayId}`);
      const created = await core.door.invoke('profiles:create', { name: `Soak · ${gatewayId}`, gatewayId, environment: 'sandbox', baseUrl: gateway.baseUrl, options: { ...gateway.options, settleWindowMs: SOAK_SETTLE_WINDOW_MS } }, context);
      if (!created.ok) throw new Error(`profile for ${gatewayId}: ${created.error.message}`);
      const profileId = (created.value as { id: string }).id;
      profiles[gatewayId] = profileId;
      for (const [field, value] of Object.entries(gateway.credentials)) {
        if (value === '') continue;
        const stored = await core.door.invoke('credentials:set', { profileId, field, value }, context);
        if (!stored.ok) throw new Error(`credential ${field} for ${gatewayId}: ${stored.error.message}`);
        accounts.push(`${profileId}/${field}`);
      }
    }
  } finally {
    await core.close();
  }
  const notificationsPort = await freePort();
  for (const gatewayId of gatewayIds) await sandbox.notifyTo(gatewayId, `http://127.0.0.1:${notificationsPort}/notifications/${encodeURIComponent(profiles[gatewayId] ?? '')}`);
  return {
    dataDir,
    ledger,
    keychainService,
    profiles,
    notificationsPort,
    async remove() {
      const vault = createKeytarVault(keychainService);
      for (const account of accounts) await vault.delete(account).catch(() => false);
      if (process.env['SOAK_KEEP']) {
        process.stderr.write(`soak: kept ${dataDir}${database === null ? '' : ` and ${database.url}`}\n`);
        return;
      }
      rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
}

/** The ledger a suite's console opens: the data folder's own file, or the workspace's database (the test server trusts loopback). */
export function coreLedgerLocation(ledger: SoakLedger): LedgerLocation | undefined {
  return ledger.kind === 'sqlite' ? undefined : { kind: 'postgres', connectionString: ledger.url, password: null };
}
