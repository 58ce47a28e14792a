import { useQuery } from '@tanstack/react-query';
import { call } from '../../../api/client.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';
import { approvalsQueueQuery } from '../queries/approvals-queries.ts';
import { approvalsStore, useApprovals } from '../stores/approvals.ts';
import { QUEUE_FILTERS, type QueueFilter } from '../utils/approval-queue.ts';
import { ApprovalsQueue } from './ApprovalsQueue.tsx';
import { DecisionPanel } from './DecisionPanel.tsx';
import { ThresholdsPanel } from './ThresholdsPanel.tsx';

/**
 * Four-eyes refunds: the requests above a profile's threshold, pending first, each decided by a
 * second operator with a note; and, for an admin, the thresholds themselves.
 */
export function ApprovalsScreen() {
  const t = useT();
  const rights = useOperatorRights();
  const filter = useApprovals((state) => state.filter);
  const openId = useApprovals((state) => state.openId);
  const queue = useQuery({ ...approvalsQueueQuery(call, filter), enabled: rights.team });
  const requests = queue.data?.requests ?? [];
  const open = openId === null ? null : (requests.find((request) => request.id === openId) ?? null);

  if (rights.known && !rights.team) {
    return (
      <section className="approvals-screen" aria-labelledby="approvals-title" data-testid="approvals-screen">
        <h1 id="approvals-title">{t('approvals.title')}</h1>
        <p className="notice" data-testid="approvals-solo">
          {t('approvals.soloMode')}
        </p>
      </section>
    );
  }

  return (
    <section className="approvals-screen" aria-labelledby="approvals-title" data-testid="approvals-screen">
      <h1 id="approvals-title">{t('approvals.title')}</h1>
      <p className="muted">{t('approvals.intro')}</p>
      <div className="field field-narrow">
        <label htmlFor="approvals-filter">{t('approvals.filter')}</label>
        <select id="approvals-filter" value={filter} onChange={(event) => approvalsStore.getState().setFilter(event.target.value as QueueFilter)} data-testid="approvals-filter">
          {QUEUE_FILTERS.map((each) => (
            <option key={each} value={each}>
              {t(`approvals.filter.${each}`)}
            </option>
          ))}
        </select>
      </div>
      <ApprovalsQueue requests={requests} loading={queue.isPending} error={queue.error} pending={queue.data?.pending ?? null} />
      {open !== null && <DecisionPanel key={open.id} request={open} rights={rights} />}
      <ThresholdsPanel rights={rights} />
    </section>
  );
}
