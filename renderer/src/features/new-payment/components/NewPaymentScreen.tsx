import { EnvironmentTag } from '../../../components/EnvironmentTag.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { routeHref } from '../../../routing/route.ts';
import { selectActiveProfile, selectGateway } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { useOutcomeUpdates } from '../hooks/use-outcome-updates.ts';
import { useNewPayment } from '../stores/new-payment.ts';
import { MotoForm } from './MotoForm.tsx';
import { OutcomePanel } from './OutcomePanel.tsx';
import { SandboxScenarios } from './SandboxScenarios.tsx';

export function NewPaymentScreen() {
  const t = useT();
  const profile = useWorkspace(selectActiveProfile);
  const gateway = useWorkspace((state) => (profile ? selectGateway(state, profile.gatewayId) : null));
  const outcome = useNewPayment((state) => state.outcome);
  useOutcomeUpdates();

  return (
    <section className="new-payment" aria-labelledby="new-payment-title">
      <h1 id="new-payment-title">{t('moto.title')}</h1>
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
      {gateway && !gateway.moto && <p className="notice notice-error">{t('moto.noMoto', { gateway: gateway.displayName })}</p>}
      {outcome ? <OutcomePanel outcome={outcome} /> : <MotoForm profile={profile} />}
      {profile?.environment === 'sandbox' && <SandboxScenarios gatewayId={profile.gatewayId} />}
    </section>
  );
}
