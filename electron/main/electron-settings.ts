/**
 * Settings in Electron live in electron-store (a JSON file in the user-data folder). The store
 * class is passed in because importing electron-store pulls in `electron`, which only exists
 * inside the Electron binary.
 */
import { join } from 'node:path';
import { openSettingsStore, type KeyValueBackend, type SettingsStore } from '../core/settings/settings-store.ts';

export const SETTINGS_FILE_NAME = 'settings';

export type KeyValueStoreConstructor = new (options: { name: string; cwd?: string; clearInvalidConfig?: boolean }) => KeyValueBackend;

/** `cwd` is the data folder (Electron's user-data folder, electron-store's own default). */
export function createElectronSettingsStore(ElectronStore: KeyValueStoreConstructor, options: { cwd: string }): SettingsStore {
  return openSettingsStore({
    file: join(options.cwd, `${SETTINGS_FILE_NAME}.json`),
    // A damaged file is the settings store's to handle (kept aside, reported), never silently cleared.
    open: () => new ElectronStore({ name: SETTINGS_FILE_NAME, cwd: options.cwd, clearInvalidConfig: false }),
  });
}
