import { memo, useCallback, useEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { ListColumn, ListSort } from '../../../../../shared/domain/saved-view.ts';
import type { PaymentSummary } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { EnvironmentTag } from '../../../components/EnvironmentTag.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { ImportedBadge } from '../../../components/ImportedBadge.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useVirtualRows } from '../../../components/use-virtual-rows.ts';
import { maskedCardLabel } from '../../../format/card-format.ts';
import { operatorTimeZone } from '../../../format/date-format.ts';
import { methodLabel } from '../../../format/method-label.ts';
import { phoneForPeople } from '../../../format/phone-format.ts';
import { useT } from '../../../i18n/locale-store.ts';
import type { Translate } from '../../../i18n/translate.ts';
import { paymentHref } from '../../../routing/route.ts';
import { selectGatewayName, type GatewayDescriptor } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { virtualRowCount } from '../../../queries/keyset-list.ts';
import { usePaymentsList } from '../hooks/use-payments-list.ts';
import { transactionsStore, useTransactions } from '../stores/transactions.ts';
import { COLUMN_LABELS } from '../utils/list-columns.ts';
import { ListTotals } from './ListTotals.tsx';
import { VirtualGridBody } from '../../../components/VirtualGridBody.tsx';

/** The dense list's row height in pixels; styles.css draws `.tx-grid.dense .tx-row` this tall. */
const DENSE_ROW_HEIGHT = 26;

/** Each column's width in the grid; the flexible ones share what is left. */
const COLUMN_WIDTHS: Readonly<Record<ListColumn, string>> = {
  date: '10.5rem',
  environment: '6.75rem',
  profile: 'minmax(6rem, 1fr)',
  method: '7rem',
  customer: 'minmax(6rem, 1fr)',
  amount: '7rem',
  refunded: '6.5rem',
  status: '8.5rem',
  card: '7rem',
  reference: 'minmax(6rem, 1fr)',
  gatewayId: 'minmax(5rem, 9rem)',
};


/** The columns a click sorts by: the first click takes the first order, the next one the other. */
const SORTS: Partial<Record<ListColumn, readonly [ListSort, ListSort]>> = {
  date: ['newest', 'oldest'],
  amount: ['amount_desc', 'amount_asc'],
};

const NUMERIC: ReadonlySet<ListColumn> = new Set(['amount', 'refunded']);

function openPayment(paymentId: string): void {
  window.location.hash = paymentHref(paymentId);
}

/** Who paid, as the payment knows them: the name given, the card's holder, then e-mail or phone. */
function customerOf(row: PaymentSummary): string | null {
  return row.customerName ?? row.card?.holder ?? row.customerEmail ?? (row.customerPhone === null ? null : phoneForPeople(row.customerPhone));
}

function ariaSort(column: ListColumn, sort: ListSort): 'ascending' | 'descending' | undefined {
  const orders = SORTS[column];
  if (orders === undefined || !orders.includes(sort)) return undefined;
  return sort === 'oldest' || sort === 'amount_asc' ? 'ascending' : 'descending';
}

function cell(t: Translate, column: ListColumn, row: PaymentSummary, gatewayName: string): ReactNode {
  switch (column) {
    case 'date':
      return <DateTime iso={row.createdAt} />;
    case 'environment':
      return <EnvironmentTag environment={row.environment} />;
    case 'profile':
      return `${row.profileName} · ${gatewayName}`;
    case 'method':
      return methodLabel(t, row.method);
    case 'customer':
      return customerOf(row) ?? t('common.none');
    case 'amount':
      return <Amount amount={row.amount} currency={row.currency} />;
    case 'refunded':
      return <Amount amount={row.refunded} currency={row.currency} testId="row-refunded" />;
    case 'status':
      return (
        <>
          <StatusBadge status={row.status} />
          {row.imported && (
            <>
              {' '}
              <ImportedBadge />
            </>
          )}
        </>
      );
    case 'card':
      return maskedCardLabel(row.card) ?? t('common.none');
    case 'reference':
      return row.merchantReference;
    case 'gatewayId':
      return row.gatewayTransactionId ?? t('common.none');
  }
}

/** What a row tells the list; one object for the list's life, so that a row is drawn again only when what it shows changes. */
interface RowEvents {
  focus(index: number): void;
  keyDown(event: KeyboardEvent<HTMLElement>, index: number, row: PaymentSummary): void;
}

interface PaymentRowProps {
  readonly row: PaymentSummary;
  readonly index: number;
  readonly start: number;
  readonly focused: boolean;
  readonly columns: readonly ListColumn[];
  readonly gridTemplateColumns: string;
  readonly gatewayName: string;
  readonly events: RowEvents;
}

/**
 * One row of the grid. Scrolling draws the list again at every frame; a row whose payment and
 * place did not change is left as it is, so a frame costs the rows that came into view only.
 */
const PaymentRow = memo(function PaymentRow({ row, index, start, focused, columns, gridTemplateColumns, gatewayName, events }: PaymentRowProps) {
  const t = useT();
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={`tx-row tx-row-${row.environment}`}
      data-testid="transaction-row"
      data-payment-id={row.id}
      data-environment={row.environment}
      data-method={row.method}
      data-row-index={index}
      tabIndex={focused ? 0 : -1}
      style={{ gridTemplateColumns, transform: `translateY(${start}px)` }}
      onClick={() => openPayment(row.id)}
      onFocus={() => events.focus(index)}
      onKeyDown={(event) => events.keyDown(event, index, row)}
    >
      {columns.map((column) => {
        const content = cell(t, column, row, gatewayName);
        const text = typeof content === 'string' ? content : undefined;
        return (
          <span key={column} role="gridcell" data-column={column} className={NUMERIC.has(column) ? 'numeric' : 'truncate'} title={text}>
            {content}
          </span>
        );
      })}
    </div>
  );
});

interface PaymentGridBodyProps {
  readonly rows: readonly PaymentSummary[];
  readonly count: number;
  readonly searching: boolean;
  readonly empty: ReactNode;
  readonly loadingText: string;
  readonly columns: readonly ListColumn[];
  readonly gridTemplateColumns: string;
  readonly gateways: GatewayDescriptor[];
  /** What decides whether a next page is asked for: asked again when one of them changes. */
  readonly fetching: boolean;
  readonly failed: boolean;
  loadMoreNear(lastVisibleIndex: number): void;
}

/**
 * The grid's scrolling rows. The virtualizer draws again at every scroll frame; living here, it
 * draws this body only, not the list's queries, status line and header above it.
 */
const PaymentGridBody = memo(function PaymentGridBody({ rows, count, searching, empty, loadingText, columns, gridTemplateColumns, gateways, fetching, failed, loadMoreNear }: PaymentGridBodyProps) {
  const { scrollRef, virtualizer, items, lastVisibleIndex, focusIndex, setFocusIndex, onRowKeyDown } = useVirtualRows<PaymentSummary>({
    rows,
    count,
    keyOf: (row) => row.id,
    onActivate: (row) => openPayment(row.id),
    rowHeight: DENSE_ROW_HEIGHT,
  });
  const latest = useRef({ setFocusIndex, onRowKeyDown, loadMoreNear });
  latest.current = { setFocusIndex, onRowKeyDown, loadMoreNear };
  const rowEvents = useMemo<RowEvents>(() => ({ focus: (index) => latest.current.setFocusIndex(index), keyDown: (event, index, row) => latest.current.onRowKeyDown(event, index, row) }), []);

  useEffect(() => latest.current.loadMoreNear(lastVisibleIndex), [lastVisibleIndex, rows.length, fetching, failed]);

  return (
    <VirtualGridBody
      scrollRef={scrollRef}
      testId="transactions-scroll"
      rows={rows}
      items={items}
      totalSize={virtualizer.getTotalSize()}
      empty={rows.length === 0 && !searching ? empty : null}
      loadingText={loadingText}
      renderRow={(row, item) => (
        <PaymentRow
          key={item.key}
          row={row}
          index={item.index}
          start={item.start}
          focused={item.index === focusIndex}
          columns={columns}
          gridTemplateColumns={gridTemplateColumns}
          gatewayName={selectGatewayName({ gateways }, row.gatewayId)}
          events={rowEvents}
        />
      )}
    />
  );
});

export function TransactionList() {
  const t = useT();
  const list = usePaymentsList();
  const { rows, searching, error, stale, skipped, hasMore } = list;
  const columns = useTransactions((state) => state.columns);
  const sort = useTransactions((state) => state.sort);
  const gateways = useWorkspace((state) => state.gateways);
  const count = virtualRowCount(list);
  const latestList = useRef(list);
  latestList.current = list;
  const loadMoreNear = useCallback((lastVisibleIndex: number) => latestList.current.loadMoreNear(lastVisibleIndex), []);
  // The grid's columns change with the operator's choice; the stylesheet cannot know them.
  const gridTemplateColumns = columns.map((column) => COLUMN_WIDTHS[column]).join(' ');
  const template = { gridTemplateColumns };

  function header(column: ListColumn): ReactNode {
    const orders = SORTS[column];
    const label = t(COLUMN_LABELS[column]);
    if (orders === undefined) return label;
    const next = sort === orders[0] ? orders[1] : orders[0];
    return (
      <button type="button" className="sort-button" data-testid={`sort-${column}`} onClick={() => transactionsStore.getState().setSort(next)}>
        {label}
        <span aria-hidden="true">{ariaSort(column, sort) === 'ascending' ? ' ▲' : ariaSort(column, sort) === 'descending' ? ' ▼' : ''}</span>
      </button>
    );
  }

  return (
    <div className="transaction-list">
      <div className="list-status" role="status" aria-live="polite">
        <span>{searching ? t('common.loading') : t(hasMore ? 'transactions.countMore' : 'transactions.count', { count: rows.length })}</span>
        <ListTotals totals={list.totals} totalsError={list.totalsError} />
        <span className="muted" data-testid="list-time-zone">
          {t('transactions.filter.timeZone', { timeZone: operatorTimeZone() })}
        </span>
      </div>
      {stale && (
        <p className="notice">
          {t('transactions.stale')}{' '}
          <button type="button" onClick={list.refresh}>
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
        <button type="button" onClick={list.retryNextPage}>
          {t('app.retry')}
        </button>
      )}

      <div role="grid" aria-label={t(`transactions.listLabel.${sort}`)} aria-rowcount={rows.length + 1} aria-busy={searching} className="tx-grid dense">
        <div role="row" aria-rowindex={1} className="tx-row tx-header" style={template}>
          {columns.map((column) => (
            <span key={column} role="columnheader" aria-sort={ariaSort(column, sort)} className={NUMERIC.has(column) ? 'numeric' : undefined} data-column={column}>
              {header(column)}
            </span>
          ))}
        </div>
        <PaymentGridBody
          rows={rows}
          count={count}
          searching={searching}
          empty={error === null ? <p className="empty">{t('transactions.empty')}</p> : null}
          loadingText={t('transactions.loadingMore')}
          columns={columns}
          gridTemplateColumns={gridTemplateColumns}
          gateways={gateways}
          fetching={list.fetching}
          failed={error !== null}
          loadMoreNear={loadMoreNear}
        />
      </div>
    </div>
  );
}
