import { useEffect, useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useVirtualRows } from '../../../components/use-virtual-rows.ts';
import { formatDateTime, operatorTimeZone } from '../../../format/date-format.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { virtualRowCount } from '../../../queries/keyset-list.ts';
import { useAuditList } from '../hooks/use-audit-list.ts';
import type { AuditEntry } from '../stores/audit-store.ts';
import { detailsLine } from '../utils/audit-details.ts';
import { auditActionLabel, auditOutcomeLabel, auditTargetLabel } from '../utils/audit-vocabulary.ts';
import { AuditEntryDetails } from './AuditEntryDetails.tsx';
import { VirtualGridBody } from '../../../components/VirtualGridBody.tsx';

export function AuditList() {
  const t = useT();
  const locale = useIntlLocale();
  const timeZone = operatorTimeZone();
  const list = useAuditList();
  const { rows: entries, searching, error, hasMore, stale } = list;
  const count = virtualRowCount(list);
  const [selectedSeq, setSelectedSeq] = useState<number | null>(null);
  const { scrollRef, virtualizer, items, lastVisibleIndex, focusIndex, setFocusIndex, onRowKeyDown } = useVirtualRows<AuditEntry>({
    rows: entries,
    count,
    keyOf: (entry) => entry.seq,
    onActivate: (entry) => setSelectedSeq(entry.seq),
  });

  useEffect(() => list.loadMoreNear(lastVisibleIndex), [lastVisibleIndex, entries.length, list.fetching, error !== null]);

  const selected = entries.find((entry) => entry.seq === selectedSeq) ?? null;

  return (
    <div className="audit-list">
      <div className="list-status" role="status" aria-live="polite" data-testid="audit-count" data-count={entries.length}>
        {searching ? t('common.loading') : t(hasMore ? 'audit.countMore' : 'audit.count', { count: new Intl.NumberFormat(locale).format(entries.length) })}
      </div>
      {stale && (
        <p className="notice" data-testid="audit-stale">
          {t('audit.stale')}{' '}
          <button type="button" onClick={list.refresh} data-testid="audit-refresh">
            {t('audit.refresh')}
          </button>
        </p>
      )}
      <ErrorNotice error={error} testId="audit-error" />
      {error && entries.length > 0 && hasMore && (
        <button type="button" onClick={list.retryNextPage} data-testid="audit-load-more">
          {t('audit.loadMore')}
        </button>
      )}
      <div role="grid" aria-label={t('audit.listLabel')} aria-rowcount={entries.length + 1} aria-busy={searching} className="tx-grid">
        <div role="row" aria-rowindex={1} className="tx-row tx-header audit-row">
          <span role="columnheader">{t('audit.column.number')}</span>
          <span role="columnheader">{t('audit.column.time', { timeZone })}</span>
          <span role="columnheader">{t('audit.column.operator')}</span>
          <span role="columnheader">{t('audit.column.action')}</span>
          <span role="columnheader">{t('audit.column.target')}</span>
          <span role="columnheader">{t('audit.column.outcome')}</span>
          <span role="columnheader">{t('audit.column.details')}</span>
        </div>
        <VirtualGridBody
          scrollRef={scrollRef}
          testId="audit-scroll"
          rows={entries}
          items={items}
          totalSize={virtualizer.getTotalSize()}
          empty={
            entries.length === 0 && !searching && error === null ? (
              <p className="empty" data-testid="audit-empty">
                {t('audit.empty')}
              </p>
            ) : null
          }
          loaderClassName="audit-row"
          loadingText={t('audit.loadingMore')}
          renderRow={(entry, item) => {
            const details = detailsLine(entry.details);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={entry.seq === selectedSeq}
                className={`tx-row audit-row${entry.seq === selectedSeq ? ' selected' : ''}`}
                data-testid="audit-row"
                data-seq={entry.seq}
                data-action={entry.action}
                data-target-id={entry.targetId ?? ''}
                data-row-index={item.index}
                tabIndex={item.index === focusIndex ? 0 : -1}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => setSelectedSeq(entry.seq)}
                onFocus={() => setFocusIndex(item.index)}
                onKeyDown={(event) => onRowKeyDown(event, item.index, entry)}
              >
                <span role="gridcell" className="numeric">
                  {entry.seq}
                </span>
                <span role="gridcell">
                  <time dateTime={entry.at}>{formatDateTime(entry.at, locale, timeZone, true)}</time>
                </span>
                <span role="gridcell" className="truncate" title={t('audit.origin', { origin: entry.origin })}>
                  {entry.operator}
                </span>
                <span role="gridcell" className="truncate">
                  {auditActionLabel(t, entry.action)}
                </span>
                <span role="gridcell" className="truncate mono" title={entry.targetId ?? ''}>
                  {auditTargetLabel(t, entry.targetType, entry.targetId)}
                </span>
                <span role="gridcell" className="truncate" data-testid="audit-row-outcome">
                  {auditOutcomeLabel(t, entry.outcome)}
                </span>
                <span role="gridcell" className="truncate mono" title={details}>
                  {details}
                </span>
              </div>
            );
          }}
        />
      </div>
      {selected && <AuditEntryDetails entry={selected} onClose={() => setSelectedSeq(null)} />}
    </div>
  );
}
