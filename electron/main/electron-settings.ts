/**
 * Settings in Electron live in electron-store (a JSON file in the user-data folder). The store
 * class is passed in because importing electron-store pulls in `electron`, which only exists
 * inside the Electron binary.
 */
import { createSettingsStore, type KeyValueBackend, type SettingsStore } from '../core/settings/settings-store.ts';

export const SETTINGS_FILE_NAME = 'settings';

export type KeyValueStoreConstructor = new (options: { name: string; cwd?: string; clearInvalidConfig?: boolean }) => KeyValueBackend;

export function createElectronSettingsStore(ElectronStore: KeyValueStoreConstructor, options: { cwd?: string } = {}): SettingsStore {
  const backend = new ElectronStore({
    name: SETTINGS_FILE_NAME,
    // A damaged file is replaced rather than stopping the app; the settings schema refills defaults.
    clearInvalidConfig: true,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  return createSettingsStore(backend);
}
