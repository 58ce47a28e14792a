import { useEffect } from 'react';
import { EnvironmentTag } from '../../../components/EnvironmentTag.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { routeHref } from '../../../routing/route.ts';
import { selectActiveProfile, selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { useOutcomeUpdates } from '../hooks/use-outcome-updates.ts';
import { newPaymentStore, useNewPayment } from '../stores/new-payment.ts';
import { effectiveMethod, methodForShortcut, methodsOperatorMay, offersInstallments, rightForMethod, selectAvailableMethods } from '../utils/payment-methods.ts';
import { MissingRightNote } from '../../../components/MissingRightNote.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';
import { AsyncPaymentForm } from './AsyncPaymentForm.tsx';
import { MethodSwitch } from './MethodSwitch.tsx';
import { MotoForm } from './MotoForm.tsx';
import { OutcomePanel } from './OutcomePanel.tsx';
import { SandboxScenarios } from './SandboxScenarios.tsx';

export function NewPaymentScreen() {
  const t = useT();
  const profile = useWorkspace(selectActiveProfile);
  const gateway = useWorkspace((state) => (profile ? selectGateway(state, profile.gatewayId) : null));
  const outcome = useNewPayment((state) => state.outcome);
  const outcomeContext = useNewPayment((state) => state.outcomeContext);
  const chosen = useNewPayment((state) => state.method);
  const submitting = useNewPayment((state) => state.submitting);
  const rights = useOperatorRights();
  const offered = selectAvailableMethods(gateway);
  const available = methodsOperatorMay(offered, rights);
  const method = effectiveMethod(chosen, available.length > 0 ? available : offered);
  const mayTake = available.includes(method);
  const availableKey = available.join(',');
  useOutcomeUpdates();

  useEffect(() => {
    const methods = availableKey.split(',') as typeof available;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || newPaymentStore.getState().outcome !== null) return;
      // `code`, not `key`: Alt+1 types "¡" on some layouts.
      const choice = methodForShortcut(event.code.replace(/^(Digit|Numpad)/, ''), methods);
      if (!choice) return;
      event.preventDefault();
      newPaymentStore.getState().chooseMethod(choice);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [availableKey]);

  return (
    <section className="new-payment" aria-labelledby="new-payment-title">
      <h1 id="new-payment-title">{t(method === 'card' ? 'moto.title' : 'newPayment.title')}</h1>
      {profile ? (
        <p className="profile-line">
          {t('moto.profileLine', { profile: profile.name })} <EnvironmentTag environment={profile.environment} />
          {gateway ? <span className="muted"> · {gateway.displayName}</span> : null}
        </p>
      ) : (
        <p className="notice">
          {t('moto.noProfile')} <a href={routeHref({ name: 'settings' })}>{t('nav.settings')}</a>
        </p>
      )}
      {!outcome && available.length > 1 && <MethodSwitch available={available} method={method} disabled={submitting} />}
      {method === 'card' && gateway && !gateway.moto && !outcome && <p className="notice notice-error">{t('moto.noMoto', { gateway: gateway.displayName })}</p>}
      {outcome && outcomeContext ? (
        <OutcomePanel outcome={outcome} context={outcomeContext} activeProfileId={profile?.id ?? null} />
      ) : !mayTake ? (
        rights.known ? <MissingRightNote rights={rights} right={rightForMethod(method)} /> : <p className="muted">{t('common.loading')}</p>
      ) : method === 'card' ? (
        <MotoForm profile={profile} installmentsOffered={offersInstallments(gateway)} />
      ) : (
        // Keyed by gateway too: a bank transfer's default currency is the gateway's.
        <AsyncPaymentForm key={`${method}:${profile?.gatewayId ?? ''}`} method={method} profile={profile} />
      )}
      {profile?.environment === 'sandbox' && <SandboxScenarios gatewayId={profile.gatewayId} />}
    </section>
  );
}

