import { Amount } from '../../../components/Amount.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { MandateStatusBadge } from '../../../components/MandateStatusBadge.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { paymentHref, routeHref } from '../../../routing/route.ts';
import { selectActiveProfile } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { useSandboxToolsSync, useSandboxWaiting } from '../hooks/use-sandbox-tools.ts';
import { sandboxToolsStore, useSandboxTools } from '../stores/sandbox-tools.ts';
import { StatementDownload } from './StatementDownload.tsx';
import { actionsForMandate, actionsForPayment, actionTestId, type CustomerAction } from '../utils/sandbox-actions.ts';
import { methodLabel } from '../../../format/method-label.ts';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';

function ActionButtons({ actions, targetId }: { actions: readonly CustomerAction[]; targetId: string }) {
  const t = useT();
  const acting = useSandboxTools((state) => state.acting);
  // Acting as the customer is recorded in the audit log: not by an operator who only reads.
  const writes = useOperatorRights().writes;
  if (actions.length === 0 || !writes) return <span className="muted">{t('sandboxTools.noActions')}</span>;
  return (
    <div className="row-actions">
      {actions.map((action) => (
        <button
          key={action.name}
          type="button"
          data-testid={actionTestId(action.name)}
          data-action={action.name}
          disabled={acting !== null}
          onClick={() => void sandboxToolsStore.getState().act(action.name, targetId)}
        >
          {acting?.action === action.name && acting.targetId === targetId ? t('action.inFlight') : action.label}
        </button>
      ))}
    </div>
  );
}

export function SandboxToolsScreen() {
  const t = useT();
  const profile = useWorkspace(selectActiveProfile);
  const sandboxProfile = profile?.environment === 'sandbox' ? profile : null;
  useSandboxToolsSync(sandboxProfile?.id ?? null);

  return (
    <section className="sandbox-tools" aria-labelledby="sandbox-tools-title" data-testid="sandbox-tools">
      <h1 id="sandbox-tools-title">{t('sandboxTools.title')}</h1>
      <p className="notice">{t('sandboxTools.intro')}</p>
      {!sandboxProfile ? (
        <p className="notice notice-error">{t('sandboxTools.notSandbox')}</p>
      ) : (
        <SandboxWaiting profileId={sandboxProfile.id} gatewayId={sandboxProfile.gatewayId} />
      )}
    </section>
  );
}

/** What waits on the customer in the sandbox profile, with the buttons that play them. */
function SandboxWaiting({ profileId, gatewayId }: { profileId: string; gatewayId: string }) {
  const t = useT();
  const waiting = useSandboxWaiting(profileId);
  const { customerActions, payments, mandates, error } = waiting;
  const answerShown = useSandboxTools((state) => state.profileId === profileId);
  const actionError = useSandboxTools((state) => (answerShown ? state.actionError : null));
  const lastResult = useSandboxTools((state) => (answerShown ? state.lastResult : null));
  return (
    <>
      <ErrorNotice error={error} testId="sandbox-tools-error" />
      <ErrorNotice error={actionError} testId="sandbox-act-error" />
      {lastResult && (
        <p className={`notice ${lastResult.ok ? 'notice-ok' : 'notice-error'}`} role="status" data-testid="sandbox-result" data-ok={lastResult.ok}>
          {lastResult.message}
        </p>
      )}
      <div className="button-row">
        <button type="button" onClick={waiting.refresh} data-testid="sandbox-refresh">
          {t('transactions.refresh')}
        </button>
      </div>

      <section className="panel" aria-labelledby="sandbox-payments-title">
        <h2 id="sandbox-payments-title">{t('sandboxTools.payments')}</h2>
        {waiting.loading && <p role="status">{t('common.loading')}</p>}
        {!waiting.loading && payments.length === 0 && (
          <p className="muted">
            {t('sandboxTools.noPayments')} <a href={routeHref({ name: 'new-payment' })}>{t('nav.newPayment')}</a>
          </p>
        )}
        {payments.length > 0 && (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('transactions.column.date')}</th>
                <th scope="col">{t('detail.method')}</th>
                <th scope="col">{t('transactions.column.amount')}</th>
                <th scope="col">{t('transactions.column.status')}</th>
                <th scope="col">{t('transactions.column.reference')}</th>
                <th scope="col">{t('sandboxTools.actAs')}</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((payment) => (
                <tr key={payment.id} data-testid="sandbox-payment-row" data-payment-id={payment.id} data-status={payment.status}>
                  <td>
                    <DateTime iso={payment.createdAt} />
                  </td>
                  <td>{methodLabel(t, payment.method)}</td>
                  <td>
                    <Amount amount={payment.amount} currency={payment.currency} />
                  </td>
                  <td>
                    <StatusBadge status={payment.status} />
                  </td>
                  <td>
                    <a href={paymentHref(payment.id)} className="mono">
                      {payment.merchantReference}
                    </a>
                    {payment.customerPhone && <div className="muted mono">{payment.customerPhone}</div>}
                  </td>
                  <td>
                    <ActionButtons actions={actionsForPayment(customerActions, payment)} targetId={payment.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="sandbox-mandates-title">
        <h2 id="sandbox-mandates-title">{t('sandboxTools.mandates')}</h2>
        {!waiting.loading && mandates.length === 0 && (
          <p className="muted">
            {t('sandboxTools.noMandates')} <a href={routeHref({ name: 'stored', tokenId: null })}>{t('nav.stored')}</a>
          </p>
        )}
        {mandates.length > 0 && (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('mandate.column.phone')}</th>
                <th scope="col">{t('mandate.column.customer')}</th>
                <th scope="col">{t('mandate.column.status')}</th>
                <th scope="col">{t('mandate.column.limit')}</th>
                <th scope="col">{t('sandboxTools.actAs')}</th>
              </tr>
            </thead>
            <tbody>
              {mandates.map((mandate) => (
                <tr key={mandate.id} data-testid="sandbox-mandate-row" data-mandate-id={mandate.id} data-status={mandate.status}>
                  <td className="mono">{mandate.phone}</td>
                  <td>{mandate.customerName}</td>
                  <td>
                    <MandateStatusBadge status={mandate.status} />
                  </td>
                  <td>{mandate.limit !== null ? <Amount amount={mandate.limit} currency={mandate.currency ?? 'EUR'} /> : t('common.none')}</td>
                  <td>
                    <ActionButtons actions={actionsForMandate(customerActions, mandate)} targetId={mandate.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <StatementDownload gatewayId={gatewayId} />
    </>
  );
}
