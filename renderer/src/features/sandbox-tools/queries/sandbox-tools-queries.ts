import type { QueryKey } from '@tanstack/react-query';
import type { CallFn } from '../../../api/client.ts';
import { channelQuery } from '../../../queries/channel-query.ts';
import { OPEN_PAYMENT_STATUSES } from '../utils/sandbox-actions.ts';

const PAGE = 200;

/** The buttons that play the customer, as the emulators offer them. */
export function sandboxInfoQuery(call: CallFn) {
  return channelQuery(call, 'sandbox:info', {});
}

/** The profile's payments that wait on the customer (or on an answer). */
export function openPaymentsQuery(call: CallFn, profileId: string) {
  return channelQuery(call, 'payments:search', { profileId, statuses: [...OPEN_PAYMENT_STATUSES], limit: PAGE });
}

export function profileMandatesQuery(call: CallFn, profileId: string) {
  return channelQuery(call, 'mandates:list', { profileId });
}

/** What the tools read for a profile: read again as payments and mandates move. */
export function sandboxToolsKeys(call: CallFn, profileId: string): QueryKey[] {
  return [sandboxInfoQuery(call).queryKey, openPaymentsQuery(call, profileId).queryKey, profileMandatesQuery(call, profileId).queryKey];
}
