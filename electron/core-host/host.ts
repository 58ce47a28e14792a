/**
 * Entry of the process that runs the core (bundled to dist-electron/core-host.cjs and started by
 * Electron's main as a utility process): the ledger, gateways, webhook receiver, poller and
 * sandbox live here, so a slow query or a crash never stalls or takes down the window.
 * Settings are read with the plain-Node store, which reads and writes the same settings.json.
 */
import { consoleLogger, createCore } from '../core/create-core.ts';
import { createNodeSettingsStore } from '../core/settings/conf-backend.ts';
import { createKeytarVault } from '../core/vault/keytar-vault.ts';
import { connectToParent } from './parent-link.ts';
import { serveCore, type ServingHost } from './serve-core.ts';

let serving: ServingHost | null = null;

// Without its parent nobody can reach this core: close it (journal writes finish) and end.
// No top-level await: the bundle is CommonJS.
void connectToParent(() => (serving ? void serving.close() : process.exit(0))).then((link) => {
  serving = serveCore({
    link,
    logger: consoleLogger,
    onClosed: () => process.exit(0),
    startCore: (options) =>
      createCore({
        mode: 'electron',
        version: options.version,
        dataDir: options.dataDir,
        vault: createKeytarVault(options.keychainService),
        settings: createNodeSettingsStore(options.dataDir),
        logger: consoleLogger,
        sandbox: options.sandbox,
      }),
  });
});
