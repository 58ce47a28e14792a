import { useStore } from 'zustand';
import { createOperatorsStore, type OperatorsState } from './operators-store.ts';

export const operatorsStore = createOperatorsStore();

export function useOperators<T>(selector: (state: OperatorsState) => T): T {
  return useStore(operatorsStore, selector);
}
