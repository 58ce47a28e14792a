import { lazy, Suspense, useEffect } from 'react';
import { subscribe } from '../api/client.ts';
import { useT } from '../i18n/locale-store.ts';
import { useRoute } from '../routing/use-route.ts';
import { selectIsSandbox, type WorkspaceState } from '../stores/workspace-store.ts';
import { useWorkspace, workspaceStore } from '../stores/workspace.ts';
import { TransactionsScreen } from '../features/transactions/components/TransactionsScreen.tsx';
import { PaymentDetailScreen } from '../features/payment-detail/components/PaymentDetailScreen.tsx';
import { NewPaymentScreen } from '../features/new-payment/components/NewPaymentScreen.tsx';
import { SettingsScreen } from '../features/settings/components/SettingsScreen.tsx';
import { StoredCredentialsScreen } from '../features/stored-credentials/components/StoredCredentialsScreen.tsx';
import { SandboxToolsScreen } from '../features/sandbox-tools/components/SandboxToolsScreen.tsx';
import { StatusQueueScreen } from '../features/status-queue/components/StatusQueueScreen.tsx';
import { ReconciliationScreen } from '../features/reconciliation/components/ReconciliationScreen.tsx';
import { AuditScreen } from '../features/audit/components/AuditScreen.tsx';
import { DesktopNotificationsPanel } from '../features/desktop-notifications/components/DesktopNotificationsPanel.tsx';
import { SettlementToasts } from '../features/desktop-notifications/components/SettlementToasts.tsx';
import { useSettlementEvents } from '../features/desktop-notifications/hooks/use-settlement-events.ts';
import { usePollerSummarySync } from '../queries/use-poller-summary.ts';
import { DashboardScreen } from '../features/dashboard/components/DashboardScreen.tsx';
import { CoreUnreachable } from './CoreUnreachable.tsx';
import { LandingScreen } from './LandingScreen.tsx';
import { TopBar } from './TopBar.tsx';

// Loaded when first opened: an operator who never charges a batch never downloads its screen.
const MitBatchScreen = lazy(() => import('../features/mit-batches/components/MitBatchScreen.tsx').then((module) => ({ default: module.MitBatchScreen })));

const selectConnection = (state: WorkspaceState) => state.connection;
const NO_NOTICES: readonly string[] = [];
const selectNotices = (state: WorkspaceState) => state.appInfo?.notices ?? NO_NOTICES;

export function App() {
  const t = useT();
  const connection = useWorkspace(selectConnection);
  const sandbox = useWorkspace(selectIsSandbox);
  const notices = useWorkspace(selectNotices);

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
      <main id="main-content" className="main-content" tabIndex={-1}>
        <CurrentScreen />
      </main>
      <SettlementToasts />
    </div>
  );
}

function CurrentScreen() {
  const route = useRoute();
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
      return (
        <Suspense fallback={<ScreenLoading />}>
          <MitBatchScreen />
        </Suspense>
      );
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
