import { useStore } from 'zustand';
import { call } from '../api/client.ts';
import { createWorkspaceStore, type WorkspaceState } from './workspace-store.ts';

const ACTIVE_PROFILE_KEY = 'payments-console.active-profile';

export const workspaceStore = createWorkspaceStore({
  call,
  rememberProfile(profileId) {
    try {
      globalThis.localStorage?.setItem(ACTIVE_PROFILE_KEY, profileId);
    } catch {
      // Not remembered across restarts; the choice still applies now.
    }
  },
  recallProfile() {
    try {
      return globalThis.localStorage?.getItem(ACTIVE_PROFILE_KEY) ?? null;
    } catch {
      return null;
    }
  },
});

export function useWorkspace<T>(selector: (state: WorkspaceState) => T): T {
  return useStore(workspaceStore, selector);
}
