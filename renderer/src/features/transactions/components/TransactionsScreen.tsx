import { useEffect } from 'react';
import { useT } from '../../../i18n/locale-store.ts';
import { routeHref } from '../../../routing/route.ts';
import { useRoute } from '../../../routing/use-route.ts';
import { transactionsStore } from '../stores/transactions.ts';
import { usePaymentChangedRefresh, useLiveSearch } from '../hooks/use-live-search.ts';
import { useProfileEnvironment, useSavedViews } from '../hooks/use-list-defaults.ts';
import { ColumnPicker } from './ColumnPicker.tsx';
import { FilterBar } from './FilterBar.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { SavedViewsMenu } from './SavedViewsMenu.tsx';
import { SearchBox } from './SearchBox.tsx';
import { TransactionList } from './TransactionList.tsx';

export function TransactionsScreen() {
  const t = useT();
  useLiveSearch();
  usePaymentChangedRefresh();
  useStatusFromRoute();
  useProfileEnvironment();
  useSavedViews();
  return (
    <section className="transactions-screen" aria-labelledby="transactions-title">
      <div className="list-toolbar">
        <h1 id="transactions-title">{t('transactions.title')}</h1>
        <SavedViewsMenu />
        <ColumnPicker />
        <ImportPanel />
      </div>
      <SearchBox />
      <FilterBar />
      <TransactionList />
    </section>
  );
}

/**
 * `#/transactions?status=needs_review` sets the filter once, then the address goes back to the
 * plain list so the operator's own filter changes are not contradicted by it, and following the
 * same link again applies it again.
 */
function useStatusFromRoute(): void {
  const route = useRoute();
  const status = route.name === 'transactions' ? route.status : undefined;
  useEffect(() => {
    if (status === undefined) return;
    transactionsStore.getState().showOnlyStatus(status);
    window.history.replaceState(window.history.state, '', routeHref({ name: 'transactions' }));
    // replaceState fires no event; the route readers must see the plain address, or the next click
    // on the same link would look like no change to them.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }, [status]);
}
