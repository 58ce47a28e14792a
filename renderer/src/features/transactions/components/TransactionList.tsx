import { useEffect } from 'react';
import type { PaymentSummary } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { ImportedBadge } from '../../../components/ImportedBadge.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useVirtualRows } from '../../../components/use-virtual-rows.ts';
import { maskedCardLabel } from '../../../format/card-format.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { paymentHref } from '../../../routing/route.ts';
import { selectHasMore, selectVirtualRowCount, shouldLoadMore } from '../stores/transactions-store.ts';
import { transactionsStore, useTransactions } from '../stores/transactions.ts';
import { methodLabel } from '../../../format/method-label.ts';


function openPayment(paymentId: string): void {
  window.location.hash = paymentHref(paymentId);
}

export function TransactionList() {
  const t = useT();
  const rows = useTransactions((state) => state.rows);
  const phase = useTransactions((state) => state.phase);
  const error = useTransactions((state) => state.error);
  const stale = useTransactions((state) => state.stale);
  const skipped = useTransactions((state) => state.skipped);
  const hasMore = useTransactions(selectHasMore);
  const count = useTransactions(selectVirtualRowCount);
  const { scrollRef, virtualizer, items, lastVisibleIndex, focusIndex, setFocusIndex, onRowKeyDown } = useVirtualRows<PaymentSummary>({
    rows,
    count,
    keyOf: (row) => row.id,
    onActivate: (row) => openPayment(row.id),
  });

  useEffect(() => {
    if (shouldLoadMore(transactionsStore.getState(), lastVisibleIndex)) void transactionsStore.getState().loadNextPage();
  }, [lastVisibleIndex, rows.length, phase]);

  return (
    <div className="transaction-list">
      <div className="list-status" role="status" aria-live="polite">
        {phase === 'loading' ? t('common.loading') : t(hasMore ? 'transactions.countMore' : 'transactions.count', { count: rows.length })}
      </div>
      {stale && (
        <p className="notice">
          {t('transactions.stale')}{' '}
          <button type="button" onClick={() => void transactionsStore.getState().loadFirstPage()}>
            {t('transactions.refresh')}
          </button>
        </p>
      )}
      {skipped > 0 && (
        <p className="notice" data-testid="transactions-skipped">
          {t('transactions.skipped', { count: skipped })}
        </p>
      )}
      <ErrorNotice error={error} testId="transactions-error" />
      {error && rows.length > 0 && hasMore && (
        <button type="button" onClick={() => void transactionsStore.getState().retryNextPage()}>
          {t('app.retry')}
        </button>
      )}

      <div role="grid" aria-label={t('transactions.listLabel')} aria-rowcount={rows.length + 1} aria-busy={phase === 'loading'} className="tx-grid">
        <div role="row" aria-rowindex={1} className="tx-row tx-header">
          <span role="columnheader">{t('transactions.column.date')}</span>
          <span role="columnheader" className="numeric">
            {t('transactions.column.amount')}
          </span>
          <span role="columnheader">{t('transactions.column.status')}</span>
          <span role="columnheader">{t('transactions.column.card')}</span>
          <span role="columnheader">{t('transactions.column.reference')}</span>
          <span role="columnheader">{t('transactions.column.gatewayId')}</span>
        </div>
        <div ref={scrollRef} className="tx-scroll" data-testid="transactions-scroll">
          {rows.length === 0 && phase === 'ready' && <p className="empty">{t('transactions.empty')}</p>}
          <div className="tx-body" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) {
                return (
                  <div key={item.key} className="tx-row tx-loader" style={{ transform: `translateY(${item.start}px)` }} role="row">
                    <span role="gridcell">{t('transactions.loadingMore')}</span>
                  </div>
                );
              }
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className="tx-row"
                  data-testid="transaction-row"
                  data-payment-id={row.id}
                  data-row-index={item.index}
                  tabIndex={item.index === focusIndex ? 0 : -1}
                  style={{ transform: `translateY(${item.start}px)` }}
                  onClick={() => openPayment(row.id)}
                  onFocus={() => setFocusIndex(item.index)}
                  onKeyDown={(event) => onRowKeyDown(event, item.index, row)}
                >
                  <span role="gridcell">
                    <DateTime iso={row.createdAt} />
                  </span>
                  <span role="gridcell" className="numeric">
                    <Amount amount={row.amount} currency={row.currency} />
                  </span>
                  <span role="gridcell">
                    <StatusBadge status={row.status} />
                    {row.imported && (
                      <>
                        {' '}
                        <ImportedBadge />
                      </>
                    )}
                  </span>
                  <span role="gridcell">{maskedCardLabel(row.card) ?? methodLabel(t, row.method)}</span>
                  <span role="gridcell" className="truncate" title={row.merchantReference}>
                    {row.merchantReference}
                  </span>
                  <span role="gridcell" className="truncate mono" title={row.gatewayTransactionId ?? ''}>
                    {row.gatewayTransactionId ?? t('common.none')}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
