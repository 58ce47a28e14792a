/**
 * The statement mappings a profile can import with (shipped and saved), and the column picker's
 * live preview and save. The core keeps the mappings; this holds the last answers only.
 */
import { createStore } from 'zustand/vanilla';
import type { MappingDraft, MappingListEntry, StatementPreviewView } from '../../../../../shared/domain/recon-mapping.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';

export interface MappingState {
  /** The profile the list was asked for; a list for another profile is not shown. */
  mappingsProfileId: string | null;
  mappings: MappingListEntry[];
  mappingsError: ErrorShape | null;
  preview: StatementPreviewView | null;
  previewError: ErrorShape | null;
  /** Bumped by every preview request so an older answer arriving late is dropped. */
  previewGeneration: number;
  saving: boolean;
  saveError: ErrorShape | null;
  loadMappings(profileId: string): Promise<void>;
  requestPreview(contentBase64: string, draft: MappingDraft | null): Promise<void>;
  clearPreview(): void;
  /** The saved mapping, or null when the core refused it (the error is kept). */
  saveMapping(mapping: MappingDraft & { name: string }, replace: boolean): Promise<MappingListEntry | null>;
  deleteMapping(name: string): Promise<void>;
}

export function createMappingStore(call: CallFn) {
  return createStore<MappingState>()((set, get) => ({
    mappingsProfileId: null,
    mappings: [],
    mappingsError: null,
    preview: null,
    previewError: null,
    previewGeneration: 0,
    saving: false,
    saveError: null,
    async loadMappings(profileId) {
      if (get().mappingsProfileId !== profileId) set({ mappingsProfileId: profileId, mappings: [], mappingsError: null });
      const answer = await call('recon:mappings', { profileId });
      if (get().mappingsProfileId !== profileId) return;
      set(answer.ok ? { mappings: answer.value, mappingsError: null } : { mappingsError: answer.error });
    },
    async requestPreview(contentBase64, draft) {
      const generation = get().previewGeneration + 1;
      set({ previewGeneration: generation });
      // The draft's format goes as the choice too: a half-made mapping is not read, but its format still applies.
      const answer = await call('recon:preview', { contentBase64, ...(draft ? { mapping: draft } : {}), ...(draft?.format ? { format: draft.format } : {}) });
      if (get().previewGeneration !== generation) return;
      set(answer.ok ? { preview: answer.value, previewError: null } : { previewError: answer.error });
    },
    clearPreview() {
      set({ preview: null, previewError: null, previewGeneration: get().previewGeneration + 1, saveError: null });
    },
    async saveMapping(mapping, replace) {
      if (get().saving) return null;
      set({ saving: true, saveError: null });
      const answer = await call('recon:saveMapping', { mapping, replace });
      set({ saving: false });
      if (!answer.ok) {
        set({ saveError: answer.error });
        return null;
      }
      const profileId = get().mappingsProfileId;
      if (profileId !== null) await get().loadMappings(profileId);
      return answer.value;
    },
    async deleteMapping(name) {
      if (get().saving) return;
      set({ saving: true, saveError: null });
      const answer = await call('recon:deleteMapping', { name });
      set({ saving: false, ...(answer.ok ? {} : { saveError: answer.error }) });
      const profileId = get().mappingsProfileId;
      if (profileId !== null) await get().loadMappings(profileId);
    },
  }));
}
