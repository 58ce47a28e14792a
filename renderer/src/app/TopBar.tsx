import { EnvironmentTag } from '../components/EnvironmentTag.tsx';
import { useT } from '../i18n/locale-store.ts';
import { routeHref } from '../routing/route.ts';
import { useRoute } from '../routing/use-route.ts';
import { selectActiveProfile } from '../stores/workspace-store.ts';
import { useWorkspace, workspaceStore } from '../stores/workspace.ts';
import type { MessageKey } from '../i18n/en.ts';

const NAV: ReadonlyArray<{ readonly href: string; readonly label: MessageKey; readonly matches: readonly string[] }> = [
  { href: routeHref({ name: 'transactions' }), label: 'nav.transactions', matches: ['transactions', 'payment'] },
  { href: routeHref({ name: 'new-payment' }), label: 'nav.newPayment', matches: ['new-payment'] },
  { href: routeHref({ name: 'settings' }), label: 'nav.settings', matches: ['settings'] },
];

export function TopBar() {
  const t = useT();
  const route = useRoute();
  const profiles = useWorkspace((state) => state.profiles);
  const activeProfileId = useWorkspace((state) => state.activeProfileId);
  const active = useWorkspace(selectActiveProfile);

  return (
    <header className={`top-bar${active ? ` top-bar-${active.environment}` : ''}`}>
      <span className="app-name">{t('app.title')}</span>
      <nav aria-label={t('nav.label')}>
        <ul>
          {NAV.map((item) => (
            <li key={item.href}>
              <a href={item.href} aria-current={item.matches.includes(route.name) ? 'page' : undefined}>
                {t(item.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="profile-switcher">
        <label htmlFor="active-profile">{t('profile.switcher')}</label>
        <select
          id="active-profile"
          data-testid="profile-switcher"
          value={activeProfileId ?? ''}
          disabled={profiles.length === 0}
          onChange={(event) => workspaceStore.getState().setActiveProfile(event.target.value)}
        >
          {profiles.length === 0 && <option value="">{t('profile.none')}</option>}
          {profiles.map((profile) => (
            <option key={profile.id} value={profile.id}>
              {`${profile.name} — ${t(`environment.${profile.environment}`)}`}
            </option>
          ))}
        </select>
        {active && <EnvironmentTag environment={active.environment} />}
      </div>
    </header>
  );
}
