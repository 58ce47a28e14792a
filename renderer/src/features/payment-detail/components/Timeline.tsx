import { Fragment, type ReactNode } from 'react';
import type { OperationEntry, PaymentDetail } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { selectGateway, selectGatewayName, type GatewayDescriptor } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { isBookedByGateway, selectTimeline } from '../stores/payment-detail-store.ts';
import { operationLabelKey } from '../utils/action-labels.ts';

function OperationItem({ operation, at, voidTerm, gatewayName }: { operation: OperationEntry; at: string; voidTerm: GatewayDescriptor['voidTerm'] | undefined; gatewayName: string }) {
  const t = useT();
  const bookedByGateway = isBookedByGateway(operation);
  const facts: ReactNode[] = [];
  // Nobody at this console did a chargeback: the gateway books it, so it is named instead of an operator.
  if (!bookedByGateway) facts.push(t('detail.timeline.by', { operator: operation.operator }));
  if (operation.completedAt) {
    facts.push(
      <>
        {t('detail.timeline.completed')} <DateTime iso={operation.completedAt} withSeconds />
      </>,
    );
  }
  facts.push(<span className="mono">{operation.merchantReference}</span>);
  if (operation.gatewayOperationId) facts.push(<span className="mono">{operation.gatewayOperationId}</span>);

  return (
    <li
      className={`timeline-entry operation state-${operation.state}${bookedByGateway ? ` booked-by-gateway kind-${operation.kind}` : ''}`}
      data-operation-kind={operation.kind}
      data-state={operation.state}
      data-booked-by={bookedByGateway ? 'gateway' : 'console'}
    >
      <div className="timeline-when">
        <DateTime iso={at} withSeconds />
      </div>
      <div className="timeline-what">
        <strong>{t(operationLabelKey(operation.kind, voidTerm))}</strong> <Amount amount={operation.amount} currency={operation.currency} /> —{' '}
        {t(`operationState.${operation.state}`)}
        {bookedByGateway && (
          <>
            {' '}
            <span className="booked-by-gateway-tag" data-testid="timeline-booked-by-gateway">
              {t('detail.timeline.bookedBy', { gateway: gatewayName })}
            </span>
          </>
        )}
        <div className="muted">
          {facts.map((fact, index) => (
            <Fragment key={index}>
              {index > 0 && ' · '}
              {fact}
            </Fragment>
          ))}
        </div>
        {(operation.gatewayCode || operation.gatewayMessage) && (
          <div>{t('detail.timeline.gateway', { code: operation.gatewayCode ?? '', message: operation.gatewayMessage ?? '' })}</div>
        )}
        {operation.reason && <div>{t('detail.timeline.reason', { reason: operation.reason })}</div>}
      </div>
    </li>
  );
}

export function Timeline({ detail }: { detail: PaymentDetail }) {
  const t = useT();
  const entries = selectTimeline(detail);
  const gateways = useWorkspace((state) => state.gateways);
  const gatewayName = selectGatewayName({ gateways }, detail.payment.gatewayId);
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('detail.timeline')}</h2>
      {entries.length === 0 && <p className="muted">{t('detail.timelineEmpty')}</p>}
      <ol className="timeline" data-testid="timeline">
        {entries.map((entry, index) =>
          entry.type === 'operation' ? (
            <OperationItem key={`op-${entry.operation.id}`} operation={entry.operation} at={entry.at} voidTerm={selectGateway({ gateways }, detail.payment.gatewayId)?.voidTerm} gatewayName={gatewayName} />
          ) : (
            <li key={`status-${index}`} className="timeline-entry status-change" data-status={entry.to}>
              <div className="timeline-when">
                <DateTime iso={entry.at} withSeconds />
              </div>
              <div className="timeline-what">
                {entry.from ? (
                  <>
                    <StatusBadge status={entry.from} /> → <StatusBadge status={entry.to} />
                  </>
                ) : (
                  <StatusBadge status={entry.to} />
                )}{' '}
                <span className="muted">{t('detail.timeline.via', { source: t(`statusSource.${entry.source}`) })}</span>
                {entry.detail && <div className="muted">{entry.detail}</div>}
              </div>
            </li>
          ),
        )}
      </ol>
    </section>
  );
}
