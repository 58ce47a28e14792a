/**
 * Settings in plain Node (browser mode, CLI, tests) on `conf`: the same file electron-store writes
 * in Electron (`<data folder>/settings.json`), so the three ways in share one configuration.
 */
import { join } from 'node:path';
import Conf from 'conf';
import { openSettingsStore, type SettingsStore } from './settings-store.ts';

export const SETTINGS_FILE_NAME = 'settings';

export function createNodeSettingsStore(dataDir: string): SettingsStore {
  return openSettingsStore({
    file: join(dataDir, `${SETTINGS_FILE_NAME}.json`),
    // A damaged file is the settings store's to handle (kept aside, reported), never silently cleared.
    open: () => new Conf<Record<string, unknown>>({ cwd: dataDir, configName: SETTINGS_FILE_NAME, projectName: 'payments-console', clearInvalidConfig: false }),
  });
}
