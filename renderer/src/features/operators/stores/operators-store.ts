import { createStore } from 'zustand/vanilla';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';

/** Which operator the screen is editing (or a new one), and the last outcome to tell the admin. */
export interface OperatorsState {
  editing: { readonly mode: 'create' } | { readonly mode: 'edit'; readonly login: string } | null;
  /** A removal waiting for its confirmation. */
  removing: string | null;
  notice: string | null;
  removeError: ErrorShape | null;
  startCreate(): void;
  startEdit(login: string): void;
  closeEditor(): void;
  askRemove(login: string | null): void;
  saved(notice: string): void;
  removed(notice: string | null, error: ErrorShape | null): void;
}

export function createOperatorsStore() {
  return createStore<OperatorsState>()((set) => ({
    editing: null,
    removing: null,
    notice: null,
    removeError: null,
    startCreate: () => set({ editing: { mode: 'create' }, notice: null, removeError: null }),
    startEdit: (login) => set({ editing: { mode: 'edit', login }, notice: null, removeError: null }),
    closeEditor: () => set({ editing: null }),
    askRemove: (login) => set({ removing: login, removeError: null, notice: null }),
    saved: (notice) => set({ editing: null, notice }),
    removed: (notice, error) => set({ removing: null, notice, removeError: error, editing: null }),
  }));
}
