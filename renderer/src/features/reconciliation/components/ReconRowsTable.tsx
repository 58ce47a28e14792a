import { useEffect } from 'react';
import type { ReconRow } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useVirtualRows } from '../../../components/use-virtual-rows.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { paymentHref } from '../../../routing/route.ts';
import { virtualRowCount } from '../../../queries/keyset-list.ts';
import { useReconRows } from '../hooks/use-recon-session.ts';
import { ROWS_PANEL_ID } from './ClassTabs.tsx';
import { VirtualGridBody } from '../../../components/VirtualGridBody.tsx';

/** The session's rows as the file had them, virtualised and paged by cursor; Enter or a click picks a row to resolve. */
export function ReconRowsTable({ selectedRowId, onSelect }: { selectedRowId: number | null; onSelect: (rowId: number) => void }) {
  const t = useT();
  const locale = useIntlLocale();
  const list = useReconRows();
  const { rows, searching, error, hasMore } = list;
  const count = virtualRowCount(list);
  const { scrollRef, virtualizer, items, lastVisibleIndex, focusIndex, setFocusIndex, onRowKeyDown } = useVirtualRows<ReconRow>({
    rows,
    count,
    keyOf: (row) => row.id,
    onActivate: (row) => onSelect(row.id),
  });

  useEffect(() => list.loadMoreNear(lastVisibleIndex), [lastVisibleIndex, rows.length, list.fetching, hasMore, error !== null]);

  const numbers = new Intl.NumberFormat(locale);
  return (
    <div className="recon-rows" id={ROWS_PANEL_ID} role="tabpanel">
      <div className="list-status" role="status" aria-live="polite" data-testid="recon-rows-status">
        {searching ? t('common.loading') : t(hasMore ? 'recon.rows.countMore' : 'recon.rows.count', { count: numbers.format(rows.length) })}
      </div>
      <ErrorNotice error={error} testId="recon-rows-error" />
      <div role="grid" aria-label={t('recon.rows.label')} aria-rowcount={rows.length + 1} aria-busy={searching} className="tx-grid">
        <div role="row" aria-rowindex={1} className="tx-row tx-header recon-row">
          <span role="columnheader" className="numeric">
            {t('recon.rows.line')}
          </span>
          <span role="columnheader">{t('recon.rows.class')}</span>
          <span role="columnheader">{t('recon.rows.gatewayId')}</span>
          <span role="columnheader">{t('recon.rows.reference')}</span>
          <span role="columnheader" className="numeric">
            {t('recon.rows.fileAmount')}
          </span>
          <span role="columnheader" className="numeric">
            {t('recon.rows.ledgerAmount')}
          </span>
          <span role="columnheader">{t('recon.rows.statuses')}</span>
          <span role="columnheader">{t('recon.rows.date')}</span>
          <span role="columnheader">{t('recon.rows.resolution')}</span>
        </div>
        <VirtualGridBody
          scrollRef={scrollRef}
          testId="recon-rows-scroll"
          rows={rows}
          items={items}
          totalSize={virtualizer.getTotalSize()}
          empty={rows.length === 0 && !searching && error === null ? <p className="empty">{t('recon.rows.empty')}</p> : null}
          loaderClassName="recon-row"
          loadingText={t('recon.rows.loadingMore')}
          renderRow={(row, item) => {
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={row.id === selectedRowId}
                className={`tx-row recon-row${row.id === selectedRowId ? ' selected' : ''}`}
                data-testid="recon-row"
                data-row-id={row.id}
                data-class={row.reconClass}
                data-resolution={row.resolution?.kind ?? ''}
                data-row-index={item.index}
                tabIndex={item.index === focusIndex ? 0 : -1}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(row.id)}
                onFocus={() => setFocusIndex(item.index)}
                onKeyDown={(event) => onRowKeyDown(event, item.index, row)}
              >
                <span role="gridcell" className="numeric">
                  {row.line === null ? t('common.none') : numbers.format(row.line)}
                </span>
                <span role="gridcell" title={row.reason ?? ''}>
                  {t(`recon.class.${row.reconClass}`)}
                </span>
                <span role="gridcell" className="truncate mono" title={row.gatewayTransactionId ?? ''}>
                  {row.gatewayTransactionId ?? t('common.none')}
                </span>
                <span role="gridcell" className="truncate" title={row.merchantReference ?? ''}>
                  {row.paymentId ? (
                    <a href={paymentHref(row.paymentId)} onClick={(event) => event.stopPropagation()}>
                      {row.merchantReference ?? row.paymentId}
                    </a>
                  ) : (
                    (row.merchantReference ?? t('common.none'))
                  )}
                </span>
                <span role="gridcell" className="numeric">
                  {row.line === null ? t('common.none') : <Amount amount={row.amount} currency={row.currency} />}
                </span>
                <span role="gridcell" className="numeric">
                  {row.ledgerAmount === null ? t('common.none') : <Amount amount={row.ledgerAmount} currency={row.currency} />}
                </span>
                <span role="gridcell" className="truncate">
                  {`${row.statementStatus ? t(`recon.statementStatus.${row.statementStatus}`) : t('common.none')} / ${row.ledgerStatus ? t(`status.${row.ledgerStatus}`) : t('common.none')}`}
                </span>
                <span role="gridcell">{row.transactionAt ? <DateTime iso={row.transactionAt} /> : t('common.none')}</span>
                <span role="gridcell" className="truncate" title={row.resolution?.note ?? ''}>
                  {row.resolution ? t(`recon.resolution.${row.resolution.kind}`) : t('recon.resolution.open')}
                </span>
              </div>
            );
          }}
        />
      </div>
    </div>
  );
}
