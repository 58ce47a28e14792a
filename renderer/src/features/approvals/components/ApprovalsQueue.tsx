import type { ApprovalRequest } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { RelativeTime } from '../../../components/RelativeTime.tsx';
import { useVirtualRows } from '../../../components/use-virtual-rows.ts';
import { VirtualGridBody } from '../../../components/VirtualGridBody.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { errorShapeOf } from '../../../queries/channel-query.ts';
import { paymentHref } from '../../../routing/route.ts';
import { approvalsStore, useApprovals } from '../stores/approvals.ts';
import { hasLapsed } from '../utils/approval-queue.ts';

/** The requests as the core orders them (pending first, oldest first; then decided, newest first); a row opens its decision panel. */
export function ApprovalsQueue({ requests, loading, error, pending }: { requests: readonly ApprovalRequest[]; loading: boolean; error: unknown; pending: number | null }) {
  const t = useT();
  const openId = useApprovals((state) => state.openId);
  const { scrollRef, virtualizer, items, focusIndex, setFocusIndex, onRowKeyDown } = useVirtualRows<ApprovalRequest>({
    rows: requests,
    count: requests.length,
    keyOf: (request) => request.id,
    onActivate: (request) => approvalsStore.getState().open(request.id),
  });

  return (
    <div className="approvals-queue">
      <div className="list-status" role="status" aria-live="polite" data-testid="approvals-status" data-count={requests.length} data-pending={pending ?? ''}>
        {loading ? t('common.loading') : t('approvals.count', { count: requests.length, pending: pending ?? 0 })}
      </div>
      <ErrorNotice error={errorShapeOf(error)} testId="approvals-error" />
      <div role="grid" aria-label={t('approvals.queueLabel')} aria-rowcount={requests.length + 1} aria-busy={loading} className="tx-grid">
        <div role="row" aria-rowindex={1} className="tx-row tx-header approval-row">
          <span role="columnheader">{t('approvals.column.status')}</span>
          <span role="columnheader" className="numeric">
            {t('approvals.column.amount')}
          </span>
          <span role="columnheader">{t('approvals.column.reason')}</span>
          <span role="columnheader">{t('approvals.column.requester')}</span>
          <span role="columnheader">{t('approvals.column.payment')}</span>
          <span role="columnheader">{t('approvals.column.timeLeft')}</span>
        </div>
        <VirtualGridBody
          scrollRef={scrollRef}
          testId="approvals-scroll"
          rows={requests}
          items={items}
          totalSize={virtualizer.getTotalSize()}
          empty={requests.length === 0 && !loading && error === null ? <p className="empty">{t('approvals.empty')}</p> : null}
          loaderClassName="approval-row"
          loadingText={t('common.loading')}
          renderRow={(request, item) => (
            <div
              key={item.key}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={request.id === openId}
              className={`tx-row approval-row approval-${request.status}`}
              data-testid="approval-row"
              data-request-id={request.id}
              data-payment-id={request.paymentId}
              data-status={request.status}
              data-requester={request.requestedBy}
              data-row-index={item.index}
              tabIndex={item.index === focusIndex ? 0 : -1}
              style={{ transform: `translateY(${item.start}px)` }}
              onClick={() => approvalsStore.getState().open(request.id)}
              onFocus={() => setFocusIndex(item.index)}
              onKeyDown={(event) => onRowKeyDown(event, item.index, request)}
            >
              <span role="gridcell" className={`approval-status approval-status-${request.status}`}>
                {/* Past its expiry a request can no longer be approved, even before the core has marked it. */}
                {t(`approvals.status.${hasLapsed(request, Date.now()) ? 'expired' : request.status}`)}
              </span>
              <span role="gridcell" className="numeric">
                <Amount amount={request.amount} currency={request.currency} />
              </span>
              <span role="gridcell" className="truncate" title={request.reason}>
                {request.reason}
              </span>
              <span role="gridcell" className="truncate mono">
                {request.requestedBy}
              </span>
              <span role="gridcell" className="truncate">
                <a href={paymentHref(request.paymentId)} className="mono" onClick={(event) => event.stopPropagation()} data-testid="approval-payment-link">
                  {request.merchantReference}
                </a>
              </span>
              <span role="gridcell">
                {request.status === 'pending' ? <RelativeTime iso={request.expiresAt} /> : request.decidedAt !== null ? <DateTime iso={request.decidedAt} /> : t('common.none')}
              </span>
            </div>
          )}
        />
      </div>
    </div>
  );
}
