import { useEffect } from 'react';
import { useT } from '../../../i18n/locale-store.ts';
import { routeHref } from '../../../routing/route.ts';
import { useRoute } from '../../../routing/use-route.ts';
import { transactionsStore } from '../stores/transactions.ts';
import { filtersOfLink } from '../utils/search-input.ts';
import { usePaymentChangedRefresh } from '../hooks/use-payments-list.ts';
import { ExportPanel } from './ExportPanel.tsx';
import { useProfileEnvironment, useSavedViews } from '../hooks/use-list-defaults.ts';
import { ColumnPicker } from './ColumnPicker.tsx';
import { FilterBar } from './FilterBar.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';
import { SavedViewsMenu } from './SavedViewsMenu.tsx';
import { SearchBox } from './SearchBox.tsx';
import { TransactionList } from './TransactionList.tsx';

export function TransactionsScreen() {
  const t = useT();
  const rights = useOperatorRights();
  usePaymentChangedRefresh();
  useLinkFromRoute();
  useProfileEnvironment();
  useSavedViews();
  return (
    <section className="transactions-screen" aria-labelledby="transactions-title">
      <div className="list-toolbar">
        <h1 id="transactions-title">{t('transactions.title')}</h1>
        <SavedViewsMenu />
        <ColumnPicker />
        <ExportPanel />
        {rights.may('recon') && <ImportPanel />}
      </div>
      <SearchBox />
      <FilterBar />
      <TransactionList />
    </section>
  );
}

/**
 * `#/transactions?status=needs_review` (or a dashboard chart's link) sets the filters once, then
 * the address goes back to the plain list so the operator's own filter changes are not
 * contradicted by it, and following the same link again applies it again.
 */
function useLinkFromRoute(): void {
  const route = useRoute();
  const link = route.name === 'transactions' ? route.link : undefined;
  // The link's text, so that one link applies once however often the screen renders.
  const linked = link === undefined ? undefined : routeHref({ name: 'transactions', link });
  useEffect(() => {
    if (link === undefined) return;
    transactionsStore.getState().showOnly(filtersOfLink(link));
    window.history.replaceState(window.history.state, '', routeHref({ name: 'transactions' }));
    // replaceState fires no event; the route readers must see the plain address, or the next click
    // on the same link would look like no change to them.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    // `link` is read through `linked`, its text: a new object for the same link is no change.
  }, [linked]);
}
