import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { consoleQueryClient } from '../../../queries/query-client.ts';
import { createMappingStore, type MappingState } from './mapping-store.ts';

export const mappingStore = createMappingStore(call, () => consoleQueryClient.invalidateQueries({ queryKey: ['recon:mappings'] }));

export function useMappings<T>(selector: (state: MappingState) => T): T {
  return useStore(mappingStore, selector);
}
