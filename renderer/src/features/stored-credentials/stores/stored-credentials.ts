import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { createStoredCredentialsStore, type StoredCredentialsState } from './stored-credentials-store.ts';

export const storedCredentialsStore = createStoredCredentialsStore(call);

export function useStoredCredentials<T>(selector: (state: StoredCredentialsState) => T): T {
  return useStore(storedCredentialsStore, selector);
}
