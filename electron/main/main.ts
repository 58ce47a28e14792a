/**
 * Electron's entry point (bundled to dist-electron/main.cjs): the real Electron module goes in;
 * the core runs in a utility process (dist-electron/core-host.cjs, next to this bundle), so this
 * process never touches the ledger. Everything else is in console-app.ts.
 */
import * as electron from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleLogger } from '../core/console-logger.ts';
import { runConsoleApp } from './console-app.ts';
import { startCoreClient } from './core-client.ts';
import { spawnUtilityCoreHost } from './utility-core-host.ts';

// build/scripts/build-electron.ts writes the host bundle under this name.
const CORE_HOST_BUNDLE = 'core-host.cjs';

const coreHostEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), CORE_HOST_BUNDLE);

runConsoleApp({
  electron,
  logger: consoleLogger,
  platform: process.platform,
  startCore: (dataDir) =>
    startCoreClient({
      spawn: () => spawnUtilityCoreHost(electron, coreHostEntry),
      start: { dataDir, version: electron.app.getVersion(), sandbox: { enabled: true } },
      logger: consoleLogger,
    }),
});
