import type { CallFn } from '../../../api/client.ts';
import { channelQuery } from '../../../queries/channel-query.ts';
import { queueInput, type QueueFilters } from '../stores/status-queue-store.ts';

/** The poller's queue under the filters, every entry up to the queue's limit. */
export function pollerQueueQuery(call: CallFn, filters: QueueFilters) {
  return channelQuery(call, 'poller:queue', queueInput(filters));
}
