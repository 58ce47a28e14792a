import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Amount } from '../../../components/Amount.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { RelativeTime } from '../../../components/RelativeTime.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { isPaymentStatus } from '../../../domain/vocabulary.ts';
import { isDue } from '../../../format/relative-time.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { paymentHref, routeHref } from '../../../routing/route.ts';
import { selectGatewayName } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { useQueue } from '../hooks/use-status-queue.ts';
import { statusQueueStore, useStatusQueue } from '../stores/status-queue.ts';
import { canSyncNow, selectAllState, type QueueEntry } from '../utils/selection.ts';
import { methodLabel } from '../../../format/method-label.ts';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';

const ROW_HEIGHT = 64;

function openEntry(entry: QueueEntry): void {
  window.location.hash = entry.subject === 'payment' ? paymentHref(entry.subjectId) : routeHref({ name: 'stored', tokenId: null });
}

/** Clicks on the row's own controls must not also open the payment. */
function stopRowClick(event: MouseEvent) {
  event.stopPropagation();
}

function SelectAllBox({ entries }: { entries: readonly QueueEntry[] }) {
  const t = useT();
  const state = selectAllState(useStatusQueue((queue) => queue.selected), entries);
  const ref = useRef<HTMLInputElement>(null);
  const hasSyncable = entries.some(canSyncNow);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return (
    <input
      ref={ref}
      type="checkbox"
      checked={state === 'all'}
      disabled={!hasSyncable}
      aria-label={t('queue.selectAll')}
      onChange={() => statusQueueStore.getState().toggleAllRows(entries)}
      data-testid="queue-select-all"
    />
  );
}

function NextCheck({ iso }: { iso: string }) {
  const t = useT();
  // Compared once per render; RelativeTime keeps the text moving between refreshes.
  return isDue(iso, Date.now()) ? (
    <time dateTime={iso} className="due">
      {t('queue.due')}
    </time>
  ) : (
    <RelativeTime iso={iso} />
  );
}

export function QueueTable() {
  const t = useT();
  const rights = useOperatorRights();
  const { entries, loading, error } = useQueue();
  const selected = useStatusQueue((state) => state.selected);
  const results = useStatusQueue((state) => state.results);
  const running = useStatusQueue((state) => state.running);
  const gateways = useWorkspace((state) => state.gateways);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusIndex, setFocusIndex] = useState(0);

  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => {
      const entry = entries[index];
      return entry ? `${entry.subject}:${entry.subjectId}` : index;
    },
  });

  useEffect(() => {
    if (focusIndex >= entries.length && entries.length > 0) setFocusIndex(entries.length - 1);
  }, [entries.length, focusIndex]);

  function moveFocus(index: number) {
    const target = Math.max(0, Math.min(entries.length - 1, index));
    setFocusIndex(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
    window.requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${target}"]`)?.focus();
    });
  }

  function onRowKeyDown(event: KeyboardEvent<HTMLDivElement>, index: number, entry: QueueEntry) {
    // Keys pressed on the row's checkbox or button belong to them.
    if (event.target !== event.currentTarget) return;
    switch (event.key) {
      case 'Enter':
        event.preventDefault();
        openEntry(entry);
        break;
      case ' ':
        event.preventDefault();
        if (canSyncNow(entry)) statusQueueStore.getState().toggle(entry.subjectId, entries, event.shiftKey);
        break;
      case 'ArrowDown':
        event.preventDefault();
        moveFocus(index + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        moveFocus(index - 1);
        break;
      case 'PageDown':
        event.preventDefault();
        moveFocus(index + 10);
        break;
      case 'PageUp':
        event.preventDefault();
        moveFocus(index - 10);
        break;
      case 'Home':
        event.preventDefault();
        moveFocus(0);
        break;
      case 'End':
        event.preventDefault();
        moveFocus(entries.length - 1);
        break;
    }
  }

  return (
    <div role="grid" aria-label={t('queue.listLabel')} aria-rowcount={entries.length + 1} aria-multiselectable="true" aria-busy={loading} className="tx-grid queue-grid">
      <div role="row" aria-rowindex={1} className="queue-row tx-header">
        <span role="columnheader">
          <SelectAllBox entries={entries} />
        </span>
        <span role="columnheader">{t('queue.column.what')}</span>
        <span role="columnheader" className="numeric">
          {t('transactions.column.amount')}
        </span>
        <span role="columnheader">{t('transactions.column.status')}</span>
        <span role="columnheader">{t('queue.column.waitingSince')}</span>
        <span role="columnheader">{t('queue.column.nextCheck')}</span>
        <span role="columnheader">{t('queue.column.lastAnswer')}</span>
        <span role="columnheader" className="numeric">
          {t('queue.column.attempts')}
        </span>
        <span role="columnheader">{t('queue.column.state')}</span>
        <span role="columnheader">
          <span className="visually-hidden">{t('queue.syncNow')}</span>
        </span>
      </div>
      <div ref={scrollRef} className="tx-scroll" data-testid="queue-scroll">
        {entries.length === 0 && !loading && error === null && (
          <p className="empty" data-testid="queue-empty">
            {t('queue.empty')}
          </p>
        )}
        <div className="tx-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = entries[item.index];
            if (!entry) return null;
            const syncable = canSyncNow(entry);
            const isSelected = syncable && selected.includes(entry.subjectId);
            const result = syncable ? results[entry.subjectId] : undefined;
            const rowLabel = `${t(`queue.subject.${entry.subject}`)} ${entry.merchantReference}`;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={syncable ? isSelected : undefined}
                className={`queue-row tx-row${isSelected ? ' selected' : ''}`}
                data-testid="queue-row"
                data-subject={entry.subject}
                data-subject-id={entry.subjectId}
                data-state={entry.state}
                data-row-index={item.index}
                tabIndex={item.index === focusIndex ? 0 : -1}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => openEntry(entry)}
                onFocus={(event) => {
                  if (event.target === event.currentTarget) setFocusIndex(item.index);
                }}
                onKeyDown={(event) => onRowKeyDown(event, item.index, entry)}
              >
                <span role="gridcell" onClick={stopRowClick}>
                  {syncable && (
                    <input
                      type="checkbox"
                      checked={isSelected}
                      aria-label={t('queue.select', { what: rowLabel })}
                      onClick={(event) => {
                        event.stopPropagation();
                        statusQueueStore.getState().toggle(entry.subjectId, entries, event.shiftKey);
                      }}
                      onChange={() => undefined}
                      data-testid="queue-select"
                    />
                  )}
                </span>
                <span role="gridcell" className="queue-what">
                  <span className="truncate">
                    <span className="subject-tag">{t(`queue.subject.${entry.subject}`)}</span> <span className="mono" title={entry.merchantReference}>{entry.merchantReference}</span>
                  </span>
                  <span className="muted truncate" title={`${methodLabel(t, entry.method)} · ${entry.profileName} · ${selectGatewayName({ gateways }, entry.gatewayId)}`}>
                    {methodLabel(t, entry.method)} · {entry.profileName}
                  </span>
                </span>
                <span role="gridcell" className="numeric">
                  {entry.amount !== null && entry.currency !== null ? <Amount amount={entry.amount} currency={entry.currency} /> : t('common.none')}
                </span>
                <span role="gridcell">{isPaymentStatus(entry.status) ? <StatusBadge status={entry.status} /> : <span className="status-badge">{entry.status}</span>}</span>
                <span role="gridcell" className="queue-when">
                  <RelativeTime iso={entry.firstSeenAt} />
                  <span className="muted">
                    <DateTime iso={entry.firstSeenAt} />
                  </span>
                </span>
                <span role="gridcell" data-testid="queue-next-check">
                  <NextCheck iso={entry.nextCheckAt} />
                </span>
                <span role="gridcell" className="queue-answer">
                  {result ? (
                    <span className={`truncate ${result.ok ? 'sync-ok' : 'field-error'}`} title={result.message} data-testid="queue-row-result" data-ok={result.ok} data-status={result.status ?? undefined}>
                      {result.message}
                    </span>
                  ) : entry.lastError ? (
                    <span className="field-error truncate" title={entry.lastError}>
                      {entry.lastError}
                    </span>
                  ) : (
                    <span className="truncate" title={entry.lastAnswer ?? ''}>
                      {entry.lastAnswer ?? t('queue.notChecked')}
                    </span>
                  )}
                  {entry.lastCheckedAt && (
                    <span className="muted">
                      <RelativeTime iso={entry.lastCheckedAt} />
                    </span>
                  )}
                </span>
                <span role="gridcell" className="numeric">
                  {entry.attempts}
                </span>
                <span role="gridcell">
                  <span className={`queue-state queue-state-${entry.state}`}>{t(`queue.state.${entry.state}`)}</span>
                </span>
                <span role="gridcell" onClick={stopRowClick}>
                  {syncable && rights.writes && (
                    <button
                      type="button"
                      disabled={running !== null}
                      aria-label={t('queue.syncRow', { what: rowLabel })}
                      onClick={() => void statusQueueStore.getState().syncNow([entry.subjectId])}
                      data-testid="queue-sync-row"
                    >
                      {t('queue.syncNow')}
                    </button>
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
