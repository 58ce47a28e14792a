/**
 * Browser mode's entry point (`npm run start:browser`): the core in plain Node with the OS keychain
 * and conf for settings, the contract on 127.0.0.1, the renderer bundle in Chromium.
 */
import path from 'node:path';
import { appRootFrom } from '../core/app-root.ts';
import { consoleLogger } from '../core/console-logger.ts';
import { launchBrowser } from './launch.ts';
import { startBrowserServer } from './server.ts';

// Run from source (electron/browser/) or as the bundle start.sh builds (dist-electron/).
const repoRoot = appRootFrom(import.meta.url) ?? process.cwd();
const port = Number(process.env.CONSOLE_BROWSER_PORT ?? '0');

/**
 * The browser loads the renderer while the core's modules load and the core starts (each about
 * half a second on a 2-core machine); the first calls wait for the core. A core that cannot start
 * still ends the process.
 */
async function startCore() {
  const [{ createCore }, { defaultDataDir }, { createNodeSettingsStore }, { createKeytarVault }] = await Promise.all([
    import('../core/create-core.ts'),
    import('../core/data-dir.ts'),
    import('../core/settings/conf-backend.ts'),
    import('../core/vault/keytar-vault.ts'),
  ]);
  const dataDir = defaultDataDir();
  return createCore({ mode: 'browser', dataDir, vault: createKeytarVault(), settings: createNodeSettingsStore(dataDir), logger: consoleLogger, sandbox: { enabled: true } });
}

type Core = Awaited<ReturnType<typeof startCore>>;
let coreStarted!: (core: Promise<Core>) => void;
const starting = new Promise<Core>((resolve) => {
  coreStarted = resolve;
});
const server = await startBrowserServer({
  door: starting.then((started) => started.door),
  operator: starting.then((started) => started.operator),
  staticDir: path.join(repoRoot, 'renderer', 'dist'),
  port: Number.isInteger(port) && port >= 0 ? port : 0,
  host: '127.0.0.1',
  logger: consoleLogger,
});
launchBrowser(server.url);
// Only now: loading the core's modules takes the thread for a few hundred milliseconds.
coreStarted(startCore());
const core = await starting;

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  await core.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
