/**
 * The payments list's saved views, kept in the workspace's settings like the other configuration a
 * user makes (profiles, statement mappings). Each entry is read on its own, so one a newer version
 * wrote is left out of the list and written back as it was. Every change is checked inside the one
 * settings write, against the list as it is then: two names the same, or two views pinned, cannot
 * both land.
 */
import { randomBytes } from 'node:crypto';
import { savedViewSchema, type SavedView, type ViewContent } from '../../../shared/domain/saved-view.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { SettingsStore } from '../settings/settings-store.ts';

export interface SavedViewChange {
  readonly name?: string | undefined;
  readonly pinned?: boolean | undefined;
  readonly content?: ViewContent | undefined;
}

export interface SavedViewStore {
  /** The readable views, the pinned one first, then by name. */
  list(): SavedView[];
  /** Refuses a name already in use (ConflictError). Pinning it unpins the others. */
  create(input: { name: string; pinned: boolean; content: ViewContent }, by: { savedBy: string; now: Date }): SavedView;
  /** NotFoundError for an unknown id; ConflictError for a name another view has. */
  update(id: string, change: SavedViewChange, by: { savedBy: string; now: Date }): SavedView;
  /** False when no view has that id. */
  remove(id: string): boolean;
}

/** Names compare as a person reads them: case and surrounding spaces do not make two views. */
function sameName(left: string, right: string): boolean {
  return left.trim().toLocaleLowerCase() === right.trim().toLocaleLowerCase();
}

function readView(raw: unknown): SavedView | null {
  const parsed = savedViewSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function idOf(raw: unknown): string | null {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : null;
}

function newViewId(): string {
  return `view_${randomBytes(9).toString('base64url').replace(/[^A-Za-z0-9]/g, '')}`;
}

function byPinThenName(left: SavedView, right: SavedView): number {
  if (left.pinned !== right.pinned) return left.pinned ? -1 : 1;
  return left.name.localeCompare(right.name);
}

export function createSavedViewStore(settings: SettingsStore): SavedViewStore {
  /**
   * Writes `view` in place of the entry with its id (or adds it), refusing a name in use by another
   * readable view and unpinning the others when it is pinned. Unreadable entries are kept as they are.
   */
  function write(view: SavedView): SavedView {
    settings.update((current) => {
      const others = current.savedViews.filter((raw) => idOf(raw) !== view.id);
      const taken = others.some((raw) => {
        const other = readView(raw);
        return other !== null && sameName(other.name, view.name);
      });
      if (taken) {
        throw new ConflictError(`A view named “${view.name}” is already saved`, { name: 'Choose another name' });
      }
      // Only the pin changes on the others, so what a newer version added to an entry stays.
      const kept = view.pinned ? others.map((raw) => (readView(raw)?.pinned ? { ...(raw as object), pinned: false } : raw)) : others;
      return { ...current, savedViews: [...kept, view] };
    });
    return view;
  }

  const views = (): SavedView[] => settings.read().savedViews.flatMap((raw) => readView(raw) ?? []);

  return {
    list: () => views().sort(byPinThenName),
    create(input, by) {
      return write(savedViewSchema.parse({ id: newViewId(), name: input.name, pinned: input.pinned, content: input.content, savedAt: by.now.toISOString(), savedBy: by.savedBy }));
    },
    update(id, change, by) {
      const existing = views().find((view) => view.id === id);
      if (!existing) throw new NotFoundError('That saved view no longer exists');
      return write(
        savedViewSchema.parse({
          ...existing,
          name: change.name ?? existing.name,
          pinned: change.pinned ?? existing.pinned,
          content: change.content ?? existing.content,
          savedAt: by.now.toISOString(),
          savedBy: by.savedBy,
        }),
      );
    },
    remove(id) {
      if (!settings.read().savedViews.some((raw) => idOf(raw) === id)) return false;
      settings.update((current) => ({ ...current, savedViews: current.savedViews.filter((raw) => idOf(raw) !== id) }));
      return true;
    },
  };
}
