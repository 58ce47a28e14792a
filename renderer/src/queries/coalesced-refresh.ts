import { hashKey, type QueryClient, type QueryKey } from '@tanstack/react-query';

export interface CoalescedRefresh {
  /** Marks the queries under `queryKey` (a prefix) out of date; they are read again once the window ends. */
  request(queryKey: QueryKey): void;
  dispose(): void;
}

/**
 * Changes come in bursts (a poller pass, a batch, another console's import): the queries they
 * touch are invalidated once per window, however many events arrived in it, rather than once each.
 * A read still running when the window ends is cancelled and made again, so its answer, which may
 * predate a change, never stays on screen.
 */
export function createCoalescedRefresh(queryClient: QueryClient, windowMs: number): CoalescedRefresh {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    timer = undefined;
    const keys = [...pending.values()];
    pending.clear();
    // A read with no answer yet would otherwise absorb the refetch and keep its older answer.
    for (const queryKey of keys) void queryClient.cancelQueries({ queryKey }).then(() => queryClient.invalidateQueries({ queryKey }));
  }

  return {
    request(queryKey) {
      pending.set(hashKey(queryKey), queryKey);
      timer ??= setTimeout(flush, windowMs);
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
