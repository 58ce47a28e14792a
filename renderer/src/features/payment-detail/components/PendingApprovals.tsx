import { useQuery } from '@tanstack/react-query';
import { call } from '../../../api/client.ts';
import { Amount } from '../../../components/Amount.tsx';
import { RelativeTime } from '../../../components/RelativeTime.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { pendingRequestsFor, pendingRequestsQuery } from '../../../queries/approvals-badge-query.ts';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';
import { routeHref } from '../../../routing/route.ts';

/**
 * Refunds of this payment waiting for a second operator: whoever opens the payment sees that money
 * is already asked for, by whom, and where it is decided. Team mode only; `approval:changed` keeps it current.
 */
export function PendingApprovals({ paymentId }: { paymentId: string }) {
  const t = useT();
  const rights = useOperatorRights();
  const { data } = useQuery({ ...pendingRequestsQuery(call), enabled: rights.team });
  const pending = rights.team ? pendingRequestsFor(data?.requests ?? [], paymentId) : [];
  if (pending.length === 0) return null;
  return (
    <ul className="notice pending-approvals" data-testid="pending-approvals" data-count={pending.length}>
      {pending.map((request) => (
        <li key={request.id} data-request-id={request.id}>
          {t('detail.pendingApproval', { operator: request.requestedBy })} <Amount amount={request.amount} currency={request.currency} /> · {t('approvals.expires')}{' '}
          <RelativeTime iso={request.expiresAt} /> · <a href={routeHref({ name: 'approvals' })}>{t('detail.approvalRequestedLink')}</a>
        </li>
      ))}
    </ul>
  );
}
