/**
 * Settings in plain Node (browser mode, CLI, tests) on `conf`: the same file electron-store writes
 * in Electron (`<data folder>/settings.json`), so the three ways in share one configuration.
 */
import Conf from 'conf';
import { createSettingsStore, type SettingsStore } from './settings-store.ts';

export const SETTINGS_FILE_NAME = 'settings';

export function createNodeSettingsStore(dataDir: string): SettingsStore {
  const conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: SETTINGS_FILE_NAME, projectName: 'payments-console' });
  return createSettingsStore({ get: (key) => conf.get(key), set: (key, value) => conf.set(key, value) });
}
