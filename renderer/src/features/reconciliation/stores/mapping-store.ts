/**
 * Saving and deleting the statement mappings users made. The core keeps the mappings; the query
 * cache holds its lists and previews (queries/mapping-queries.ts).
 */
import { createStore } from 'zustand/vanilla';
import type { MappingDraft, MappingListEntry } from '../../../../../shared/domain/recon-mapping.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';

export interface MappingState {
  saving: boolean;
  saveError: ErrorShape | null;
  /** The saved mapping, or null when the core refused it (the error is kept). */
  saveMapping(mapping: MappingDraft & { name: string }, replace: boolean): Promise<MappingListEntry | null>;
  deleteMapping(name: string): Promise<void>;
  clearSaveError(): void;
}

/** `mappingsChanged`: reads the lists of mappings again after a save or a delete. */
export function createMappingStore(call: CallFn, mappingsChanged: () => Promise<void>) {
  return createStore<MappingState>()((set, get) => ({
    saving: false,
    saveError: null,
    async saveMapping(mapping, replace) {
      if (get().saving) return null;
      set({ saving: true, saveError: null });
      const answer = await call('recon:saveMapping', { mapping, replace });
      set({ saving: false });
      if (!answer.ok) {
        set({ saveError: answer.error });
        return null;
      }
      await mappingsChanged();
      return answer.value;
    },
    async deleteMapping(name) {
      if (get().saving) return;
      set({ saving: true, saveError: null });
      const answer = await call('recon:deleteMapping', { name });
      set({ saving: false, ...(answer.ok ? {} : { saveError: answer.error }) });
      await mappingsChanged();
    },
    clearSaveError() {
      set({ saveError: null });
    },
  }));
}
