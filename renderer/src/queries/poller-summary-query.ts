import type { QueryClient } from '@tanstack/react-query';
import type { ChannelOutput } from '../../../shared/ipc/contract.ts';
import type { CallFn } from '../api/client.ts';
import { channelQuery, channelKey } from './channel-query.ts';

/** What the shell's badges show: entries the poller waits on, and payments a person must look at. */
export type PollerSummary = ChannelOutput<'poller:summary'>;

export function pollerSummaryQuery(call: CallFn) {
  return channelQuery(call, 'poller:summary', {});
}

/** The poller's own report after a pass (or an unfiltered queue, which counts the same) is the answer the badges would ask for. */
export function pollerSummaryReported(queryClient: QueryClient, summary: PollerSummary): void {
  queryClient.setQueryData(channelKey('poller:summary', {}), { waiting: summary.waiting, needsReview: summary.needsReview });
}

/** A badge shows only a known, non-zero count: none until the core first answers (or when it has no poller), rather than a wrong 0. */
export function badgeCount(count: number | undefined): number | null {
  return count !== undefined && count > 0 ? count : null;
}

export function selectWaitingBadge(summary: PollerSummary | undefined): number | null {
  return badgeCount(summary?.waiting);
}

export function selectNeedsReviewBadge(summary: PollerSummary | undefined): number | null {
  return badgeCount(summary?.needsReview);
}

/** Badges are small: past 999 the exact figure is on the screen they lead to. */
export function badgeLabel(count: number): string {
  return count > 999 ? '999+' : String(count);
}
