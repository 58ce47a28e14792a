import { useStore } from 'zustand';
import { createSettingsStore, type SettingsState } from './settings-store.ts';

export const settingsStore = createSettingsStore();

export function useSettings<T>(selector: (state: SettingsState) => T): T {
  return useStore(settingsStore, selector);
}
