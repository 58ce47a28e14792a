import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { createMappingStore, type MappingState } from './mapping-store.ts';

export const mappingStore = createMappingStore(call);

export function useMappings<T>(selector: (state: MappingState) => T): T {
  return useStore(mappingStore, selector);
}
