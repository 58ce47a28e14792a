import type { StateCreator } from 'zustand/vanilla';
import type { SavedView } from '../../../../../shared/domain/saved-view.ts';
import type { ChannelInput } from '../../../../../shared/ipc/contract.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';
import type { TransactionsState } from './transactions-store.ts';

export type SavedViewChange = Omit<ChannelInput<'views:update'>, 'id'>;

/** The list's saved views, kept by the core in the workspace's settings; this holds the list as last read. */
export interface SavedViewsSlice {
  views: SavedView[];
  viewsError: ErrorShape | null;
  /** The view whose filters the list shows, until the operator changes them. */
  activeViewId: string | null;
  /** The pinned view opens once, when the list first loads its views; never again over the operator's own filters. */
  pinnedOpened: boolean;
  loadViews(): Promise<void>;
  openView(id: string): void;
  /** Saves the list as it is under `name`; true when saved. */
  saveView(name: string, pinned: boolean): Promise<boolean>;
  updateView(id: string, change: SavedViewChange): Promise<boolean>;
  deleteView(id: string): Promise<boolean>;
  clearViewsError(): void;
}

export const createSavedViewsSlice =
  (call: CallFn): StateCreator<TransactionsState, [], [], SavedViewsSlice> =>
  (set, get) => {
    async function reload(): Promise<boolean> {
      const result = await call('views:list', {});
      if (!result.ok) {
        set({ viewsError: result.error });
        return false;
      }
      set({ views: result.value });
      return true;
    }

    /** Runs one change and reads the list again (pinning one view unpins another on the core's side). */
    async function change(run: () => ReturnType<CallFn>): Promise<boolean> {
      set({ viewsError: null });
      const result = await run();
      if (!result.ok) {
        set({ viewsError: result.error });
        return false;
      }
      return reload();
    }

    return {
      views: [],
      viewsError: null,
      activeViewId: null,
      pinnedOpened: false,
      async loadViews() {
        if (!(await reload()) || get().pinnedOpened) return;
        set({ pinnedOpened: true });
        const pinned = get().views.find((view) => view.pinned);
        if (pinned) get().openView(pinned.id);
      },
      openView(id) {
        const view = get().views.find((candidate) => candidate.id === id);
        if (!view) return;
        get().applyContent(view.content);
        set({ activeViewId: view.id });
      },
      async saveView(name, pinned) {
        let savedId: string | null = null;
        const saved = await change(async () => {
          const result = await call('views:save', { name, pinned, content: get().currentContent() });
          if (result.ok) savedId = result.value.id;
          return result;
        });
        if (saved) set({ activeViewId: savedId });
        return saved;
      },
      updateView(id, update) {
        return change(() => call('views:update', { id, ...update }));
      },
      async deleteView(id) {
        const deleted = await change(() => call('views:delete', { id }));
        if (deleted && get().activeViewId === id) set({ activeViewId: null });
        return deleted;
      },
      clearViewsError() {
        set({ viewsError: null });
      },
    };
  };
