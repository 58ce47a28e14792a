import { useEffect } from 'react';
import type { MitBatchRow } from '../../../../../shared/domain/mit-batch.ts';
import { Amount } from '../../../components/Amount.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useVirtualRows } from '../../../components/use-virtual-rows.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { virtualRowCount } from '../../../queries/keyset-list.ts';
import { paymentHref } from '../../../routing/route.ts';
import { useOpenBatchRows } from '../hooks/use-mit-batch.ts';
import { shownText } from '../utils/shown-text.ts';
import { ROWS_PANEL_ID } from './OutcomeFilters.tsx';
import { VirtualGridBody } from '../../../components/VirtualGridBody.tsx';

/** The batch's rows in file order, virtualised and paged by cursor, each with its line and its problem or outcome as it happens. */
export function BatchRowsTable() {
  const t = useT();
  const numbers = new Intl.NumberFormat(useIntlLocale());
  const list = useOpenBatchRows();
  const { rows, searching, error, hasMore } = list;
  const { scrollRef, virtualizer, items, lastVisibleIndex, focusIndex, setFocusIndex, onRowKeyDown } = useVirtualRows<MitBatchRow>({
    rows,
    count: virtualRowCount(list),
    keyOf: (row) => row.ordinal,
    onActivate: (row) => {
      if (row.paymentId !== null) window.location.hash = paymentHref(row.paymentId);
    },
  });

  useEffect(() => list.loadMoreNear(lastVisibleIndex), [lastVisibleIndex, rows.length, list.fetching, hasMore, error !== null]);

  const text = (value: string | null) => {
    const shown = shownText(value);
    if (shown === null) return t('common.none');
    return 'hidden' in shown ? t('mitbatch.rows.hidden') : shown.text;
  };
  const detailOf = (row: MitBatchRow): string => {
    if (row.problems.length > 0) return row.problems.map((problem) => t('mitbatch.rows.problem', { field: problem.field, message: text(problem.message) })).join(' · ');
    if (row.error !== null) return text(row.error);
    if (row.gatewayCode !== null || row.gatewayMessage !== null) return [row.gatewayCode, text(row.gatewayMessage)].filter((part) => part !== null).join(' ');
    return row.state === 'ready' ? t('mitbatch.rows.ok') : t('common.none');
  };

  return (
    <div className="recon-rows" id={ROWS_PANEL_ID}>
      <div className="list-status" role="status" aria-live="polite" data-testid="mitbatch-rows-status" data-count={rows.length}>
        {searching ? t('common.loading') : t(hasMore ? 'mitbatch.rows.countMore' : 'mitbatch.rows.count', { count: numbers.format(rows.length) })}
      </div>
      <ErrorNotice error={error} testId="mitbatch-rows-error" />
      <div role="grid" aria-label={t('mitbatch.rows.label')} aria-rowcount={rows.length + 1} aria-busy={searching} className="tx-grid">
        <div role="row" aria-rowindex={1} className="tx-row tx-header mitbatch-row">
          <span role="columnheader" className="numeric">
            {t('mitbatch.rows.line')}
          </span>
          <span role="columnheader">{t('mitbatch.rows.state')}</span>
          <span role="columnheader">{t('mitbatch.rows.card')}</span>
          <span role="columnheader" className="numeric">
            {t('mitbatch.rows.amount')}
          </span>
          <span role="columnheader">{t('mitbatch.rows.reference')}</span>
          <span role="columnheader">{t('mitbatch.rows.detail')}</span>
        </div>
        <VirtualGridBody
          scrollRef={scrollRef}
          testId="mitbatch-rows-scroll"
          rows={rows}
          items={items}
          totalSize={virtualizer.getTotalSize()}
          empty={rows.length === 0 && !searching && error === null ? <p className="empty">{t('mitbatch.rows.empty')}</p> : null}
          loaderClassName="mitbatch-row"
          loadingText={t('mitbatch.rows.loadingMore')}
          renderRow={(row, item) => {
            const detail = detailOf(row);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className="tx-row mitbatch-row"
                data-testid="mitbatch-row"
                data-line={row.line}
                data-state={row.state}
                data-row-index={item.index}
                tabIndex={item.index === focusIndex ? 0 : -1}
                style={{ transform: `translateY(${item.start}px)` }}
                onFocus={() => setFocusIndex(item.index)}
                onKeyDown={(event) => onRowKeyDown(event, item.index, row)}
              >
                <span role="gridcell" className="numeric">
                  {numbers.format(row.line)}
                </span>
                <span role="gridcell" className={`mitbatch-state mitbatch-state-${row.state}`}>
                  {t(`mitbatch.state.${row.state}`)}
                </span>
                <span role="gridcell" className="truncate mono" title={row.tokenId ?? row.customerReference ?? ''}>
                  {text(row.tokenId ?? row.customerReference)}
                </span>
                <span role="gridcell" className="numeric">
                  {row.amount !== null && row.currency !== null ? <Amount amount={row.amount} currency={row.currency} /> : text(row.amount)}
                </span>
                <span role="gridcell" className="truncate" title={row.reference ?? ''}>
                  {row.paymentId !== null ? <a href={paymentHref(row.paymentId)}>{text(row.reference)}</a> : text(row.reference)}
                </span>
                <span role="gridcell" className="truncate" title={detail} data-testid="mitbatch-row-detail">
                  {detail}
                </span>
              </div>
            );
          }}
        />
      </div>
    </div>
  );
}
