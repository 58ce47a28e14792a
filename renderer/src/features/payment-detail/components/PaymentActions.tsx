import { useCallback, useState } from 'react';
import type { PaymentDetail } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { SlowCallNotice } from '../../../components/SlowCallNotice.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { CardholderStepNotice } from '../../../components/CardholderStepNotice.tsx';
import { PendingActionDetails } from '../../../components/PendingActionDetails.tsx';
import { cardExpiryLabel, maskedCardLabel } from '../../../format/card-format.ts';
import { instalmentPlanToday } from '../../../format/date-format.ts';
import { routeHref } from '../../../routing/route.ts';
import { useOriginToken } from '../hooks/use-origin-token.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { formatAmount } from '../../../format/money-format.ts';
import { selectOfferedActions, type PaymentAction } from '../stores/payment-detail-store.ts';
import { paymentDetailStore, usePaymentDetail } from '../stores/payment-detail.ts';
import { selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { actionLabelKey } from '../utils/action-labels.ts';
import { isOtpAction } from '../../../format/otp.ts';
import { totalOfInstallments, upcomingInstallments } from '../utils/schedule.ts';
import { CaptureForm } from './CaptureForm.tsx';
import { OtpForm } from '../../../components/OtpForm.tsx';
import { RebillForm } from './RebillForm.tsx';
import { RefundForm } from './RefundForm.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';
import { actionsNotOffered, operatorMay } from '../utils/action-rights.ts';
import { PendingApprovals } from './PendingApprovals.tsx';

type MoneyAction = Exclude<PaymentAction, 'sync'>;

export interface PendingConfirmation {
  readonly action: MoneyAction;
  readonly amount: string;
  readonly run: () => Promise<boolean>;
  readonly onDone?: () => void;
  /** Asked on every profile, not only production (it cannot be undone), with its own wording. */
  readonly always?: { readonly title: string; readonly body: string; readonly amountLabel: string };
}

/**
 * Buttons exist only for what the core's `actions` allows. On a production profile anything that
 * moves money first shows what will happen (operation, amount, payment, profile) and waits.
 */
export function PaymentActions({ detail }: { detail: PaymentDetail }) {
  const t = useT();
  const { payment } = detail;
  const voidTerm = useWorkspace((state) => selectGateway(state, payment.gatewayId)?.voidTerm);
  const intlLocale = useIntlLocale();
  const rights = useOperatorRights();
  const allowed = selectOfferedActions(detail);
  // Until the operator is known nothing that needs a right is offered; the core would refuse it anyway.
  const offered = allowed.filter((action) => operatorMay(action, rights));
  const notOffered = actionsNotOffered(allowed, rights);
  const can = (action: PaymentAction) => offered.includes(action);
  const inFlight = usePaymentDetail((state) => state.inFlight);
  const inFlightSince = usePaymentDetail((state) => state.inFlightSince);
  const actionError = usePaymentDetail((state) => state.actionError);
  const lastOutcome = usePaymentDetail((state) => state.lastOutcome);
  const approvalRequested = usePaymentDetail((state) => state.approvalRequested);
  const [openForm, setOpenForm] = useState<'capture' | 'refund' | 'rebill' | null>(null);
  const [confirmation, setConfirmation] = useState<PendingConfirmation | null>(null);
  const production = payment.environment === 'production';
  const storedCard = useOriginToken(payment.profileId, payment.id, payment.updatedAt);
  const originToken = rights.known && rights.may('mit') ? storedCard : null;

  const submit = useCallback(
    (request: PendingConfirmation) => {
      if (production || request.always) {
        setConfirmation(request);
        return;
      }
      void request.run().then((done) => {
        if (done) request.onDone?.();
      });
    },
    [production],
  );

  const cancelConfirmation = useCallback(() => setConfirmation(null), []);

  function confirm() {
    const request = confirmation;
    setConfirmation(null);
    if (!request) return;
    void request.run().then((done) => {
      if (done) request.onDone?.();
    });
  }

  function voidAuthorization() {
    const expectedCapturable = payment.capturable;
    submit({
      action: 'void',
      amount: expectedCapturable,
      run: () => paymentDetailStore.getState().voidAuthorization(expectedCapturable),
      // Asked in every environment: a void cannot be undone, and a sandbox habit becomes a production click.
      always: { title: t('void.confirmTitle', { action: label('void') }), body: t('void.confirmBody'), amountLabel: t('void.confirmAmount') },
    });
  }

  function continueAction() {
    submit({ action: 'continueAction', amount: payment.amount, run: () => paymentDetailStore.getState().continueAction() });
  }

  function stopSchedule() {
    const upcoming = upcomingInstallments(payment.schedule, instalmentPlanToday(new Date()));
    submit({
      action: 'stopSchedule',
      amount: totalOfInstallments(upcoming, payment.currency) ?? payment.amount,
      run: () => paymentDetailStore.getState().stopSchedule(),
      always: {
        title: t('schedule.stopConfirmTitle'),
        body: t('schedule.stopConfirmBody', { count: upcoming.length }),
        amountLabel: t('schedule.stopConfirmAmount'),
      },
    });
  }

  const busy = inFlight !== null;
  const label = (action: PaymentAction) => t(actionLabelKey(action, voidTerm));
  const toggleForm = (form: 'capture' | 'refund' | 'rebill') => setOpenForm(openForm === form ? null : form);

  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('detail.actions')}</h2>
      {offered.length === 0 && !originToken && <p className="muted">{t('detail.noActions')}</p>}
      {can('continueAction') && isOtpAction(payment.pendingAction) && (
        <div className="notice continue-action" data-testid="continue-action" data-action-type="otp">
          <OtpForm
            message={payment.pendingAction?.message ?? null}
            busy={busy}
            inFlight={inFlight === 'continueAction'}
            submitOtp={(otp, done) => submit({ action: 'continueAction', amount: payment.amount, run: () => paymentDetailStore.getState().continueAction(otp), onDone: done })}
          />
        </div>
      )}
      {can('continueAction') && !isOtpAction(payment.pendingAction) && (
        <div className="notice continue-action" data-testid="continue-action">
          <strong>{t('detail.continueTitle')}</strong>
          <p>{t('detail.continueHelp')}</p>
          {payment.pendingAction && <PendingActionDetails action={payment.pendingAction} />}
          <div className="button-row">
            <button type="button" className="primary" data-testid="continue-action-button" disabled={busy} onClick={continueAction}>
              {inFlight === 'continueAction' ? t('action.inFlight') : t('action.continueAction')}
            </button>
          </div>
        </div>
      )}
      {!can('continueAction') && payment.pendingAction && (
        // Gateways that settle a redirect by status (OPPWA 3-D Secure) have nothing to resubmit.
        <div className="notice awaiting-action" data-testid="awaiting-gateway-action">
          <strong>{t('detail.pendingAction')}</strong>
          <p>{can('sync') ? t('detail.awaitingHelp') : t('detail.awaitingHelpNoSync')}</p>
          {payment.method === 'card' ? <CardholderStepNotice action={payment.pendingAction} email={payment.customerEmail} /> : <PendingActionDetails action={payment.pendingAction} />}
        </div>
      )}
      <div className="button-row">
        {can('capture') && (
          <button type="button" data-testid="capture-button" disabled={busy} aria-expanded={openForm === 'capture'} onClick={() => toggleForm('capture')}>
            {label('capture')}
          </button>
        )}
        {can('void') && (
          <button type="button" data-testid="void-button" disabled={busy} onClick={voidAuthorization}>
            {inFlight === 'void' ? t('action.inFlight') : label('void')}
          </button>
        )}
        {can('refund') && (
          <button type="button" data-testid="refund-button" disabled={busy} aria-expanded={openForm === 'refund'} onClick={() => toggleForm('refund')}>
            {label('refund')}
          </button>
        )}
        {can('rebill') && (
          <button type="button" data-testid="rebill-button" disabled={busy} aria-expanded={openForm === 'rebill'} onClick={() => toggleForm('rebill')}>
            {label('rebill')}
          </button>
        )}
        {can('stopSchedule') && (
          <button type="button" data-testid="stop-schedule-button" disabled={busy} onClick={stopSchedule}>
            {inFlight === 'stopSchedule' ? t('action.inFlight') : label('stopSchedule')}
          </button>
        )}
        {can('sync') && (
          <button type="button" data-testid="sync-button" disabled={busy} onClick={() => void paymentDetailStore.getState().sync()}>
            {inFlight === 'sync' ? t('action.inFlight') : label('sync')}
          </button>
        )}
        {originToken && (
          <a
            className="button"
            href={routeHref({ name: 'stored', tokenId: originToken.id })}
            data-testid="charge-again-mit"
            title={`${maskedCardLabel(originToken.last4 ? { brand: originToken.brand, last4: originToken.last4 } : null) ?? ''} ${
              originToken.expiryMonth && originToken.expiryYear ? cardExpiryLabel(originToken.expiryMonth, originToken.expiryYear) : ''
            }`.trim()}
          >
            {t('detail.chargeAgain')}
          </a>
        )}
      </div>

      {openForm === 'capture' && can('capture') && (
        <CaptureForm payment={payment} busy={busy} inFlight={inFlight === 'capture'} onSubmit={submit} onClose={() => setOpenForm(null)} />
      )}
      {openForm === 'refund' && can('refund') && (
        <RefundForm payment={payment} policy={detail.refundPolicy} busy={busy} inFlight={inFlight === 'refund'} onSubmit={submit} onClose={() => setOpenForm(null)} />
      )}
      {openForm === 'rebill' && can('rebill') && (
        <RebillForm payment={payment} busy={busy} inFlight={inFlight === 'rebill'} onSubmit={submit} onClose={() => setOpenForm(null)} />
      )}

      {notOffered.length > 0 && rights.me !== null && (
        <p className="muted" role="note" data-testid="actions-not-offered" data-actions={notOffered.join(',')}>
          {t('rights.hiddenActions', { login: rights.me.login, role: t(`role.${rights.me.role}`), actions: notOffered.map(label).join(', ') })}
        </p>
      )}

      <PendingApprovals paymentId={payment.id} />
      <ErrorNotice error={actionError} testId="action-error" />
      {approvalRequested && (
        <p className="notice" role="status" data-testid="approval-requested" data-request-id={approvalRequested.id}>
          {t('detail.approvalRequested', { amount: formatAmount(approvalRequested.amount, approvalRequested.currency, intlLocale) })}{' '}
          <a href={routeHref({ name: 'approvals' })} data-testid="approval-requested-link">
            {t('detail.approvalRequestedLink')}
          </a>
        </p>
      )}
      {lastOutcome && (
        <p className={`notice outcome-${lastOutcome.outcome.state}`} role="status" data-testid="action-outcome" data-state={lastOutcome.outcome.state}>
          {t('action.outcome', { operation: label(lastOutcome.action), state: t(`operationState.${lastOutcome.outcome.state}`) })}
          {lastOutcome.outcome.gatewayCode || lastOutcome.outcome.gatewayMessage
            ? ` — ${`${lastOutcome.outcome.gatewayCode ?? ''} ${lastOutcome.outcome.gatewayMessage ?? ''}`.trim()}`
            : ''}
        </p>
      )}

      <SlowCallNotice since={inFlightSince} />

      <ConfirmDialog
        open={confirmation !== null}
        title={confirmation?.always?.title ?? t('action.confirmTitle')}
        body={confirmation?.always?.body ?? t('action.confirmBody')}
        confirmLabel={confirmation ? label(confirmation.action) : t('common.confirm')}
        lines={
          confirmation
            ? [
                { label: t('action.confirmOperation'), value: label(confirmation.action) },
                { label: confirmation.always?.amountLabel ?? t('action.confirmAmount'), value: <Amount amount={confirmation.amount} currency={payment.currency} /> },
                { label: t('action.confirmPayment'), value: `${payment.id} · ${payment.merchantReference}` },
                { label: t('action.confirmProfile'), value: `${payment.profileName} (${t(`environment.${payment.environment}`)})` },
              ]
            : []
        }
        onConfirm={confirm}
        onCancel={cancelConfirmation}
      />
    </section>
  );
}
