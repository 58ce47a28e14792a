import { useEffect, useRef, useState } from 'react';
import type { StoredCredential } from '../../../../../shared/ipc/contract.ts';
import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { cardExpiryLabel, maskedCardLabel } from '../../../format/card-format.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { paymentHref } from '../../../routing/route.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { useConfirmation } from '../hooks/use-confirmation.tsx';
import { storedCredentialsStore, useStoredCredentials } from '../stores/stored-credentials.ts';
import { selectChargeableTokens, tokenExpired } from '../utils/stored-forms.ts';
import { ChargeStoredForm } from './ChargeStoredForm.tsx';
import { MissingRightNote } from '../../../components/MissingRightNote.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';
import { OutcomeNotice } from './OutcomeNotice.tsx';

function cardLabel(token: StoredCredential): string {
  return maskedCardLabel(token.last4 ? { brand: token.brand, last4: token.last4 } : null) ?? token.id;
}

export function TokensSection({ preselectedTokenId }: { preselectedTokenId: string | null }) {
  const t = useT();
  const rights = useOperatorRights();
  const mayCharge = rights.may('mit');
  const allTokens = useStoredCredentials((state) => state.tokens);
  const phase = useStoredCredentials((state) => state.tokensPhase);
  const listError = useStoredCredentials((state) => state.tokensError);
  const inFlight = useStoredCredentials((state) => state.inFlight);
  const operationError = useStoredCredentials((state) => state.operationError);
  const lastOutcome = useStoredCredentials((state) => state.lastOutcome);
  const notice = useStoredCredentials((state) => state.notice);
  const profiles = useWorkspace((state) => state.profiles);
  const [chargingId, setChargingId] = useState<string | null>(preselectedTokenId);
  const [dialog, confirm] = useConfirmation();
  const formAnchor = useRef<HTMLDivElement>(null);
  const tokens = selectChargeableTokens(allTokens);
  const charging = tokens.find((token) => token.id === chargingId) ?? null;
  const now = new Date();

  useEffect(() => {
    setChargingId(preselectedTokenId);
  }, [preselectedTokenId]);

  useEffect(() => {
    if (charging) formAnchor.current?.scrollIntoView({ block: 'nearest' });
  }, [charging]);

  function askDelete(token: StoredCredential) {
    const profile = profiles.find((candidate) => candidate.id === token.profileId);
    confirm({
      title: t('stored.delete.title'),
      body: t('stored.delete.body'),
      confirmLabel: t('stored.delete'),
      lines: [
        { label: t('stored.column.card'), value: cardLabel(token) },
        { label: t('stored.column.holder'), value: token.holder ?? t('common.none') },
        { label: t('action.confirmProfile'), value: profile ? profile.name : token.profileId },
      ],
      run: () => {
        if (chargingId === token.id) setChargingId(null);
        void storedCredentialsStore.getState().deleteToken(token.id);
      },
    });
  }

  const tokenError = operationError && (operationError.operation === 'charge' || operationError.operation === 'delete') ? operationError.error : null;

  return (
    <section className="panel" aria-labelledby="tokens-title" data-testid="tokens-section">
      <h2 id="tokens-title">{t('stored.tokens')}</h2>
      <p className="hint">{t('stored.tokensHelp')}</p>
      <MissingRightNote rights={rights} right="mit" />
      <ErrorNotice error={listError} testId="tokens-error" />
      {phase === 'loading' && <p role="status">{t('common.loading')}</p>}
      {phase !== 'loading' && tokens.length === 0 && !listError && <p className="muted">{t('stored.noTokens')}</p>}
      {tokens.length > 0 && (
        <table className="data-table" data-testid="tokens-table">
          <thead>
            <tr>
              <th scope="col">{t('stored.column.card')}</th>
              <th scope="col">{t('stored.column.expiry')}</th>
              <th scope="col">{t('stored.column.holder')}</th>
              <th scope="col">{t('stored.column.profile')}</th>
              <th scope="col">{t('stored.column.origin')}</th>
              <th scope="col">{t('stored.column.created')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('stored.column.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => {
              const expired = tokenExpired(token, now);
              const profile = profiles.find((candidate) => candidate.id === token.profileId);
              return (
                <tr key={token.id} data-testid="token-row" data-token-id={token.id} data-selected={token.id === chargingId}>
                  <td>{cardLabel(token)}</td>
                  <td className={expired ? 'field-error' : undefined}>
                    {token.expiryMonth !== null && token.expiryYear !== null ? cardExpiryLabel(token.expiryMonth, token.expiryYear) : t('common.none')}
                    {expired ? ` · ${t('stored.expired')}` : ''}
                  </td>
                  <td>{token.holder ?? t('common.none')}</td>
                  <td>{profile ? profile.name : <span className="mono">{token.profileId}</span>}</td>
                  <td>
                    {token.originPaymentId ? (
                      <a href={paymentHref(token.originPaymentId)} className="mono" data-testid="token-origin">
                        {token.originPaymentId}
                      </a>
                    ) : (
                      t('common.none')
                    )}
                  </td>
                  <td>
                    <DateTime iso={token.createdAt} />
                  </td>
                  <td>
                    {mayCharge && (
                      <div className="row-actions">
                        <button
                          type="button"
                          data-testid="token-charge"
                          aria-expanded={token.id === chargingId}
                          aria-label={`${t('stored.chargeAgain')} ${cardLabel(token)}`}
                          disabled={inFlight !== null}
                          onClick={() => {
                            storedCredentialsStore.getState().clearResult();
                            setChargingId(token.id === chargingId ? null : token.id);
                          }}
                        >
                          {t('stored.chargeAgain')}
                        </button>
                        <button type="button" data-testid="token-delete" aria-label={`${t('stored.delete')} ${cardLabel(token)}`} disabled={inFlight !== null} onClick={() => askDelete(token)}>
                          {inFlight?.operation === 'delete' && inFlight.targetId === token.id ? t('action.inFlight') : t('stored.delete')}
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {preselectedTokenId && phase === 'ready' && !charging && !allTokens.some((token) => token.id === preselectedTokenId && token.status === 'active') && (
        <p className="notice">{t('stored.tokenGone')}</p>
      )}
      <div ref={formAnchor}>
        {charging && mayCharge && (
          <ChargeStoredForm
            key={charging.id}
            token={charging}
            profile={profiles.find((candidate) => candidate.id === charging.profileId) ?? null}
            confirm={confirm}
            onClose={() => setChargingId(null)}
          />
        )}
      </div>
      <ErrorNotice error={tokenError} testId="token-action-error" />
      {lastOutcome?.operation === 'charge' && <OutcomeNotice result={lastOutcome} testId="mit-outcome" />}
      {notice?.operation === 'delete' && (
        <p className="notice notice-ok" role="status" data-testid="token-deleted">
          {t('stored.deleted')}
        </p>
      )}
      {dialog}
    </section>
  );
}
