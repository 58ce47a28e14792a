import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { consoleQueryClient } from '../../../queries/query-client.ts';
import { sandboxToolsKeys } from '../queries/sandbox-tools-queries.ts';
import { createSandboxToolsStore, type SandboxToolsState } from './sandbox-tools-store.ts';

export const sandboxToolsStore = createSandboxToolsStore(call, async () => {
  const profileId = sandboxToolsStore.getState().profileId;
  if (profileId === null) return;
  await Promise.all(sandboxToolsKeys(call, profileId).map((queryKey) => consoleQueryClient.invalidateQueries({ queryKey })));
});

export function useSandboxTools<T>(selector: (state: SandboxToolsState) => T): T {
  return useStore(sandboxToolsStore, selector);
}
