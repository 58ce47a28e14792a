import type { QueryClient } from '@tanstack/react-query';
import type { CallFn } from '../../../api/client.ts';
import { channelQuery } from '../../../queries/channel-query.ts';
import { operatorMeQuery } from '../../../queries/operator-query.ts';

export function operatorsListQuery(call: CallFn) {
  return channelQuery(call, 'operators:list', {});
}

/** A change to an operator changes the list and, when it was this operator, what the screens offer. */
export async function operatorsChanged(queryClient: QueryClient, call: CallFn): Promise<void> {
  await Promise.all([queryClient.invalidateQueries({ queryKey: operatorsListQuery(call).queryKey }), queryClient.invalidateQueries({ queryKey: operatorMeQuery(call).queryKey })]);
}
