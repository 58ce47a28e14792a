/** The payments list's saved views: list, save, rename / pin / replace, delete; each change audited as a settings change. */
import type { Auditor } from '../audit.ts';
import type { Handlers } from '../door.ts';
import type { Clock } from '../ports.ts';
import type { SavedViewStore } from './saved-views.ts';

export const SAVED_VIEW_CHANNELS = ['views:list', 'views:save', 'views:update', 'views:delete'] as const;
export type SavedViewChannel = (typeof SAVED_VIEW_CHANNELS)[number];

export interface SavedViewDeps {
  readonly views: SavedViewStore;
  readonly auditor: Auditor;
  readonly clock: Clock;
}

export function createSavedViewHandlers(deps: SavedViewDeps): Pick<Handlers, SavedViewChannel> {
  return {
    'views:list': async () => deps.views.list(),
    'views:save': async (input, context) => {
      const view = deps.views.create(input, { savedBy: context.operator, now: deps.clock.now() });
      await deps.auditor.record(context, 'settings.view.save', { type: 'saved_view', id: view.id }, 'succeeded', { name: view.name, pinned: view.pinned });
      return view;
    },
    'views:update': async ({ id, ...change }, context) => {
      const view = deps.views.update(id, change, { savedBy: context.operator, now: deps.clock.now() });
      await deps.auditor.record(context, 'settings.view.update', { type: 'saved_view', id }, 'succeeded', {
        name: view.name,
        pinned: view.pinned,
        changed: Object.keys(change).filter((key) => change[key as keyof typeof change] !== undefined),
      });
      return view;
    },
    'views:delete': async (input, context) => {
      const deleted = deps.views.remove(input.id);
      if (deleted) await deps.auditor.record(context, 'settings.view.delete', { type: 'saved_view', id: input.id }, 'succeeded');
      return { deleted };
    },
  };
}
