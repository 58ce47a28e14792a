import { createStore } from 'zustand/vanilla';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';

export interface ActionResult {
  readonly action: string;
  readonly targetId: string;
  readonly ok: boolean;
  readonly message: string;
}

/** Playing the customer: one action at a time and its answer. What waits on the customer is in the query cache. */
export interface SandboxToolsState {
  /** The profile the last answer is about; another profile's is not shown. */
  profileId: string | null;
  acting: { action: string; targetId: string } | null;
  lastResult: ActionResult | null;
  actionError: ErrorShape | null;
  chooseProfile(profileId: string): void;
  act(action: string, targetId: string): Promise<boolean>;
}

/** `waitingChanged`: reads again what waits on the customer (an action moves it). */
export function createSandboxToolsStore(call: CallFn, waitingChanged: () => Promise<void>) {
  return createStore<SandboxToolsState>()((set, get) => ({
    profileId: null,
    acting: null,
    lastResult: null,
    actionError: null,
    chooseProfile(profileId) {
      if (get().profileId !== profileId) set({ profileId, lastResult: null, actionError: null });
    },
    async act(action, targetId) {
      if (get().acting !== null) return false;
      set({ acting: { action, targetId }, actionError: null, lastResult: null });
      const result = await call('sandbox:act', { action, targetId });
      if (!result.ok) {
        set({ acting: null, actionError: result.error });
        return false;
      }
      set({ acting: null, lastResult: { action, targetId, ok: result.value.ok, message: result.value.message } });
      await waitingChanged();
      return result.value.ok;
    },
  }));
}
