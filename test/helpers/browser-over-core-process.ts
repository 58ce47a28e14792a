/**
 * Browser mode with its core in a process of its own, as Electron runs it: the browser-mode server
 * in the test process speaks to the core through the core client (electron/main/core-client.ts),
 * which starts the core again on the same data folder when it dies. The gateway is the sandbox as
 * a process of its own, so its book outlives every core. One Chromium page on the server.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startBrowserServer } from '../../electron/browser/server.ts';
import { startCoreClient, type CoreClient } from '../../electron/main/core-client.ts';
import type { TestedGatewayId } from './gateway-ids.ts';
import { launchChromium } from './browser.ts';
import { forkCoreHost, type ForkedCoreHost } from './forked-core-host.ts';
import { quietLogger } from './test-core.ts';
import { startSandboxProcess, type SandboxProcess } from '../soak/lib/sandbox-process.ts';
import { createWorkspace, type SoakWorkspace } from '../soak/lib/workspace.ts';

const SHORT_LEASE_HOST_ENTRY = fileURLToPath(new URL('./short-lease-core-host.ts', import.meta.url));

export interface BrowserOverCoreProcess {
  readonly sandbox: SandboxProcess;
  readonly workspace: SoakWorkspace;
  readonly client: CoreClient;
  readonly server: Awaited<ReturnType<typeof startBrowserServer>>;
  readonly page: Page;
  readonly pageErrors: string[];
  /** Every core process started so far, the current one last. */
  readonly hosts: readonly ForkedCoreHost[];
  close(): Promise<void>;
}

export interface CoreProcessOptions {
  readonly gatewayIds: readonly TestedGatewayId[];
  readonly name: string;
  /** The core's leases (journal and batch): how soon a process started after a kill may take over. */
  readonly leaseMs: number;
  /** How long after a core dies the next one starts. */
  readonly restartAfterMs: number;
}

export async function startBrowserOverCoreProcess(options: CoreProcessOptions): Promise<BrowserOverCoreProcess> {
  const sandbox = await startSandboxProcess();
  const workspace = await createWorkspace(sandbox, options.gatewayIds, options.name);
  const hosts: ForkedCoreHost[] = [];
  const client = await startCoreClient({
    spawn: () => {
      const host = forkCoreHost(SHORT_LEASE_HOST_ENTRY, [String(options.leaseMs)]);
      hosts.push(host);
      return host;
    },
    start: { dataDir: workspace.dataDir, version: '9.9.9-test', keychainService: workspace.keychainService, sandbox: { enabled: false } },
    logger: quietLogger,
    restart: { initialDelayMs: options.restartAfterMs, maxDelayMs: options.restartAfterMs, stableAfterMs: 60_000 },
  });
  const server = await startBrowserServer({ door: client.door, operator: client.operator, staticDir: path.resolve('renderer/dist'), host: '127.0.0.1', logger: quietLogger });
  const browser: Browser = await launchChromium();
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    sandbox,
    workspace,
    client,
    server,
    page,
    pageErrors,
    hosts,
    async close() {
      await browser.close();
      await server.close();
      await client.close();
      await sandbox.stop();
      await workspace.remove();
    },
  };
}
