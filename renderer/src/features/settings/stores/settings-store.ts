import { createStore, type StateCreator } from 'zustand/vanilla';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';

/** Which profile the settings screen is editing, and the last answer for each credential action. */
export interface EditorSlice {
  editing: { mode: 'create' } | { mode: 'edit'; profileId: string } | null;
  startCreate(): void;
  startEdit(profileId: string): void;
  closeEditor(): void;
}

export type CredentialNotice = { readonly tone: 'ok' | 'error'; readonly text: string };

export interface NoticesSlice {
  profileError: ErrorShape | null;
  profileNotice: string | null;
  credentialNotices: Record<string, CredentialNotice>;
  busyKey: string | null;
  setProfileResult(error: ErrorShape | null, notice: string | null): void;
  setCredentialNotice(key: string, notice: CredentialNotice | null): void;
  setBusy(key: string | null): void;
}

export type SettingsState = EditorSlice & NoticesSlice;

const createEditorSlice: StateCreator<SettingsState, [], [], EditorSlice> = (set) => ({
  editing: null,
  startCreate() {
    set({ editing: { mode: 'create' }, profileError: null, profileNotice: null, credentialNotices: {} });
  },
  startEdit(profileId) {
    set({ editing: { mode: 'edit', profileId }, profileError: null, profileNotice: null, credentialNotices: {} });
  },
  closeEditor() {
    set({ editing: null, profileError: null, profileNotice: null, credentialNotices: {} });
  },
});

const createNoticesSlice: StateCreator<SettingsState, [], [], NoticesSlice> = (set, get) => ({
  profileError: null,
  profileNotice: null,
  credentialNotices: {},
  busyKey: null,
  setProfileResult(error, notice) {
    set({ profileError: error, profileNotice: notice });
  },
  setCredentialNotice(key, notice) {
    const next = { ...get().credentialNotices };
    if (notice) next[key] = notice;
    else delete next[key];
    set({ credentialNotices: next });
  },
  setBusy(key) {
    set({ busyKey: key });
  },
});

export function createSettingsStore() {
  return createStore<SettingsState>()((...args) => ({
    ...createEditorSlice(...args),
    ...createNoticesSlice(...args),
  }));
}
