/**
 * Electron's entry point (bundled to dist-electron/main.cjs): the real Electron module, the OS
 * keychain and electron-store go in; everything else is in console-app.ts.
 */
import * as electron from 'electron';
import ElectronStore from 'electron-store';
import { consoleLogger, createCore } from '../core/create-core.ts';
import { createKeytarVault } from '../core/vault/keytar-vault.ts';
import { runConsoleApp } from './console-app.ts';
import { createElectronSettingsStore } from './electron-settings.ts';

runConsoleApp({
  electron,
  logger: consoleLogger,
  platform: process.platform,
  startCore: (dataDir) =>
    createCore({
      mode: 'electron',
      version: electron.app.getVersion(),
      dataDir,
      vault: createKeytarVault(),
      settings: createElectronSettingsStore(ElectronStore, { cwd: dataDir }),
      logger: consoleLogger,
      sandbox: { enabled: true },
    }),
});
