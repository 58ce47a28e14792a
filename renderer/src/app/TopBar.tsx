import { EnvironmentTag } from '../components/EnvironmentTag.tsx';
import { NavMoreMenu } from './NavMoreMenu.tsx';
import { useT } from '../i18n/locale-store.ts';
import { routeHref } from '../routing/route.ts';
import { useRoute } from '../routing/use-route.ts';
import { selectActiveProfile } from '../stores/workspace-store.ts';
import { useWorkspace, workspaceStore } from '../stores/workspace.ts';
import type { MessageKey } from '../i18n/en.ts';
import { badgeLabel, selectNeedsReviewBadge, selectWaitingBadge, type PollerSummary } from '../queries/poller-summary-query.ts';
import { usePollerSummary } from '../queries/use-poller-summary.ts';
import { navItemShown, type NavVisibility } from './nav-visibility.ts';
import { useOperatorRights } from '../queries/use-operator-rights.ts';
import { usePendingApprovals } from '../queries/use-pending-approvals.ts';

interface NavItem extends NavVisibility {
  readonly href: string;
  readonly label: MessageKey;
  readonly matches: readonly string[];
  readonly testId: string;
  /**
   * Used less often: behind "More", so every screen is reachable at 1280 px in either language
   * without scrolling. `team`: behind it in team mode only, where Approvals takes the room.
   */
  readonly inMore?: boolean | 'team';
  /** A count next to the label, and what it counts for screen readers. */
  readonly badge?: { readonly select: (summary: PollerSummary | undefined) => number | null; readonly label: MessageKey; readonly testId: string };
  /** The count of refund requests waiting for this operator's decision. */
  readonly approvalsBadge?: boolean;
}

const NAV: readonly NavItem[] = [
  { href: routeHref({ name: 'dashboard' }), label: 'nav.dashboard', matches: ['dashboard'], testId: 'nav-dashboard' },
  { href: routeHref({ name: 'transactions' }), label: 'nav.transactions', matches: ['transactions', 'payment'], testId: 'nav-transactions' },
  { href: routeHref({ name: 'new-payment' }), label: 'nav.newPayment', matches: ['new-payment'], testId: 'nav-new-payment', needsAny: ['moto', 'mbway', 'multibanco'] },
  {
    href: routeHref({ name: 'queue' }),
    label: 'nav.queue',
    matches: ['queue'],
    testId: 'nav-queue',
    badge: { select: selectWaitingBadge, label: 'nav.queue.badge', testId: 'queue-badge' },
  },
  { href: routeHref({ name: 'reconciliation' }), label: 'nav.reconciliation', matches: ['reconciliation'], testId: 'nav-reconciliation', inMore: 'team' },
  { href: routeHref({ name: 'approvals' }), label: 'nav.approvals', matches: ['approvals'], testId: 'nav-approvals', teamOnly: true, approvalsBadge: true },
  { href: routeHref({ name: 'audit' }), label: 'nav.audit', matches: ['audit'], testId: 'nav-audit', inMore: 'team' },
  { href: routeHref({ name: 'stored', tokenId: null }), label: 'nav.stored', matches: ['stored'], testId: 'nav-stored', inMore: true },
  { href: routeHref({ name: 'batches' }), label: 'nav.batches', matches: ['batches'], testId: 'nav-batches', inMore: true },
  { href: routeHref({ name: 'sandbox' }), label: 'nav.sandbox', matches: ['sandbox'], testId: 'nav-sandbox', sandboxOnly: true, inMore: true },
  { href: routeHref({ name: 'operators' }), label: 'nav.operators', matches: ['operators'], testId: 'nav-operators', inMore: true, teamOnly: true, needsAny: ['operators'] },
  { href: routeHref({ name: 'settings' }), label: 'nav.settings', matches: ['settings'], testId: 'nav-settings', inMore: true },
];

export function TopBar() {
  const t = useT();
  const route = useRoute();
  const profiles = useWorkspace((state) => state.profiles);
  const activeProfileId = useWorkspace((state) => state.activeProfileId);
  const active = useWorkspace(selectActiveProfile);
  const rights = useOperatorRights();
  const shown = NAV.filter((item) => navItemShown(item, active?.environment === 'sandbox', rights));
  const behindMore = (item: NavItem) => item.inMore === true || (item.inMore === 'team' && rights.team);
  const inMore = shown.filter(behindMore);
  const currentInMore = inMore.find((item) => item.matches.includes(route.name));

  return (
    <header className={`top-bar${active ? ` top-bar-${active.environment}` : ''}`}>
      <span className="app-name">{t('app.title')}</span>
      <nav aria-label={t('nav.label')}>
        <ul>
          {shown
            .filter((item) => !behindMore(item))
            .map((item) => (
              <NavLink key={item.href} item={item} current={item.matches.includes(route.name)} />
            ))}
          <NavMoreMenu currentLabel={currentInMore ? t(currentInMore.label) : null} routeName={route.name}>
            {inMore.map((item) => (
              <NavLink key={item.href} item={item} current={item === currentInMore} />
            ))}
          </NavMoreMenu>
        </ul>
      </nav>
      <NeedsReviewBadge />
      <div className="profile-switcher">
        {/* Named for screen readers; the select and its environment tag say enough to the eye, and the links keep the room. */}
        <label htmlFor="active-profile" className="visually-hidden">
          {t('profile.switcher')}
        </label>
        <select
          id="active-profile"
          data-testid="profile-switcher"
          value={activeProfileId ?? ''}
          disabled={profiles.length === 0}
          onChange={(event) => workspaceStore.getState().setActiveProfile(event.target.value)}
        >
          {profiles.length === 0 && <option value="">{t('profile.none')}</option>}
          {profiles.map((profile) => (
            <option key={profile.id} value={profile.id} disabled={!profile.available}>
              {`${profile.name} — ${t(`environment.${profile.environment}`)}${profile.available ? '' : ` (${t('profile.unavailable')})`}`}
            </option>
          ))}
        </select>
        {active && <EnvironmentTag environment={active.environment} />}
      </div>
    </header>
  );
}

function NavLink({ item, current }: { item: NavItem; current: boolean }) {
  const t = useT();
  return (
    <li>
      <a href={item.href} aria-current={current ? 'page' : undefined} data-testid={item.testId}>
        {t(item.label)}
        {item.badge && <NavBadge badge={item.badge} />}
        {item.approvalsBadge === true && <ApprovalsBadge />}
      </a>
    </li>
  );
}

function NavBadge({ badge }: { badge: NonNullable<NavItem['badge']> }) {
  const t = useT();
  const count = usePollerSummary(badge.select);
  if (count === null) return null;
  return (
    <>
      {' '}
      <span className="nav-badge" aria-hidden="true" data-testid={badge.testId} data-count={count}>
        {badgeLabel(count)}
      </span>
      <span className="visually-hidden">{t(badge.label, { count })}</span>
    </>
  );
}

/** Refund requests this operator may decide; the core counts them and `approval:changed` keeps the count current. */
function ApprovalsBadge() {
  const t = useT();
  const count = usePendingApprovals(true);
  if (count === null) return null;
  return (
    <>
      {' '}
      <span className="nav-badge" aria-hidden="true" data-testid="approvals-badge" data-count={count}>
        {badgeLabel(count)}
      </span>
      <span className="visually-hidden">{t('nav.approvals.badge', { count })}</span>
    </>
  );
}

/** Payments a person must look at, one click from the list of them. */
function NeedsReviewBadge() {
  const t = useT();
  const count = usePollerSummary(selectNeedsReviewBadge);
  if (count === null) return null;
  return (
    <a className="needs-review-badge" href={routeHref({ name: 'transactions', link: { statuses: ['needs_review'] } })} data-testid="needs-review-badge" data-count={count} title={t('needsReview.title')}>
      {t('needsReview.badge', { count: badgeLabel(count) })}
    </a>
  );
}
