import { useId, useState, type FormEvent } from 'react';
import { approvalNoteSchema, type ApprovalRequest } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { useWorkspace } from '../../../stores/workspace.ts';
import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { RelativeTime } from '../../../components/RelativeTime.tsx';
import { contractAccepts, maxLengthOf } from '../../../domain/contract-rules.ts';
import { cardNumberInTextProblem } from '../../../format/free-text.ts';
import { useT } from '../../../i18n/locale-store.ts';
import type { OperatorRights } from '../../../queries/operator-query.ts';
import { paymentHref } from '../../../routing/route.ts';
import { decideApproval } from '../api/approval-decisions.ts';
import { approvalsStore, useApprovals } from '../stores/approvals.ts';
import { decisionOffer } from '../utils/approval-queue.ts';

/**
 * One request in full, and the decision: approve (the refund runs) or reject, each with a note.
 * The requester and an operator without the approval right see why there are no buttons.
 */
export function DecisionPanel({ request, rights }: { request: ApprovalRequest; rights: OperatorRights }) {
  const t = useT();
  const id = useId();
  const [note, setNote] = useState('');
  const [noteProblem, setNoteProblem] = useState<string | null>(null);
  const deciding = useApprovals((state) => state.deciding);
  const decisionError = useApprovals((state) => state.decisionError);
  const lastDecision = useApprovals((state) => state.lastDecision);
  const offer = decisionOffer(request, rights);
  const profile = useWorkspace((state) => state.profiles.find((each) => each.id === request.profileId) ?? null);
  const [confirming, setConfirming] = useState(false);

  function changeNote(typed: string) {
    setNote(typed);
    setNoteProblem(cardNumberInTextProblem(typed, t));
  }

  async function decide(decision: 'approve' | 'reject', event?: FormEvent, confirmed = false) {
    event?.preventDefault();
    if (deciding !== null) return;
    const problem = cardNumberInTextProblem(note, t) ?? (contractAccepts(approvalNoteSchema, note) ? null : t('approvals.noteInvalid'));
    setNoteProblem(problem);
    if (problem !== null) return;
    // Approving sends the refund: on a production profile it first says what will happen, as every money-moving action does.
    if (decision === 'approve' && profile?.environment === 'production' && !confirmed) {
      setConfirming(true);
      return;
    }
    approvalsStore.getState().startDecision(decision);
    const answer = await decideApproval({ requestId: request.id, decision, note: note.trim() });
    approvalsStore.getState().decided(answer.ok ? answer.value : null, answer.ok ? null : answer.error);
  }

  return (
    <section className="panel approval-decision" aria-labelledby={`${id}-title`} data-testid="approval-decision" data-request-id={request.id} data-status={request.status}>
      <h2 id={`${id}-title`}>
        {t('approvals.decision.title')} <Amount amount={request.amount} currency={request.currency} />
      </h2>
      <dl className="facts">
        <dt>{t('approvals.column.payment')}</dt>
        <dd>
          <a href={paymentHref(request.paymentId)} className="mono" data-testid="approval-decision-payment">
            {request.merchantReference}
          </a>
        </dd>
        <dt>{t('approvals.column.reason')}</dt>
        <dd>{request.reason}</dd>
        <dt>{t('approvals.column.requester')}</dt>
        <dd className="mono">
          {request.requestedBy} · <DateTime iso={request.requestedAt} />
        </dd>
        <dt>{t('approvals.column.status')}</dt>
        <dd>
          {t(`approvals.status.${request.status}`)}
          {request.status === 'pending' ? (
            <>
              {' · '}
              {t('approvals.expires')} <RelativeTime iso={request.expiresAt} />
            </>
          ) : null}
          {request.decidedBy !== null && request.decidedAt !== null ? (
            <>
              {' · '}
              {t('approvals.decidedBy', { operator: request.decidedBy })} <DateTime iso={request.decidedAt} />
            </>
          ) : null}
        </dd>
        {request.note !== null && request.note !== '' && (
          <>
            <dt>{t('approvals.note')}</dt>
            <dd>{request.note}</dd>
          </>
        )}
      </dl>

      {offer === 'own-request' && (
        <p className="notice" role="note" data-testid="approval-own-request">
          {t('approvals.ownRequest')}
        </p>
      )}
      {offer === 'no-right' && rights.me !== null && (
        <p className="notice missing-right" role="note" data-testid="missing-right" data-right="approve_refund">
          {t('rights.missing', { login: rights.me.login, role: t(`role.${rights.me.role}`), right: t('right.approve_refund') })}
        </p>
      )}
      {offer === 'decide' && (
        <form onSubmit={(event) => void decide('approve', event)} noValidate>
          <label className="field">
            <span>{t('approvals.note')}</span>
            <textarea
              value={note}
              rows={2}
              maxLength={maxLengthOf(approvalNoteSchema)}
              onChange={(event) => changeNote(event.target.value)}
              aria-invalid={noteProblem !== null}
              aria-describedby={noteProblem !== null ? `${id}-note-error` : `${id}-note-hint`}
              data-testid="approval-note"
            />
          </label>
          {noteProblem !== null ? (
            <p id={`${id}-note-error`} className="field-error" data-testid="approval-note-error">
              {noteProblem}
            </p>
          ) : (
            <p id={`${id}-note-hint`} className="hint">
              {t('approvals.noteHint')}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="primary" disabled={deciding !== null} data-testid="approval-approve">
              {deciding === 'approve' ? t('action.inFlight') : t('approvals.approve')}
            </button>
            <button type="button" disabled={deciding !== null} onClick={() => void decide('reject')} data-testid="approval-reject">
              {deciding === 'reject' ? t('action.inFlight') : t('approvals.reject')}
            </button>
          </div>
        </form>
      )}
      <ErrorNotice error={decisionError} testId="approval-decision-error" />
      <ConfirmDialog
        open={confirming}
        title={t('action.confirmTitle')}
        body={t('action.confirmBody')}
        confirmLabel={t('approvals.approve')}
        lines={[
          { label: t('action.confirmOperation'), value: t('operation.refund') },
          { label: t('action.confirmAmount'), value: <Amount amount={request.amount} currency={request.currency} /> },
          { label: t('action.confirmPayment'), value: `${request.paymentId} · ${request.merchantReference}` },
          { label: t('action.confirmProfile'), value: profile === null ? request.profileId : `${profile.name} (${t(`environment.${profile.environment}`)})` },
        ]}
        onConfirm={() => {
          setConfirming(false);
          void decide('approve', undefined, true);
        }}
        onCancel={() => setConfirming(false)}
      />
      {lastDecision !== null && lastDecision.request.id === request.id && (
        <p className="notice notice-ok" role="status" data-testid="approval-decided" data-status={lastDecision.request.status} data-outcome={lastDecision.outcome?.state ?? ''}>
          {lastDecision.outcome === null
            ? t(`approvals.decided.${lastDecision.request.status}`)
            : t('approvals.decided.refund', { state: t(`operationState.${lastDecision.outcome.state}`) })}
        </p>
      )}
    </section>
  );
}
