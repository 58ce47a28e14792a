/**
 * Browser mode's entry point (`npm run start:browser`): the core in plain Node with the OS keychain
 * and conf for settings, the contract on 127.0.0.1, the renderer bundle in Chromium.
 */
import path from 'node:path';
import { appRootFrom } from '../core/app-root.ts';
import { consoleLogger, createCore } from '../core/create-core.ts';
import { defaultDataDir } from '../core/data-dir.ts';
import { createNodeSettingsStore } from '../core/settings/conf-backend.ts';
import { createKeytarVault } from '../core/vault/keytar-vault.ts';
import { launchBrowser } from './launch.ts';
import { startBrowserServer } from './server.ts';

// Run from source (electron/browser/) or as the bundle start.sh builds (dist-electron/).
const repoRoot = appRootFrom(import.meta.url) ?? process.cwd();

const dataDir = defaultDataDir();
const port = Number(process.env.CONSOLE_BROWSER_PORT ?? '0');

const core = await createCore({
  mode: 'browser',
  dataDir,
  vault: createKeytarVault(),
  settings: createNodeSettingsStore(dataDir),
  logger: consoleLogger,
  sandbox: { enabled: true },
});
const server = await startBrowserServer({
  door: core.door,
  operator: core.operator,
  staticDir: path.join(repoRoot, 'renderer', 'dist'),
  port: Number.isInteger(port) && port >= 0 ? port : 0,
  host: '127.0.0.1',
  logger: consoleLogger,
});
launchBrowser(server.url);

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
