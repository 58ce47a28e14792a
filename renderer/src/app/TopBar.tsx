import { EnvironmentTag } from '../components/EnvironmentTag.tsx';
import { useT } from '../i18n/locale-store.ts';
import { routeHref } from '../routing/route.ts';
import { useRoute } from '../routing/use-route.ts';
import { selectActiveProfile } from '../stores/workspace-store.ts';
import { useWorkspace, workspaceStore } from '../stores/workspace.ts';
import type { MessageKey } from '../i18n/en.ts';

interface NavItem {
  readonly href: string;
  readonly label: MessageKey;
  readonly matches: readonly string[];
  readonly testId: string;
  /** Shown only while the active profile is a sandbox one. */
  readonly sandboxOnly?: boolean;
}

const NAV: readonly NavItem[] = [
  { href: routeHref({ name: 'transactions' }), label: 'nav.transactions', matches: ['transactions', 'payment'], testId: 'nav-transactions' },
  { href: routeHref({ name: 'new-payment' }), label: 'nav.newPayment', matches: ['new-payment'], testId: 'nav-new-payment' },
  { href: routeHref({ name: 'stored', tokenId: null }), label: 'nav.stored', matches: ['stored'], testId: 'nav-stored' },
  { href: routeHref({ name: 'sandbox' }), label: 'nav.sandbox', matches: ['sandbox'], testId: 'nav-sandbox', sandboxOnly: true },
  { href: routeHref({ name: 'settings' }), label: 'nav.settings', matches: ['settings'], testId: 'nav-settings' },
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
          {NAV.filter((item) => !item.sandboxOnly || active?.environment === 'sandbox').map((item) => (
            <li key={item.href}>
              <a href={item.href} aria-current={item.matches.includes(route.name) ? 'page' : undefined} data-testid={item.testId}>
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
