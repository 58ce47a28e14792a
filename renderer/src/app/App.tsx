import { lazy, Suspense, useEffect } from 'react';
import { subscribe } from '../api/client.ts';
import { useT } from '../i18n/locale-store.ts';
import { useRouteChange } from '../routing/use-route.ts';
import type { Route } from '../routing/route.ts';
import { selectIsSandbox, type WorkspaceState } from '../stores/workspace-store.ts';
import { useWorkspace, workspaceStore } from '../stores/workspace.ts';
import { TransactionsScreen } from '../features/transactions/components/TransactionsScreen.tsx';
import { SettlementToasts } from '../features/desktop-notifications/components/SettlementToasts.tsx';
import { useSettlementEvents } from '../features/desktop-notifications/hooks/use-settlement-events.ts';
import { usePollerSummarySync } from '../queries/use-poller-summary.ts';
import { useOperatorRightsError, useOperatorRightsSync } from '../queries/use-operator-rights.ts';
import { usePendingApprovalsSync } from '../queries/use-pending-approvals.ts';
import { CoreUnreachable } from './CoreUnreachable.tsx';
import { LandingScreen } from './LandingScreen.tsx';
import { TopBar } from './TopBar.tsx';

// The payments list is what opens first; every other screen is its own chunk, fetched when first
// opened, so a start parses and runs only what the list needs.
const PaymentDetailScreen = lazy(() => import('../features/payment-detail/components/PaymentDetailScreen.tsx').then((module) => ({ default: module.PaymentDetailScreen })));
const NewPaymentScreen = lazy(() => import('../features/new-payment/components/NewPaymentScreen.tsx').then((module) => ({ default: module.NewPaymentScreen })));
const SettingsScreen = lazy(() => import('../features/settings/components/SettingsScreen.tsx').then((module) => ({ default: module.SettingsScreen })));
const StoredCredentialsScreen = lazy(() => import('../features/stored-credentials/components/StoredCredentialsScreen.tsx').then((module) => ({ default: module.StoredCredentialsScreen })));
const SandboxToolsScreen = lazy(() => import('../features/sandbox-tools/components/SandboxToolsScreen.tsx').then((module) => ({ default: module.SandboxToolsScreen })));
const StatusQueueScreen = lazy(() => import('../features/status-queue/components/StatusQueueScreen.tsx').then((module) => ({ default: module.StatusQueueScreen })));
const ReconciliationScreen = lazy(() => import('../features/reconciliation/components/ReconciliationScreen.tsx').then((module) => ({ default: module.ReconciliationScreen })));
const AuditScreen = lazy(() => import('../features/audit/components/AuditScreen.tsx').then((module) => ({ default: module.AuditScreen })));
const DesktopNotificationsPanel = lazy(() => import('../features/desktop-notifications/components/DesktopNotificationsPanel.tsx').then((module) => ({ default: module.DesktopNotificationsPanel })));
const DashboardScreen = lazy(() => import('../features/dashboard/components/DashboardScreen.tsx').then((module) => ({ default: module.DashboardScreen })));
const ApprovalsScreen = lazy(() => import('../features/approvals/components/ApprovalsScreen.tsx').then((module) => ({ default: module.ApprovalsScreen })));
const OperatorsScreen = lazy(() => import('../features/operators/components/OperatorsScreen.tsx').then((module) => ({ default: module.OperatorsScreen })));
const MitBatchScreen = lazy(() => import('../features/mit-batches/components/MitBatchScreen.tsx').then((module) => ({ default: module.MitBatchScreen })));

const selectConnection = (state: WorkspaceState) => state.connection;
const NO_NOTICES: readonly string[] = [];
const selectNotices = (state: WorkspaceState) => state.appInfo?.notices ?? NO_NOTICES;

export function App() {
  const t = useT();
  const connection = useWorkspace(selectConnection);
  const sandbox = useWorkspace(selectIsSandbox);
  const notices = useWorkspace(selectNotices);
  const operatorUnknown = useOperatorRightsError();

  useEffect(() => {
    void workspaceStore.getState().connect();
    const offProfiles = subscribe('profiles:changed', () => void workspaceStore.getState().reloadProfiles());
    // A restarted core may serve its receiver and sandbox on other ports: read them again.
    const offCore = subscribe('core:availability', (change) => {
      if (change.available) void workspaceStore.getState().connect();
    });
    return () => {
      offProfiles();
      offCore();
    };
  }, []);
  usePollerSummarySync();
  useOperatorRightsSync();
  usePendingApprovalsSync();
  useSettlementEvents();

  if (connection === 'connecting' && workspaceStore.getState().appInfo === null) {
    return (
      <main className="splash" aria-busy="true">
        <p>{t('app.loading')}</p>
      </main>
    );
  }
  if (connection === 'unreachable') return <CoreUnreachable />;

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <TopBar />
      {sandbox && (
        <div className="sandbox-banner" role="note" data-testid="sandbox-banner">
          {t('sandbox.banner')}
        </div>
      )}
      {notices.length > 0 && (
        <div className="core-notices" role="alert" data-testid="core-notices">
          <ul>
            {notices.map((notice) => (
              <li key={notice}>{notice}</li>
            ))}
          </ul>
        </div>
      )}
      {operatorUnknown !== null && (
        <div className="core-notices" role="alert" data-testid="operator-unknown">
          <p>{t('rights.unknown', { message: operatorUnknown.message })}</p>
        </div>
      )}
      <main id="main-content" className="main-content" tabIndex={-1}>
        <Suspense fallback={<ScreenLoading />}>
          <CurrentScreen />
        </Suspense>
      </main>
      <SettlementToasts />
    </div>
  );
}

function CurrentScreen() {
  const { route, changing } = useRouteChange();
  return (
    // The screen being left stays on show until the next is ready, but takes no input meanwhile.
    <div className="screen-frame" inert={changing} aria-busy={changing}>
      <ScreenOf route={route} />
    </div>
  );
}

function ScreenOf({ route }: { readonly route: Route }) {
  switch (route.name) {
    case 'payment':
      return <PaymentDetailScreen key={route.paymentId} paymentId={route.paymentId} />;
    case 'new-payment':
      return <NewPaymentScreen />;
    case 'settings':
      return (
        <SettingsScreen>
          <DesktopNotificationsPanel />
        </SettingsScreen>
      );
    case 'stored':
      return <StoredCredentialsScreen preselectedTokenId={route.tokenId} />;
    case 'sandbox':
      return <SandboxToolsScreen />;
    case 'queue':
      return <StatusQueueScreen />;
    case 'reconciliation':
      return <ReconciliationScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'batches':
      return <MitBatchScreen />;
    case 'approvals':
      return <ApprovalsScreen />;
    case 'operators':
      return <OperatorsScreen />;
    case 'transactions':
      return <TransactionsScreen />;
    case 'dashboard':
      return <DashboardScreen />;
    case 'home':
      return <LandingScreen />;
  }
}

function ScreenLoading() {
  const t = useT();
  return (
    <p className="muted" aria-busy="true">
      {t('common.loading')}
    </p>
  );
}
