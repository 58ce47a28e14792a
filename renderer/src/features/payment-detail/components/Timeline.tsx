import type { PaymentDetail } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { selectTimeline } from '../stores/payment-detail-store.ts';

export function Timeline({ detail }: { detail: PaymentDetail }) {
  const t = useT();
  const entries = selectTimeline(detail);
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('detail.timeline')}</h2>
      {entries.length === 0 && <p className="muted">{t('detail.timelineEmpty')}</p>}
      <ol className="timeline" data-testid="timeline">
        {entries.map((entry, index) =>
          entry.type === 'operation' ? (
            <li key={`op-${entry.operation.id}`} className={`timeline-entry operation state-${entry.operation.state}`} data-operation-kind={entry.operation.kind} data-state={entry.operation.state}>
              <div className="timeline-when">
                <DateTime iso={entry.at} withSeconds />
              </div>
              <div className="timeline-what">
                <strong>{t(`operation.${entry.operation.kind}`)}</strong> <Amount amount={entry.operation.amount} currency={entry.operation.currency} /> —{' '}
                {t(`operationState.${entry.operation.state}`)}
                <div className="muted">
                  {t('detail.timeline.by', { operator: entry.operation.operator })}
                  {entry.operation.completedAt && (
                    <>
                      {' · '}
                      {t('detail.timeline.completed')}{' '}
                      <DateTime iso={entry.operation.completedAt} withSeconds />
                    </>
                  )}
                  {' · '}
                  <span className="mono">{entry.operation.merchantReference}</span>
                  {entry.operation.gatewayOperationId && <span className="mono"> · {entry.operation.gatewayOperationId}</span>}
                </div>
                {(entry.operation.gatewayCode || entry.operation.gatewayMessage) && (
                  <div>{t('detail.timeline.gateway', { code: entry.operation.gatewayCode ?? '', message: entry.operation.gatewayMessage ?? '' })}</div>
                )}
                {entry.operation.reason && <div>{t('detail.timeline.reason', { reason: entry.operation.reason })}</div>}
              </div>
            </li>
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
