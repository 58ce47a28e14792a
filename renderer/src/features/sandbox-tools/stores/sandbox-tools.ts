import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { createSandboxToolsStore, type SandboxToolsState } from './sandbox-tools-store.ts';

export const sandboxToolsStore = createSandboxToolsStore(call);

export function useSandboxTools<T>(selector: (state: SandboxToolsState) => T): T {
  return useStore(sandboxToolsStore, selector);
}
