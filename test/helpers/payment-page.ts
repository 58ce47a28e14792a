/** The payment page's store and the query cache holding its payment, opened on one payment as the screen opens it. */
import type { CallFn } from '../../renderer/src/api/client.ts';
import { detailCacheOf, paymentDetailQuery } from '../../renderer/src/features/payment-detail/queries/payment-detail-queries.ts';
import { createPaymentDetailStore } from '../../renderer/src/features/payment-detail/stores/payment-detail-store.ts';
import { createConsoleQueryClient } from '../../renderer/src/queries/query-client.ts';

export async function openPaymentPage(call: CallFn, paymentId: string) {
  const client = createConsoleQueryClient();
  const store = createPaymentDetailStore(call, detailCacheOf(client));
  store.getState().open(paymentId);
  await client.fetchQuery(paymentDetailQuery(call, paymentId));
  return { client, store, detail: () => client.getQueryData(paymentDetailQuery(call, paymentId).queryKey) };
}
