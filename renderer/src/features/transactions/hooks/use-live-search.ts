import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { transactionsStore, useTransactions } from '../stores/transactions.ts';

const TYPING_PAUSE_MS = 200;

/**
 * Searches again shortly after the query, a filter or the order stops changing, and on first
 * show; the totals follow the filters and query (an order changes no total).
 */
export function useLiveSearch(): void {
  const filters = useTransactions((state) => state.filters);
  const queryText = useTransactions((state) => state.queryText);
  const sort = useTransactions((state) => state.sort);
  useEffect(() => {
    const timer = window.setTimeout(() => void transactionsStore.getState().loadFirstPage(), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [filters, queryText, sort]);
  useEffect(() => {
    const timer = window.setTimeout(() => void transactionsStore.getState().loadTotals(), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [filters, queryText]);
}

/** Keeps rows on screen current when the core reports a payment changed (operation, poller, webhook). */
export function usePaymentChangedRefresh(): void {
  useEffect(
    () =>
      subscribe('payment:changed', (event) => {
        void transactionsStore.getState().paymentChanged(event.summary);
      }),
    [],
  );
}
