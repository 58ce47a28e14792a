import { useState } from 'react';
import type { Mandate } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { MandateStatusBadge } from '../../../components/MandateStatusBadge.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { selectActiveProfile, selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { useConfirmation } from '../hooks/use-confirmation.tsx';
import { storedCredentialsStore, useStoredCredentials } from '../stores/stored-credentials.ts';
import { offeredMandateActions, selectMandatesInOrder } from '../utils/stored-forms.ts';
import { CollectForm } from './CollectForm.tsx';
import { CreateMandateForm } from './CreateMandateForm.tsx';
import { OutcomeNotice } from './OutcomeNotice.tsx';
import { MissingRightNote } from '../../../components/MissingRightNote.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';

export function MandatesSection() {
  const t = useT();
  const rights = useOperatorRights();
  const allMandates = useStoredCredentials((state) => state.mandates);
  const phase = useStoredCredentials((state) => state.mandatesPhase);
  const listError = useStoredCredentials((state) => state.mandatesError);
  const inFlight = useStoredCredentials((state) => state.inFlight);
  const operationError = useStoredCredentials((state) => state.operationError);
  const lastOutcome = useStoredCredentials((state) => state.lastOutcome);
  const notice = useStoredCredentials((state) => state.notice);
  const profiles = useWorkspace((state) => state.profiles);
  const activeProfile = useWorkspace(selectActiveProfile);
  const activeGateway = useWorkspace((state) => (activeProfile ? selectGateway(state, activeProfile.gatewayId) : null));
  const [creating, setCreating] = useState(false);
  const [collectingId, setCollectingId] = useState<string | null>(null);
  const [dialog, confirm] = useConfirmation();
  const mandates = selectMandatesInOrder(allMandates);
  const collecting = mandates.find((mandate) => mandate.id === collectingId && mandate.status === 'active') ?? null;
  const canCreate = activeGateway !== null && activeGateway.capabilities.includes('mandates');
  const busy = inFlight !== null;

  function askCancel(mandate: Mandate) {
    confirm({
      title: t('mandate.cancel.title'),
      body: t('mandate.cancel.body'),
      confirmLabel: t('mandate.cancel'),
      lines: [
        { label: t('mandate.column.customer'), value: mandate.customerName },
        { label: t('mandate.column.phone'), value: mandate.phone },
        { label: t('action.confirmProfile'), value: profiles.find((profile) => profile.id === mandate.profileId)?.name ?? mandate.profileId },
      ],
      run: () => {
        if (collectingId === mandate.id) setCollectingId(null);
        void storedCredentialsStore.getState().cancelMandate(mandate.id);
      },
    });
  }

  const mandateOperation = operationError && ['create', 'sync', 'cancel', 'collect'].includes(operationError.operation) ? operationError.error : null;
  const mandateNotice = notice && (notice.operation === 'create' || notice.operation === 'sync' || notice.operation === 'cancel') ? notice.operation : null;

  return (
    <section className="panel" aria-labelledby="mandates-title" data-testid="mandates-section">
      <h2 id="mandates-title">{t('mandate.title')}</h2>
      <p className="hint">{t('mandate.help')}</p>
      <MissingRightNote rights={rights} right="mbway" testId="mandate-missing-right" />
      {rights.may('mbway') && (
        <div className="button-row">
          <button
            type="button"
            data-testid="mandate-create"
            aria-expanded={creating}
            disabled={!canCreate}
            onClick={() => {
              storedCredentialsStore.getState().clearResult();
              setCreating(!creating);
            }}
          >
            {t('mandate.create')}
          </button>
          {!canCreate && <span className="hint">{activeProfile ? t('mandate.notOffered', { gateway: activeGateway?.displayName ?? activeProfile.gatewayId }) : t('moto.noProfile')}</span>}
        </div>
      )}
      {creating && activeProfile && canCreate && rights.may('mbway') && <CreateMandateForm key={activeProfile.id} profile={activeProfile} onClose={() => setCreating(false)} />}
      <ErrorNotice error={listError} testId="mandates-error" />
      {phase === 'loading' && <p role="status">{t('common.loading')}</p>}
      {phase !== 'loading' && mandates.length === 0 && !listError && <p className="muted">{t('mandate.none')}</p>}
      {mandates.length > 0 && (
        <table className="data-table" data-testid="mandates-table">
          <thead>
            <tr>
              <th scope="col">{t('mandate.column.phone')}</th>
              <th scope="col">{t('mandate.column.customer')}</th>
              <th scope="col">{t('mandate.column.type')}</th>
              <th scope="col">{t('mandate.column.status')}</th>
              <th scope="col">{t('mandate.column.limit')}</th>
              <th scope="col">{t('mandate.column.expiry')}</th>
              <th scope="col">{t('mandate.column.gatewayId')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('stored.column.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {mandates.map((mandate) => {
              const offered = offeredMandateActions(mandate);
              const working = (action: string) => inFlight?.operation === action && inFlight.targetId === mandate.id;
              return (
                <tr key={mandate.id} data-testid="mandate-row" data-status={mandate.status} data-mandate-id={mandate.id}>
                  <td className="mono">{mandate.phone}</td>
                  <td>{mandate.customerName}</td>
                  <td>{t(`mandateType.${mandate.mandateType}`)}</td>
                  <td>
                    <MandateStatusBadge status={mandate.status} />
                    {mandate.gatewayMessage && <div className="muted">{mandate.gatewayMessage}</div>}
                  </td>
                  <td>{mandate.limit !== null ? <Amount amount={mandate.limit} currency={mandate.currency ?? 'EUR'} /> : t('common.none')}</td>
                  <td>{mandate.expiresAt ? <DateTime iso={mandate.expiresAt} /> : t('common.none')}</td>
                  <td className="mono">{mandate.gatewayMandateId ?? t('common.none')}</td>
                  <td>
                    <div className="row-actions">
                      {offered.includes('collect') && rights.may('mit') && (
                        <button
                          type="button"
                          data-testid="mandate-collect"
                          aria-expanded={collectingId === mandate.id}
                          disabled={busy}
                          onClick={() => {
                            storedCredentialsStore.getState().clearResult();
                            setCollectingId(collectingId === mandate.id ? null : mandate.id);
                          }}
                        >
                          {t('mandate.collect')}
                        </button>
                      )}
                      {rights.writes && (
                        <button type="button" data-testid="mandate-sync" disabled={busy} onClick={() => void storedCredentialsStore.getState().syncMandate(mandate.id)}>
                          {working('sync') ? t('action.inFlight') : t('mandate.sync')}
                        </button>
                      )}
                      {offered.includes('cancel') && rights.may('mbway') && (
                        <button type="button" data-testid="mandate-cancel" disabled={busy} onClick={() => askCancel(mandate)}>
                          {working('cancel') ? t('action.inFlight') : t('mandate.cancel')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {collecting && rights.may('mit') && (
        <CollectForm
          key={collecting.id}
          mandate={collecting}
          profile={profiles.find((profile) => profile.id === collecting.profileId) ?? null}
          confirm={confirm}
          onClose={() => setCollectingId(null)}
        />
      )}
      <ErrorNotice error={mandateOperation} testId="mandate-action-error" />
      {lastOutcome?.operation === 'collect' && <OutcomeNotice result={lastOutcome} testId="collect-outcome" />}
      {mandateNotice && (
        <p className="notice notice-ok" role="status" data-testid="mandate-notice">
          {t(`mandate.done.${mandateNotice}`)}
        </p>
      )}
      {dialog}
    </section>
  );
}
