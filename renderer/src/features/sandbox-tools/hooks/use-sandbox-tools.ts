import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { call } from '../../../api/client.ts';
import { errorShapeOf } from '../../../queries/channel-query.ts';
import { useRefreshOnEvents } from '../../../queries/use-refresh-on-events.ts';
import { openPaymentsQuery, profileMandatesQuery, sandboxInfoQuery, sandboxToolsKeys } from '../queries/sandbox-tools-queries.ts';
import { sandboxToolsStore } from '../stores/sandbox-tools.ts';
import { selectOpenMandates, selectOpenPayments } from '../utils/sandbox-actions.ts';

/** A burst of events (poller passes, webhooks) reads what waits at most this often. */
const REFRESH_WINDOW_MS = 300;

/** What waits on the customer in the sandbox profile, and the buttons that play them. */
export function useSandboxWaiting(profileId: string) {
  const queryClient = useQueryClient();
  const info = useQuery(sandboxInfoQuery(call));
  const payments = useQuery(openPaymentsQuery(call, profileId));
  const mandates = useQuery(profileMandatesQuery(call, profileId));
  const answers = [info, payments, mandates];
  return {
    customerActions: info.data?.customerActions ?? [],
    payments: selectOpenPayments(payments.data?.rows ?? [], profileId),
    mandates: selectOpenMandates(mandates.data ?? [], profileId),
    loading: answers.some((answer) => answer.isPending && answer.isFetching),
    error: errorShapeOf(answers.find((answer) => answer.error !== null)?.error),
    refresh() {
      for (const queryKey of sandboxToolsKeys(call, profileId)) void queryClient.invalidateQueries({ queryKey });
    },
  };
}

/** Reads what waits again as payments and mandates move; an answer about another profile is put away. */
export function useSandboxToolsSync(profileId: string | null): void {
  useEffect(() => {
    if (profileId) sandboxToolsStore.getState().chooseProfile(profileId);
  }, [profileId]);
  useRefreshOnEvents(['payment:changed', 'mandate:changed'], profileId ? sandboxToolsKeys(call, profileId) : [], REFRESH_WINDOW_MS);
}
