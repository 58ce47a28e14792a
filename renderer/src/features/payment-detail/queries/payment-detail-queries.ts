import type { QueryClient } from '@tanstack/react-query';
import type { PaymentDetail, PaymentSummary, WireEntry } from '../../../../../shared/ipc/contract.ts';
import type { CallFn } from '../../../api/client.ts';
import { isOlderSummary } from '../../../domain/summary-order.ts';
import { channelKey, channelQuery, keysetQuery, type KeysetPages } from '../../../queries/channel-query.ts';
import type { DetailCache } from '../stores/payment-detail-store.ts';

/** A payment with its operations, status history, allowed actions and wire log. */
export function paymentDetailQuery(call: CallFn, paymentId: string) {
  return channelQuery(call, 'payments:get', { paymentId });
}

function detailKey(paymentId: string) {
  return channelKey('payments:get', { paymentId });
}

/**
 * The core announced a payment's new summary: a cached page of that payment shows its amounts and
 * status at once (the time line and the allowed actions follow when it is read again); an
 * announcement older than what is shown changes nothing.
 */
export function summaryChangedInCache(queryClient: QueryClient, summary: PaymentSummary): void {
  const query = queryClient.getQueryCache().find<PaymentDetail>({ queryKey: detailKey(summary.id), exact: true });
  const detail = query?.state.data;
  if (query === undefined || detail === undefined || isOlderSummary(summary, detail.payment)) return;
  queryClient.setQueryData<PaymentDetail>(query.queryKey, { ...detail, payment: summary }, { updatedAt: query.state.dataUpdatedAt });
}

export function detailCacheOf(queryClient: QueryClient): DetailCache {
  return {
    detailChanged: (paymentId) => queryClient.refetchQueries({ queryKey: detailKey(paymentId), exact: true }),
    detailAnswered: (detail) => queryClient.setQueryData(detailKey(detail.payment.id), detail),
  };
}

/** Wire entries asked for at a time: a page of exchanges is read when the section opens, older ones on request. */
export const WIRE_PAGE_SIZE = 20;

/** The payment's redacted wire log, newest first, one cache entry whose pages are the cursor's steps. */
export function wireLogQuery(call: CallFn, paymentId: string) {
  return keysetQuery(call, 'payments:wireLog', { paymentId, limit: WIRE_PAGE_SIZE });
}

export function wireEntriesOfPages(pages: KeysetPages<'payments:wireLog'> | undefined): WireEntry[] {
  return pages?.pages.flatMap((page) => page.entries) ?? [];
}
