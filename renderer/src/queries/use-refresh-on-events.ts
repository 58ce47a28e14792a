import { hashKey, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { EventName } from '../../../shared/ipc/contract.ts';
import { subscribe } from '../api/client.ts';
import { createCoalescedRefresh } from './coalesced-refresh.ts';

/** Reads the queries under `queryKeys` again, once per window of `windowMs`, after any of `events`. */
export function useRefreshOnEvents(events: readonly EventName[], queryKeys: readonly QueryKey[], windowMs: number): void {
  const queryClient = useQueryClient();
  // The keys and events are read through their hash: new arrays with the same content are no change.
  const watched = hashKey([events, queryKeys]);
  useEffect(() => {
    const refresh = createCoalescedRefresh(queryClient, windowMs);
    const changed = () => {
      for (const queryKey of queryKeys) refresh.request(queryKey);
    };
    const offs = events.map((event) => subscribe(event, changed));
    return () => {
      for (const off of offs) off();
      refresh.dispose();
    };
  }, [queryClient, watched, windowMs]);
}
