import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { call, subscribe } from '../api/client.ts';
import type { ErrorShape } from '../../../shared/ipc/envelope.ts';
import { errorShapeOf } from './channel-query.ts';
import { operatorMeQuery, rightsOf, type OperatorRights } from './operator-query.ts';

/**
 * An admin may change this operator's role from another console, and no event says so: the
 * operator is read again now and then and when the window comes back to the front.
 */
const REREAD_EVERY_MS = 60_000;

function useOperatorMe() {
  return useQuery({ ...operatorMeQuery(call), refetchInterval: REREAD_EVERY_MS, refetchOnWindowFocus: true });
}

/** The one place screens learn what the operator may do (`operators:me`, cached once for the whole renderer). */
export function useOperatorRights(): OperatorRights {
  return rightsOf(useOperatorMe().data);
}

/** Why nothing that takes a right is offered, when the core could not say who the operator is. */
export function useOperatorRightsError(): ErrorShape | null {
  const { data, error } = useOperatorMe();
  return data === undefined ? errorShapeOf(error) : null;
}

/** A restarted core may be on another ledger (a saved choice applies on start): who we are is asked again. */
export function useOperatorRightsSync(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      subscribe('core:availability', (change) => {
        if (change.available) void queryClient.invalidateQueries({ queryKey: operatorMeQuery(call).queryKey });
      }),
    [queryClient],
  );
}
